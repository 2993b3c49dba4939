import ExactArithmetic
import RealModule

/// What the network engine asks of its scalar: a field with an order.
///
/// `Double`, `Float` and the exact ``Rational`` conform; so can a user's type:
///
/// ```swift
/// extension MyFixedPoint: NetworkScalar {}   // given AlgebraicField & Comparable
/// ```
public protocol NetworkScalar: AlgebraicField, Comparable, CustomStringConvertible {
    /// The transcendental function over this scalar, or `nil` when the scalar has none
    /// (exact rationals have no `tanh`). Real types get every function for free.
    static func elementaryFunction(_ function: ElementaryFunction) -> UnaryFunction<Self>?

    /// A size measure the trainer bounds, so exact numbers cannot grow without limit
    /// (bits of numerator plus denominator for ``Rational``; 0 for fixed-size types).
    var storageBits: Int { get }

    /// Stores `a + b` in `result`. Types with heap storage may reuse `result`'s
    /// (the engine overwrites the same slots sample after sample); the default assigns.
    static func storeSum(_ a: Self, _ b: Self, in result: inout Self)
    /// Stores `a - b` in `result`, reusing its storage where the type can.
    static func storeDifference(_ a: Self, _ b: Self, in result: inout Self)
    /// Stores `a · b` in `result`, reusing its storage where the type can.
    static func storeProduct(_ a: Self, _ b: Self, in result: inout Self)
    /// Stores t₀ + t₁ + … + tₙ₋₁, summed left to right, where `term(k)` gives a product
    /// `x·y` or a single `x`. The default does exactly that; exact types may fuse the sum.
    static func storeLinearCombination(count: Int, in result: inout Self, _ term: (Int) -> (Self, Self?))
}

extension NetworkScalar {
    public static func elementaryFunction(_ function: ElementaryFunction) -> UnaryFunction<Self>? { nil }
    public var storageBits: Int { 0 }
    @inlinable public static func storeSum(_ a: Self, _ b: Self, in result: inout Self) { result = a + b }
    @inlinable public static func storeDifference(_ a: Self, _ b: Self, in result: inout Self) { result = a - b }
    @inlinable public static func storeProduct(_ a: Self, _ b: Self, in result: inout Self) { result = a * b }
    @inlinable public static func storeLinearCombination(count: Int, in result: inout Self, _ term: (Int) -> (Self, Self?)) {
        let (x0, y0) = term(0)
        var sum = y0.map { x0 * $0 } ?? x0
        for k in 1..<count {
            let (x, y) = term(k)
            sum += y.map { x * $0 } ?? x
        }
        result = sum
    }
}

extension NetworkScalar where Self: Real {
    public static func elementaryFunction(_ function: ElementaryFunction) -> UnaryFunction<Self>? {
        UnaryFunction<Self>.elementary(function)
    }
}

extension Double: NetworkScalar {}
extension Float: NetworkScalar {}

extension Rational: NetworkScalar {
    public var storageBits: Int { bitLength }
    @inlinable public static func storeSum(_ a: Rational, _ b: Rational, in result: inout Rational) { result.store(a, b, .add) }
    @inlinable public static func storeDifference(_ a: Rational, _ b: Rational, in result: inout Rational) { result.store(a, b, .subtract) }
    @inlinable public static func storeProduct(_ a: Rational, _ b: Rational, in result: inout Rational) { result.store(a, b, .multiply) }
    public static func storeLinearCombination(count: Int, in result: inout Rational, _ term: (Int) -> (Rational, Rational?)) {
        result.storeLinearCombination(count: count, term)
    }
}

/// A scalar that values written in a network file (exact decimals and fractions)
/// can be turned into: exactly for ``Rational``, correctly rounded for floats.
public protocol RationalConvertible: NetworkScalar {
    /// The scalar nearest to `value`.
    init(nearest value: Rational)
    /// The name the CLI and reports use: `rational`, `double`, `float`.
    static var scalarName: String { get }
}

extension Rational: RationalConvertible {
    public init(nearest value: Rational) { self = value }
    public static var scalarName: String { "rational" }
}

extension Double: RationalConvertible {
    public init(nearest value: Rational) { self.init(value) }
    public static var scalarName: String { "double" }
}

extension Float: RationalConvertible {
    public init(nearest value: Rational) { self.init(value) }
    public static var scalarName: String { "float" }
}
