import CGMP

/// An exact rational number backed by GMP's `mpq_t`, always in lowest terms with a
/// positive denominator.
///
/// Values whose numerator and denominator fit a machine word (1/2, 3/8, -1/4) are
/// held inline and computed without GMP; larger values live in copy-on-write heap
/// storage. Results move between the two forms automatically.
///
/// ```swift
/// let a: Rational = 0.125          // decimal literals mean their decimal value
/// let b = Rational(1, 4)
/// print(a + b)                     // 3/8
/// print((a + b).latex)             // \frac{3}{8}
/// print(Double(a + b))             // 0.375
/// ```
public struct Rational: @unchecked Sendable {
    // Unchecked because of the storage class: it is never mutated once a value holds it
    // shared (every write goes through the copy-on-write check), so sharing it is safe.

    // Three words rather than an enum: a large value's `mpq_t` address is a plain word, so
    // reading a value (its sign, size, digits, or an operand of GMP) never touches its
    // reference count; an enum payload is retained and released around every read.

    /// Inline: the numerator (≠ Int.min). Large: the address of the storage's `mpq_t`, which
    /// never moves and lives as long as `_storage` does.
    @usableFromInline
    var _word: Int
    /// Inline: the denominator (> 0, coprime to the numerator). Large: 0.
    @usableFromInline
    var _denominatorWord: Int
    /// A large value's GMP storage. Inline: `nil`, or a spare: the storage a large value left
    /// when an operation stored a word-sized result over it, kept (as an `mpq_t` keeps its
    /// limbs) so that the next large result written here needs no allocation. A spare's
    /// contents mean nothing; it is reused only while nothing else holds it.
    @usableFromInline
    var _storage: RationalStorage?

    /// The two forms, for code that is not on a hot path (reading it retains large storage).
    @usableFromInline
    enum Representation {
        /// numerator ≠ Int.min, denominator > 0, gcd(|numerator|, denominator) = 1.
        case small(Int, Int)
        /// A canonical value that does not fit `small`.
        case large(RationalStorage)
    }

    @inlinable
    var representation: Representation {
        _denominatorWord != 0 ? .small(_word, _denominatorWord) : .large(_storage.unsafelyUnwrapped)
    }

    @inlinable
    init(representation: Representation) {
        switch representation {
        case .small(let n, let d): self.init(_inline: n, d)
        case .large(let storage): self.init(_large: storage)
        }
    }

    /// An inline value; the caller has made it canonical.
    @inlinable
    init(_inline numerator: Int, _ denominator: Int) {
        _word = numerator
        _denominatorWord = denominator
        _storage = nil
    }

    /// A large value held by `storage`, canonical and too large to be inline.
    @inlinable
    init(_large storage: RationalStorage) {
        _word = Int(bitPattern: storage.pointer)
        _denominatorWord = 0
        _storage = storage
    }

    /// Makes this value the canonical inline fraction `numerator / denominator`, keeping its
    /// storage as a spare: what every operation that stores a result in place uses (a slot that
    /// holds relu's zero one sample and a large value the next allocates nothing).
    @inlinable
    mutating func _storeInline(_ numerator: Int, _ denominator: Int) {
        // A spare is worth keeping only if it could be written: kept shared, it would stop the
        // value that shares it from computing in place.
        if _storage != nil && !(isKnownUniquelyReferenced(&_storage) && _storage.unsafelyUnwrapped.isWritable) {
            _storage = nil
        }
        _word = numerator
        _denominatorWord = denominator
    }

    /// Makes this value the canonical value in `storage` (which this value owns, taken by
    /// ``_takeUniqueStorage()`` or made for it): inline with `storage` as its spare when it fits
    /// a word, else large. `exponent` is the denominator's, when the caller knows it (≥ 0).
    @usableFromInline
    mutating func _store(normalizing storage: consuming RationalStorage, exponent: Int = -1) {
        if let n = smallValue(of: storage.numerator), let d = smallValue(of: storage.denominator) {
            _word = n
            _denominatorWord = d
            _storage = consume storage
        } else {
            if exponent >= 0 { storage.publish(exponent: exponent) } else { storage.publish() }
            self = Rational(_large: storage)
        }
        _checkInvariants()
    }

