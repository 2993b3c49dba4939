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
    static func add(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Rational.Representation? {
        let g = Int(binaryGCD(UInt(b), UInt(d)))
        if g == 1 {
            let (ad, o1) = a.multipliedReportingOverflow(by: d)
            let (cb, o2) = c.multipliedReportingOverflow(by: b)
            let (n, o3) = ad.addingReportingOverflow(cb)
            let (den, o4) = b.multipliedReportingOverflow(by: d)
            if o1 || o2 || o3 || o4 || n == .min { return nil }
            return .small(n, den)
        }
        let bg = b / g
        let dg = d / g
        let (t1, o1) = a.multipliedReportingOverflow(by: dg)
        let (t2, o2) = c.multipliedReportingOverflow(by: bg)
        let (t, o3) = t1.addingReportingOverflow(t2)
        if o1 || o2 || o3 || t == .min { return nil }
        if t == 0 { return .small(0, 1) }
        let g2 = Int(binaryGCD(t.magnitude, UInt(g)))
        let (den, o4) = bg.multipliedReportingOverflow(by: d / g2)
        if o4 { return nil }
        return .small(t / g2, den)
    }

    /// (a/b)(c/d) with cross gcds, so the product is already in lowest terms.
    @inlinable @inline(__always)
    static func multiply(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Rational.Representation? {
        if a == 0 || c == 0 { return .small(0, 1) }
        let g1 = Int(binaryGCD(a.magnitude, UInt(d)))
        let g2 = Int(binaryGCD(c.magnitude, UInt(b)))
        let (n, o1) = (a / g1).multipliedReportingOverflow(by: c / g2)
        let (den, o2) = (b / g2).multipliedReportingOverflow(by: d / g1)
        if o1 || o2 || n == .min { return nil }
        return .small(n, den)
    }

    /// (a/b) / (c/d) for c ≠ 0: the reciprocal of a small value is small.
    @inlinable @inline(__always)
    static func divide(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Rational.Representation? {
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
    public static var zero: Rational { Rational(representation: .small(0, 1)) }

    /// One.
    @inlinable
    public static var one: Rational { Rational(representation: .small(1, 1)) }

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
        switch operand.representation {
        case .small(let n, let d): return Rational(representation: .small(-n, d))
        case .large(let storage):
            return Rational(takingOwnershipOf: { __gmpq_neg($0, storage.pointer) })
        }
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
        switch representation {
        case .small(0, _): return nil
        case .small(let n, let d): return Rational(representation: n < 0 ? .small(-d, -n) : .small(d, n))
        case .large(let storage): return Rational(takingOwnershipOf: { __gmpq_inv($0, storage.pointer) })
        }
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
        if case .small(let p, let q) = a.representation, case .small(let r, let s) = b.representation,
            let small = operation.small(p, q, r, s)
        {
            representation = small
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
        if case .small(let p, let q) = representation, case .small(let r, let s) = rhs.representation,
            let small = operation.small(p, q, r, s)
        {
            representation = small
            return
        }
        formLarge(operation, rhs)
    }

    @usableFromInline
    mutating func storeLarge(_ a: Rational, _ b: Rational, _ operation: FieldOperation) {
        if let shortcut = operation.shortcut(a, b) {
            self = shortcut
        } else if let storage = _takeUniqueStorage() {
            // GMP allows the output to alias an input.
            a.withMPQ { pa in b.withMPQ { pb in operation.gmp(storage.pointer, pa, pb) } }
            self = Rational(normalizing: storage)
        } else {
            let result = RationalStorage.make()
            switch (a.representation, b.representation) {
            case let (.large(x), .large(y)): operation.gmp(result.pointer, x.pointer, y.pointer)
            default: a.withMPQ { pa in b.withMPQ { pb in operation.gmp(result.pointer, pa, pb) } }
            }
            self = Rational(normalizing: result)
        }
    }

    @usableFromInline
    mutating func formLarge(_ operation: FieldOperation, _ rhs: Rational) {
        if let shortcut = operation.shortcut(self, rhs) {
            self = shortcut
        } else if let storage = _takeUniqueStorage() {
            rhs.withMPQ { operation.gmp(storage.pointer, storage.pointer, $0) }
            self = Rational(normalizing: storage)
        } else {
            let lhs = self
            storeLarge(lhs, rhs, operation)
        }
    }

    /// Takes this value's GMP storage for writing when no other value shares it (the
    /// copy-on-write check, in one place). `self` is then zero until the caller stores a
    /// result; otherwise `self` is unchanged and the result is `nil`.
    @usableFromInline
    mutating func _takeUniqueStorage() -> RationalStorage? {
        guard case .large(var storage) = representation else { return nil }
        representation = .small(0, 1)  // drop our reference so uniqueness can be seen
        if isKnownUniquelyReferenced(&storage) { return storage }
        representation = .large(storage)
        return nil
    }
}

/// The four field operations, each with its inline fast path, its free shortcuts and
/// its GMP kernel: `+`, `+=` and ``Rational/store(_:_:_:)`` are all built from these.
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
    func small(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Rational.Representation? {
        switch self {
        case .add: return SmallFraction.add(a, b, c, d)
        case .subtract: return SmallFraction.add(a, b, -c, d)
        case .multiply: return SmallFraction.multiply(a, b, c, d)
        case .divide:
            precondition(c != 0, "Rational division by zero")
            return SmallFraction.divide(a, b, c, d)
        }
    }

    /// Results that need no GMP call: adding 0, multiplying by 0 or ±1 (gradients are
    /// full of them), dividing by ±1.
    @usableFromInline
    func shortcut(_ a: Rational, _ b: Rational) -> Rational? {
        switch self {
        case .add:
            if b.isZero { return a }
            if a.isZero { return b }
        case .subtract:
            if b.isZero { return a }
            if a.isZero { return -b }
        case .multiply:
            if case .small(let n, 1) = b.representation, n >= -1 && n <= 1 { return n == 0 ? .zero : (n == 1 ? a : -a) }
            if case .small(let n, 1) = a.representation, n >= -1 && n <= 1 { return n == 0 ? .zero : (n == 1 ? b : -b) }
        case .divide:
            precondition(!b.isZero, "Rational division by zero")
            if case .small(let n, 1) = b.representation, n == 1 || n == -1 { return n == 1 ? a : -a }
            if a.isZero { return .zero }
        }
        return nil
    }

    /// The GMP kernel (dyadic-aware for add, subtract and multiply).
    @usableFromInline
    var gmp: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void {
        switch self {
        case .add: return exactAdd
        case .subtract: return exactSubtract
        case .multiply: return exactMultiply
        case .divide: return __gmpq_div
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
