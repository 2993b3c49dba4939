import CGMP
import RealModule

// The inline fast path: word-sized fractions with overflow checks, using the
// Henrici/Knuth gcd tricks so intermediate products stay as small as possible.
// Any overflow falls through to GMP, whose result is demoted again when it fits.

@usableFromInline
enum SmallFraction {
    /// a/b + c/d (Knuth, TAOCP 4.5.1): with g = gcd(b, d), only g can be shared
    /// by the new numerator and denominator.
    @inlinable @inline(__always)
    static func add(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> (Int, Int)? {
        let g = Int(binaryGCD(UInt(b), UInt(d)))
        if g == 1 {
            let (ad, o1) = a.multipliedReportingOverflow(by: d)
            let (cb, o2) = c.multipliedReportingOverflow(by: b)
            let (n, o3) = ad.addingReportingOverflow(cb)
            let (den, o4) = b.multipliedReportingOverflow(by: d)
            if o1 || o2 || o3 || o4 || n == .min { return nil }
            return (n, den)
        }
        let bg = b / g
        let dg = d / g
        let (t1, o1) = a.multipliedReportingOverflow(by: dg)
        let (t2, o2) = c.multipliedReportingOverflow(by: bg)
        let (t, o3) = t1.addingReportingOverflow(t2)
        if o1 || o2 || o3 || t == .min { return nil }
        if t == 0 { return (0, 1) }
        let g2 = Int(binaryGCD(t.magnitude, UInt(g)))
        let (den, o4) = bg.multipliedReportingOverflow(by: d / g2)
        if o4 { return nil }
        return (t / g2, den)
    }

    /// (a/b)(c/d) with cross gcds, so the product is already in lowest terms.
    @inlinable @inline(__always)
    static func multiply(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> (Int, Int)? {
        if a == 0 || c == 0 { return (0, 1) }
        let g1 = Int(binaryGCD(a.magnitude, UInt(d)))
        let g2 = Int(binaryGCD(c.magnitude, UInt(b)))
        let (n, o1) = (a / g1).multipliedReportingOverflow(by: c / g2)
        let (den, o2) = (b / g2).multipliedReportingOverflow(by: d / g1)
        if o1 || o2 || n == .min { return nil }
        return (n, den)
    }

    /// (a/b) / (c/d) for c ≠ 0: the reciprocal of a small value is small.
    @inlinable @inline(__always)
    static func divide(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> (Int, Int)? {
        c < 0 ? multiply(a, b, -d, -c) : multiply(a, b, d, c)
    }
}

extension Rational: AdditiveArithmetic, Numeric, SignedNumeric, AlgebraicField {
    /// The absolute value has the same type.
    public typealias Magnitude = Rational
    /// Integer literals are read as machine integers, then converted exactly.
    public typealias IntegerLiteralType = Int

    /// Zero.
    @inlinable
    public static var zero: Rational { Rational(_inline: 0, 1) }

    /// One.
    @inlinable
    public static var one: Rational { Rational(_inline: 1, 1) }

    /// Creates a value from any binary integer; always succeeds.
    ///
    /// ```swift
    /// Rational(exactly: UInt64.max)!   // 18446744073709551615
    /// ```
    public init?<T: BinaryInteger>(exactly source: T) {
        self.init(BigInt(source))
    }

    /// The absolute value.
    public var magnitude: Rational { signum < 0 ? -self : self }

    /// The exact sum.
    @inlinable public static func + (lhs: Rational, rhs: Rational) -> Rational { combine(lhs, rhs, .add) }
    /// The exact difference.
    @inlinable public static func - (lhs: Rational, rhs: Rational) -> Rational { combine(lhs, rhs, .subtract) }
    /// The exact product.
    @inlinable public static func * (lhs: Rational, rhs: Rational) -> Rational { combine(lhs, rhs, .multiply) }

    /// Exact division; dividing by zero is a precondition failure. Use
    /// ``dividing(by:)`` where a zero divisor must be reported, not trapped.
    @inlinable public static func / (lhs: Rational, rhs: Rational) -> Rational { combine(lhs, rhs, .divide) }

    /// The exact difference.
    @inlinable
    public static prefix func - (operand: Rational) -> Rational {
        if operand._isInline { return Rational(_inline: -operand._word, operand._denominatorWord) }
        return Rational(takingOwnershipOf: { __gmpq_neg($0, operand._mpq) })
    }

    /// Adds `rhs` to `lhs` in place, exactly.
    @inlinable public static func += (lhs: inout Rational, rhs: Rational) { lhs.form(.add, rhs) }
    /// Subtracts `rhs` from `lhs` in place, exactly.
    @inlinable public static func -= (lhs: inout Rational, rhs: Rational) { lhs.form(.subtract, rhs) }
    /// Multiplies `lhs` by `rhs` in place, exactly.
    @inlinable public static func *= (lhs: inout Rational, rhs: Rational) { lhs.form(.multiply, rhs) }
    /// Divides `lhs` by `rhs` in place, exactly; a zero divisor is a precondition failure.
    @inlinable public static func /= (lhs: inout Rational, rhs: Rational) { lhs.form(.divide, rhs) }

    /// Negates in place.
    public mutating func negate() { self = -self }

    /// `1/self`, or `nil` for zero.
    ///
    /// ```swift
    /// Rational(-3, 8).reciprocal   // Optional(-8/3)
    /// ```
    public var reciprocal: Rational? {
        if isZero { return nil }
        if _isInline {
            let (n, d) = (_word, _denominatorWord)
            return n < 0 ? Rational(_inline: -d, -n) : Rational(_inline: d, n)
        }
        return Rational(takingOwnershipOf: { __gmpq_inv($0, _mpq) })
    }

    /// Exact division that reports a zero divisor instead of trapping.
    ///
    /// ```swift
    /// let q = try Rational(1).dividing(by: Rational(3))   // 1/3
    /// ```
    public func dividing(by divisor: Rational) throws(RationalError) -> Rational {
        guard !divisor.isZero else { throw .divisionByZero }
        return self / divisor
    }

    /// `self` raised to an integer power; a negative power of zero is a precondition failure.
    ///
    /// ```swift
    /// Rational(-2, 3).power(3)    // -8/27
    /// Rational(2, 3).power(-2)    // 9/4
    /// ```
    public func power(_ exponent: Int) -> Rational {
        if exponent < 0 {
            guard let inverse = reciprocal else { preconditionFailure("Rational: zero to a negative power") }
            precondition(exponent != .min, "Rational.power: exponent out of range")
            return inverse.power(-exponent)
        }
        // Numerator and denominator stay coprime, so each is powered on its own.
        return withMPQ { q in
            Rational(takingOwnershipOf: { r in
                __gmpz_pow_ui(cgmp_mpq_numref(r), cgmp_mpq_numref_const(q), UInt(exponent))
                __gmpz_pow_ui(cgmp_mpq_denref(r), cgmp_mpq_denref_const(q), UInt(exponent))
            })
        }
    }

    /// Sets `self` to `a ∘ b`, writing into this value's GMP storage when it owns it
    /// unshared, so a loop that overwrites the same variable allocates nothing.
    ///
    /// ```swift
    /// var r = Rational.zero
    /// r.store(Rational(1, 3), Rational(1, 6), .add)   // 1/2
    /// ```
    @inlinable
    public mutating func store(_ a: Rational, _ b: Rational, _ operation: FieldOperation) {
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in store(a, b, operation) } }
    }

    /// ``store(_:_:_:)-(Rational,_,_)`` with the operands read where they are: a value
    /// read out of a buffer into a variable is a copy, whose storage Swift retains and releases
    /// around every call into GMP. `a` and `b` may point at `self`.
    ///
    /// ```swift
    /// var (r, values) = (Rational.zero, [Rational(1, 3), Rational(1, 6)])
    /// values.withUnsafeBufferPointer { v in r.store(v.baseAddress!, v.baseAddress! + 1, .add) }   // 1/2
    /// ```
    @inlinable
    public mutating func store(_ a: UnsafePointer<Rational>, _ b: UnsafePointer<Rational>, _ operation: FieldOperation)
    {
        let (aw, ad, bw, bd) = (
            a.pointee._word, a.pointee._denominatorWord, b.pointee._word, b.pointee._denominatorWord
        )
        if ad != 0 && bd != 0, let (n, d) = operation.small(aw, ad, bw, bd) {
            _storeInline(n, d)
            return
        }
        storeLarge(a, b, operation)
    }

    /// `a ∘ b` as a new value: the kernel behind `+`, `-`, `*` and `/`.
    @inlinable
    static func combine(_ a: Rational, _ b: Rational, _ operation: FieldOperation) -> Rational {
        var result = Rational.zero
        result.store(a, b, operation)
        return result
    }

    /// `self = self ∘ rhs`, in place when this value owns its storage: the kernel behind `+=` and friends.
    @inlinable
    mutating func form(_ operation: FieldOperation, _ rhs: Rational) {
        if _isInline && rhs._isInline,
            let (n, d) = operation.small(_word, _denominatorWord, rhs._word, rhs._denominatorWord)
        {
            _storeInline(n, d)
            return
        }
        formLarge(operation, rhs)
    }

    @usableFromInline
    mutating func storeLarge(_ a: UnsafePointer<Rational>, _ b: UnsafePointer<Rational>, _ operation: FieldOperation) {
        let (aw, ad, bw, bd) = (
            a.pointee._word, a.pointee._denominatorWord, b.pointee._word, b.pointee._denominatorWord
        )
        if let shortcut = operation.shortcut(aw, ad, bw, bd) {
            switch shortcut {
            case .first: self._storeCopy(ofWords: aw, ad, a)
            case .negatedFirst: self = -a.pointee
            case .second: self._storeCopy(ofWords: bw, bd, b)
            case .negatedSecond: self = -b.pointee
            case .zero: _storeInline(0, 1)
            }
            return
        }
        // The operands' GMP values are read before this value's storage is taken (either may
        // be `self`), and stay alive through the call: the taken storage, or `self`, holds them.
        Rational._withMPQ(aw, ad) { pa in
            Rational._withMPQ(bw, bd) { pb in
                // GMP allows the output to alias an input.
                var held = -1
                let storage = _storageForWriting(heldExponent: &held)
                let exponent = operation.gmp(storage.pointer, pa, pb, held)
                _store(normalizing: storage, exponent: exponent)
            }
        }
    }

    @usableFromInline
    mutating func formLarge(_ operation: FieldOperation, _ rhs: Rational) {
        let (rw, rd) = (rhs._word, rhs._denominatorWord)
        // In place only over a large value: an inline value's spare holds no operand.
        var held = -1
        if !_isInline, operation.shortcut(_word, _denominatorWord, rw, rd) == nil,
            let storage = _takeUniqueStorage(heldExponent: &held)
        {
            let exponent = Rational._withMPQ(rw, rd) { operation.gmp(storage.pointer, storage.pointer, $0, held) }
            _store(normalizing: storage, exponent: exponent)
        } else {
            let lhs = self
            withUnsafePointer(to: lhs) { l in withUnsafePointer(to: rhs) { r in storeLarge(l, r, operation) } }
        }
    }

    /// Runs `body` with a read-only `mpq_t` for a value's words (``_word``, ``_denominatorWord``),
    /// which the caller keeps alive.
    @inlinable
    static func _withMPQ<R>(
        _ word: Int, _ denominator: Int, _ body: (UnsafePointer<__mpq_struct>) throws -> R
    ) rethrows -> R {
        if denominator != 0 { return try withTemporaryMPQ(word, denominator, body) }
        return try body(_mpq(word))
    }

    /// Runs `body` with a read-only `mpz_t` for the numerator of a value's words.
    @inlinable
    static func _withNumerator<R>(_ word: Int, _ denominator: Int, _ body: (UnsafePointer<__mpz_struct>) -> R) -> R {
        if denominator != 0 { return withTemporaryMPZ(word, body) }
        return body(cgmp_mpq_numref(_mpq(word)))
    }

    /// log₂ of the denominator of a value's words when it is a power of two.
    @inlinable
    static func _dyadicExponent(_ word: Int, _ denominator: Int) -> Int? {
        if denominator != 0 {
            return denominator & (denominator &- 1) == 0 ? denominator.trailingZeroBitCount : nil
        }
        let exponent = RationalStorage.denominatorExponent(at: _mpq(word))
        return exponent >= 0 ? exponent : nil
    }

    /// Takes this value's GMP storage (its large value's, or an inline value's spare) for
    /// writing when no other value shares it and GMP manages its limbs (the copy-on-write
    /// check, in one place). `self` is then zero until the caller stores a result; otherwise
    /// `self` is unchanged and the result is `nil`. `heldExponent` is set to the exponent the
    /// storage recorded for the power of two its denominator holds (−1: unknown, or not one),
    /// which a dyadic result with that exponent leaves in place (``normalizeDyadic(_:exponent:current:)``).
    @usableFromInline
    mutating func _takeUniqueStorage(heldExponent: inout Int) -> RationalStorage? {
        guard isKnownUniquelyReferenced(&_storage), _storage.unsafelyUnwrapped.isWritable else { return nil }
        _word = 0
        _denominatorWord = 1
        let storage = _storage.take().unsafelyUnwrapped  // moved out: no reference count changes
        heldExponent = RationalStorage.denominatorExponent(at: storage.pointer)
        storage.unpublish()
        return storage
    }

    /// Storage to write a result into: this value's own, taken when nothing shares it
    /// (``_takeUniqueStorage(heldExponent:)``, which sets `heldExponent`; `taken` is then true),
    /// else a new one. Returned from the binding, not through `??`: an optional's payload read
    /// out would be retained, and released when the optional goes, on every result computed in place.
    @usableFromInline @inline(__always)
    mutating func _storageForWriting(heldExponent: inout Int, taken: inout Bool) -> RationalStorage {
        if let storage = _takeUniqueStorage(heldExponent: &heldExponent) {
            taken = true
            return storage
        }
        taken = false
        return RationalStorage.make()
    }

    /// ``_storageForWriting(heldExponent:taken:)`` for a caller that writes the whole value.
    @usableFromInline @inline(__always)
    mutating func _storageForWriting(heldExponent: inout Int) -> RationalStorage {
        var taken = false
        return _storageForWriting(heldExponent: &heldExponent, taken: &taken)
    }

    /// ``_takeUniqueStorage(heldExponent:)`` for a caller that writes the denominator anyway.
    @usableFromInline
    mutating func _takeUniqueStorage() -> RationalStorage? {
        var held = -1
        return _takeUniqueStorage(heldExponent: &held)
    }
}

/// The four field operations, each with its inline fast path, its free shortcuts and
/// its GMP kernel: `+`, `+=` and ``Rational/store(_:_:_:)-(Rational,_,_)`` are all built from these.
///
/// ```swift
/// var r = Rational.zero
/// r.store(Rational(1, 2), Rational(3, 4), .multiply)   // 3/8
/// ```
public enum FieldOperation: Sendable {
    /// a + b.
    case add
    /// a - b.
    case subtract
    /// a · b.
    case multiply
    /// a / b; a zero divisor is a precondition failure.
    case divide