    /// Whether the value is inline (`_word` and `_denominatorWord` are its fraction).
    @inlinable
    var _isInline: Bool { _denominatorWord != 0 }

    /// A large value's `mpq_t`, valid while this value is alive and unchanged.
    @inlinable
    var _mpq: UnsafeMutablePointer<__mpq_struct> { Rational._mpq(_word) }

    /// The `mpq_t` a large value's word holds (the caller keeps the value alive).
    @inlinable
    static func _mpq(_ word: Int) -> UnsafeMutablePointer<__mpq_struct> {
        UnsafeMutablePointer(bitPattern: word).unsafelyUnwrapped
    }

    /// Wraps fresh, canonical GMP storage, demoting it when it fits a word.
    @usableFromInline
    init(normalizing storage: RationalStorage) {
        self.init(_inline: 0, 1)
        _store(normalizing: storage)
        if _isInline { _storage = nil }  // a new value carries no spare
    }

    /// Debug builds check that every value leaving GMP is canonical: lowest terms, a
    /// positive denominator, and inline whenever it fits a word.
    func _checkInvariants() {
        #if DEBUG
            switch representation {
            case .small(let n, let d):
                assert(d > 0 && n != .min, "Rational: denominator must be positive")
                assert(binaryGCD(n.magnitude, UInt(d)) == 1 || (n == 0 && d == 1), "Rational: not in lowest terms")
            case .large(let storage):
                assert(cgmp_mpz_sgn(storage.denominator) > 0, "Rational: denominator must be positive")
                assert(
                    RationalStorage.denominatorExponent(at: storage.pointer) == powerOfTwoExponent(storage.denominator)
                        ?? -1,
                    "Rational: the recorded denominator exponent is stale")
                assert(
                    smallValue(of: storage.numerator) == nil || smallValue(of: storage.denominator) == nil,
                    "Rational: a word-sized value must be held inline")
                // A gcd of million-bit values would dominate a debug run; smaller ones are cheap to check.
                if bitLength <= 1 << 16 {
                    var g = __mpz_struct()
                    __gmpz_init(&g)
                    __gmpz_gcd(&g, storage.numerator, storage.denominator)
                    assert(__gmpz_cmp_ui(&g, 1) == 0, "Rational: not in lowest terms")
                    __gmpz_clear(&g)
                }
            }
        #endif
    }

    /// Lets `initialize` write a canonical value into fresh GMP storage.
    @usableFromInline
    init(takingOwnershipOf initialize: (UnsafeMutablePointer<__mpq_struct>) -> Void) {
        let storage = RationalStorage.make()
        initialize(storage.pointer)
        self.init(normalizing: storage)
    }

    /// The integer `value`.
    ///
    /// ```swift
    /// let three = Rational(3)
    /// ```
    @inlinable
    public init(_ value: Int) {
        if value == .min {
            self = Rational(BigInt(value))
        } else {
            self.init(_inline: value, 1)
        }
    }

    /// The integer `value`.
    public init(_ value: BigInt) {
        switch value.representation {
        case .small(let n): self.init(_inline: n, 1)
        case .large(let storage):
            self = Rational(takingOwnershipOf: { __gmpq_set_z($0, storage.pointer) })
        }
    }

