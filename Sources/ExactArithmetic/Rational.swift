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
public struct Rational: Sendable {
    @usableFromInline
    // Unchecked because of the storage class: it is never mutated once a value holds it
    // shared (every write goes through the copy-on-write check), so sharing it is safe.
    enum Representation: @unchecked Sendable {
        /// numerator ≠ Int.min, denominator > 0, gcd(|numerator|, denominator) = 1.
        case small(Int, Int)
        /// A canonical value that does not fit `small`.
        case large(RationalStorage)
    }

    @usableFromInline
    var representation: Representation

    @inlinable
    init(representation: Representation) { self.representation = representation }

    /// Wraps fresh, canonical GMP storage, demoting it when it fits a word.
    @usableFromInline
    init(normalizing storage: RationalStorage) {
        if let n = smallValue(of: storage.numerator), let d = smallValue(of: storage.denominator) {
            representation = .small(n, d)
        } else {
            representation = .large(storage)
        }
        _checkInvariants()
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
            representation = .small(value, 1)
        }
    }

    /// The integer `value`.
    public init(_ value: BigInt) {
        switch value.representation {
        case .small(let n): representation = .small(n, 1)
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
            representation = numerator == 0 ? .small(0, 1) : .small(sign * (numerator / g), sign * (denominator / g))
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
        switch representation {
        case .small(let n, let d): return try withTemporaryMPQ(n, d, body)
        case .large(let storage): return try body(storage.pointer)
        }
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
        switch representation {
        case .small(_, let d): return d == 1
        case .large(let storage): return __gmpz_cmp_ui(storage.denominator, 1) == 0
        }
    }

    /// -1, 0 or 1 according to the sign.
    public var signum: Int {
        switch representation {
        case .small(let n, _): return n.signum()
        case .large(let storage): return Int(cgmp_mpq_sgn(storage.pointer))
        }
    }

    /// `true` for zero.
    @inlinable
    public var isZero: Bool {
        if case .small(0, _) = representation { return true }
        return false
    }

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
        switch (representation, other.representation) {
        case (.small(let n, let d), .small(let m, let e)): return n == m && d == e
        case (.large(let a), .large(let b)): return a === b
        default: return false
        }
    }

    /// `true` when the value is held inline, without GMP storage (for tests and benchmarks).
    public var isInline: Bool {
        if case .small = representation { return true }
        return false
    }

    /// The total number of bits in numerator and denominator, a measure of size.
    ///
    /// ```swift
    /// Rational(3, 8).bitLength  // 6
    /// ```
    @inlinable
    public var bitLength: Int {
        switch representation {
        case .small(let n, let d):
            return Self.inlineBitLength(n, d)
        case .large(let storage):
            return storage.bitLength
        }
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
        switch representation {
        case .small(let n, let d):
            return Self.inlineBitLength(n, d)
        case .large(let storage):
            return storage.limbCount * 64
        }
    }
}