    /// The result on the inline path, or `nil` when a word overflows.
    @inlinable @inline(__always)
    func small(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> (Int, Int)? {
        switch self {
        case .add: return SmallFraction.add(a, b, c, d)
        case .subtract: return SmallFraction.add(a, b, -c, d)
        case .multiply: return SmallFraction.multiply(a, b, c, d)
        case .divide:
            precondition(c != 0, "Rational division by zero")
            return SmallFraction.divide(a, b, c, d)
        }
    }

    /// Which operand (perhaps negated) a result is when it needs no GMP call: adding 0,
    /// multiplying by 0 or ±1 (gradients are full of them), dividing by ±1.
    @usableFromInline
    enum Shortcut { case first, negatedFirst, second, negatedSecond, zero }

    /// The shortcut for operands given by their words (``Rational/_word``, ``Rational/_denominatorWord``).
    @inlinable
    func shortcut(_ aw: Int, _ ad: Int, _ bw: Int, _ bd: Int) -> Shortcut? {
        let aIsZero = ad != 0 && aw == 0
        let bIsZero = bd != 0 && bw == 0
        switch self {
        case .add:
            if bIsZero { return .first }
            if aIsZero { return .second }
        case .subtract:
            if bIsZero { return .first }
            if aIsZero { return .negatedSecond }
        case .multiply:
            if aIsZero || bIsZero { return .zero }
            if bd == 1 && (bw == 1 || bw == -1) { return bw == 1 ? .first : .negatedFirst }
            if ad == 1 && (aw == 1 || aw == -1) { return aw == 1 ? .second : .negatedSecond }
        case .divide:
            precondition(!bIsZero, "Rational division by zero")
            if bd == 1 && (bw == 1 || bw == -1) { return bw == 1 ? .first : .negatedFirst }
            if aIsZero { return .zero }
        }
        return nil
    }

    /// The GMP kernel (dyadic-aware for add, subtract and multiply): stores the canonical
    /// result in its first argument, whose denominator holds 2^(last argument) when that is ≥ 0,
    /// and returns the result's denominator exponent when it knows it (dyadic operands), else −1.
    @usableFromInline
    var gmp: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, Int) -> Int
    {
        switch self {
        case .add: return { exactAddOrSubtract($0, $1, $2, subtract: false, current: $3) }
        case .subtract: return { exactAddOrSubtract($0, $1, $2, subtract: true, current: $3) }
        case .multiply: return exactMultiply
        case .divide:
            return { r, a, b, _ in
                __gmpq_div(r, a, b)
                return -1
            }
        }
    }
}

/// Errors of exact arithmetic that callers may want to report rather than trap on.
public enum RationalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A division whose divisor was zero.
    case divisionByZero

    /// One line that says what went wrong.
    public var description: String {
        switch self {
        case .divisionByZero: return "division by zero"
        }
    }
}