    /// The fraction `numerator / denominator`, reduced to lowest terms.
    /// A zero denominator is a precondition failure.
    ///
    /// ```swift
    /// Rational(6, -16)   // -3/8
    /// ```
    @inlinable
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational with a zero denominator")
        if numerator != .min && denominator != .min {
            let g = Int(binaryGCD(numerator.magnitude, denominator.magnitude))
            let sign = denominator < 0 ? -1 : 1
            if numerator == 0 {
                self.init(_inline: 0, 1)
            } else {
                self.init(_inline: sign * (numerator / g), sign * (denominator / g))
            }
        } else {
            self = Rational(BigInt(numerator), BigInt(denominator))
        }
    }

    /// The fraction `numerator / denominator`, reduced to lowest terms.
    /// A zero denominator is a precondition failure.
    ///
    /// ```swift
    /// Rational(BigInt(10).power(30), BigInt(4))   // 250000000000000000000000000000
    /// ```
    public init(_ numerator: BigInt, _ denominator: BigInt) {
        precondition(!denominator.isZero, "Rational with a zero denominator")
        if let n = numerator.exactInt, let d = denominator.exactInt, n != .min, d != .min {
            self.init(n, d)
            return
        }
        self.init(takingOwnershipOf: { q in
            numerator.withMPZ { __gmpz_set(cgmp_mpq_numref(q), $0) }
            denominator.withMPZ { __gmpz_set(cgmp_mpq_denref(q), $0) }
            __gmpq_canonicalize(q)
        })
    }

    /// Runs `body` with a read-only, canonical `mpq_t` holding this value.
    @usableFromInline
    func withMPQ<R>(_ body: (UnsafePointer<__mpq_struct>) throws -> R) rethrows -> R {
        try Rational._withMPQ(_word, _denominatorWord, body)
    }

    /// The numerator in lowest terms; carries the sign.
    ///
    /// ```swift
    /// Rational(-6, 16).numerator  // -3
    /// ```
    public var numerator: BigInt {
        switch representation {
        case .small(let n, _): return BigInt(n)
        case .large(let storage):
            return BigInt(takingOwnershipOf: { __gmpz_set($0, storage.numerator) })
        }
    }

    /// The denominator in lowest terms; always positive.
    ///
    /// ```swift
    /// Rational(-6, 16).denominator  // 8
    /// ```
    public var denominator: BigInt {
        switch representation {
        case .small(_, let d): return BigInt(d)
        case .large(let storage):
            return BigInt(takingOwnershipOf: { __gmpz_set($0, storage.denominator) })
        }
    }

    /// `true` when the denominator is 1.
    public var isInteger: Bool {
        if _isInline { return _denominatorWord == 1 }
        return __gmpz_cmp_ui(cgmp_mpq_denref(_mpq), 1) == 0
    }

    /// -1, 0 or 1 according to the sign.
    @inlinable
    public var signum: Int { Self._signum(_word, _denominatorWord) }

    /// The sign of a value given by its words (``signum``, ``signum(of:)``).
    @inlinable
    static func _signum(_ word: Int, _ denominator: Int) -> Int {
        if denominator != 0 { return word.signum() }
        return Int(_mpq(word).pointee._mp_num._mp_size.signum())
    }

    /// `true` for zero.
    @inlinable
    public var isZero: Bool { _isInline && _word == 0 }

    /// `true` when `other` is this very value: the same inline fraction, or the same GMP storage
    /// (a copy shares it). Answers in constant time; equal values computed apart answer `false`.
    ///
    /// ```swift
    /// let a = Rational(1, 3).power(200), b = a
    /// a.isIdentical(to: b)                      // true
    /// a.isIdentical(to: Rational(1, 3).power(200))   // false, though a == it
    /// ```
    @inlinable
    public func isIdentical(to other: Rational) -> Bool {
        // A large value's word is its storage's address: equal words, the same storage.
        _word == other._word && _denominatorWord == other._denominatorWord
    }

    /// `true` when the value is held inline, without GMP storage (for tests and benchmarks).
    @inlinable
    public var isInline: Bool { _isInline }

    /// The total number of bits in numerator and denominator, a measure of size.
    ///
    /// ```swift
    /// Rational(3, 8).bitLength  // 6
    /// ```
    @inlinable
    public var bitLength: Int {
        if _isInline { return Self.inlineBitLength(_word, _denominatorWord) }
        return __gmpz_sizeinbase(cgmp_mpq_numref(_mpq), 2) + __gmpz_sizeinbase(cgmp_mpq_denref(_mpq), 2)
    }

    /// Bits of an inline numerator and denominator.
    @inlinable
    static func inlineBitLength(_ n: Int, _ d: Int) -> Int {
        2 * Int.bitWidth - n.magnitude.leadingZeroBitCount - d.leadingZeroBitCount
    }

    /// An upper bound on ``bitLength`` read without asking GMP: exact for inline values, whole
    /// 64-bit limbs for large ones. Size checks on hot paths use it, and ask for the exact
    /// length only when the bound is too large.
    ///
    /// ```swift
    /// Rational(3, 8).bitLengthBound   // 6
    /// ```
    @inlinable
    public var bitLengthBound: Int {
        if _isInline { return Self.inlineBitLength(_word, _denominatorWord) }
        let q = _mpq.pointee
        return (Int(q._mp_num._mp_size.magnitude) + Int(q._mp_den._mp_size)) * 64
    }
}
