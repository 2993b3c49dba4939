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
        let bg = b / g, dg = d / g
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
    public typealias Magnitude = Rational
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

    @inlinable
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if case .small(let a, let b) = lhs.representation, case .small(let c, let d) = rhs.representation,
           let sum = SmallFraction.add(a, b, c, d) {
            return Rational(representation: sum)
        }
        // Adding zero to a large value must not cost a GMP call (reverse mode does it constantly).
        if rhs.isZero { return lhs }
        if lhs.isZero { return rhs }
        return gmp(lhs, rhs, exactAdd)
    }

    @inlinable
    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        if case .small(let a, let b) = lhs.representation, case .small(let c, let d) = rhs.representation,
           let difference = SmallFraction.add(a, b, -c, d) {
            return Rational(representation: difference)
        }
        if rhs.isZero { return lhs }
        if lhs.isZero { return -rhs }
        return gmp(lhs, rhs, exactSubtract)
    }

    @inlinable
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if case .small(let a, let b) = lhs.representation, case .small(let c, let d) = rhs.representation,
           let product = SmallFraction.multiply(a, b, c, d) {
            return Rational(representation: product)
        }
        // Multiplying by 0 or ±1 is free; gradients are full of both.
        if case .small(let n, 1) = rhs.representation, n >= -1 && n <= 1 { return n == 0 ? .zero : (n == 1 ? lhs : -lhs) }
        if case .small(let n, 1) = lhs.representation, n >= -1 && n <= 1 { return n == 0 ? .zero : (n == 1 ? rhs : -rhs) }
        return gmp(lhs, rhs, exactMultiply)
    }

    /// Exact division; dividing by zero is a precondition failure. Use
    /// ``dividing(by:)`` where a zero divisor must be reported, not trapped.
    @inlinable
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "Rational division by zero")
        if case .small(let a, let b) = lhs.representation, case .small(let c, let d) = rhs.representation,
           let quotient = SmallFraction.divide(a, b, c, d) {
            return Rational(representation: quotient)
        }
        if case .small(let n, 1) = rhs.representation, n == 1 || n == -1 { return n == 1 ? lhs : -lhs }
        if lhs.isZero { return .zero }
        return gmp(lhs, rhs, __gmpq_div)
    }

    @inlinable
    public static prefix func - (operand: Rational) -> Rational {
        switch operand.representation {
        case .small(let n, let d): return Rational(representation: .small(-n, d))
        case .large(let storage):
            return Rational(takingOwnershipOf: { __gmpq_neg($0, storage.pointer) })
        }
    }

    @inlinable public static func += (lhs: inout Rational, rhs: Rational) { lhs.formInPlace(rhs, exactAdd, +) }
    @inlinable public static func -= (lhs: inout Rational, rhs: Rational) { lhs.formInPlace(rhs, exactSubtract, -) }
    @inlinable public static func *= (lhs: inout Rational, rhs: Rational) { lhs.formInPlace(rhs, exactMultiply, *) }

    @inlinable
    public static func /= (lhs: inout Rational, rhs: Rational) {
        precondition(!rhs.isZero, "Rational division by zero")
        lhs.formInPlace(rhs, __gmpq_div, /)
    }

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

    /// The exact result of a GMP binary operation on any mix of representations.
    @usableFromInline
    static func gmp(
        _ lhs: Rational, _ rhs: Rational,
        _ operation: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
    ) -> Rational {
        let result = RationalStorage.make()
        switch (lhs.representation, rhs.representation) {
        case let (.large(a), .large(b)):
            operation(result.pointer, a.pointer, b.pointer)
        default:
            lhs.withMPQ { a in rhs.withMPQ { b in operation(result.pointer, a, b) } }
        }
        return Rational(normalizing: result)
    }

    /// The operations ``store(_:_:_:)`` can write into existing storage.
    public enum StoredOperation: Sendable { case add, subtract, multiply }

    /// Sets `self` to `a ∘ b`, writing into this value's GMP storage when it owns it
    /// unshared, so a loop that overwrites the same variable allocates nothing.
    ///
    /// ```swift
    /// var r = Rational.zero
    /// r.store(Rational(1, 3), Rational(1, 6), .add)   // 1/2
    /// ```
    @inlinable
    public mutating func store(_ a: Rational, _ b: Rational, _ operation: StoredOperation) {
        if case .small(let p, let q) = a.representation, case .small(let r, let s) = b.representation {
            let small: Representation?
            switch operation {
            case .add: small = SmallFraction.add(p, q, r, s)
            case .subtract: small = SmallFraction.add(p, q, -r, s)
            case .multiply: small = SmallFraction.multiply(p, q, r, s)
            }
            if let small { representation = small; return }
        }
        storeLarge(a, b, operation)
    }

    @usableFromInline
    mutating func storeLarge(_ a: Rational, _ b: Rational, _ operation: StoredOperation) {
        if case .large(var storage) = representation {
            representation = .small(0, 1)  // drop our reference so uniqueness can be seen
            if isKnownUniquelyReferenced(&storage) {
                let gmpOperation: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
                switch operation {
                case .add: gmpOperation = exactAdd
                case .subtract: gmpOperation = exactSubtract
                case .multiply: gmpOperation = exactMultiply
                }
                // GMP allows the output to alias an input, so `x.store(x, y, .add)` is fine too.
                a.withMPQ { pa in b.withMPQ { pb in gmpOperation(storage.pointer, pa, pb) } }
                self = Rational(normalizing: storage)
                return
            }
        }
        switch operation {
        case .add: self = a + b
        case .subtract: self = a - b
        case .multiply: self = a * b
        }
    }

    /// Applies a GMP operation in place when this value owns unshared storage,
    /// otherwise computes a fresh result.
    @inlinable
    mutating func formInPlace(
        _ rhs: Rational,
        _ operation: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void,
        _ fresh: (Rational, Rational) -> Rational
    ) {
        if case .large(var storage) = representation {
            representation = .small(0, 1)  // drop our reference so uniqueness can be seen
            if isKnownUniquelyReferenced(&storage) {
                rhs.withMPQ { operation(storage.pointer, storage.pointer, $0) }
                self = Rational(normalizing: storage)
                return
            }
            representation = .large(storage)
        }
        self = fresh(self, rhs)
    }
}

/// Errors of exact arithmetic that callers may want to report rather than trap on.
public enum RationalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A division whose divisor was zero.
    case divisionByZero

    public var description: String {
        switch self {
        case .divisionByZero: return "division by zero"
        }
    }
}
