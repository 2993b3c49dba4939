import ExactArithmetic
import RealModule

/// What the network engine asks of its scalar: a field with an order.
///
/// `Double`, `Float` and the exact `Rational` conform; so can a user's type:
///
/// ```swift
/// extension MyFixedPoint: NetworkScalar {}   // given AlgebraicField & Comparable
/// ```
///
/// Transcendental primitives (``Primitive/isTranscendental``) come for free to scalars that
/// also conform to swift-numerics' `ElementaryFunctions`; the others report them as unsupported.
public protocol NetworkScalar: AlgebraicField, Comparable, CustomStringConvertible {
    /// `true` when the scalar evaluates transcendental primitives (`sigmoid`, `exp`, …).
    static var hasElementaryFunctions: Bool { get }
    /// f(x) for a transcendental primitive, or `nil` when the scalar has none.
    static func elementaryValue(_ function: Primitive, at x: Self) -> Self?
    /// f'(x) for a transcendental primitive, given `value` = f(x), or `nil` when the scalar has none.
    static func elementaryDerivative(_ function: Primitive, at x: Self, value: Self) -> Self?

    /// A size measure the trainer bounds, so exact numbers cannot grow without limit
    /// (bits of numerator plus denominator for `Rational`; 0 for fixed-size types).
    var storageBits: Int { get }
    /// An upper bound on ``storageBits`` that is cheap to read (the engine checks it before every
    /// operation and asks for ``storageBits`` only when it is too large).
    var storageBitsBound: Int { get }
    /// `true` when every value has the same size (`storageBits` is always 0), so a run's size
    /// is a count of its values.
    static var hasFixedSize: Bool { get }

    /// Sets `self` to `a ∘ b`. Types with heap storage may reuse this value's (the engine
    /// overwrites the same slots sample after sample); the default assigns.
    mutating func store(_ a: Self, _ b: Self, _ operation: FieldOperation)
    /// ``store(_:_:_:)-(Self,_,_)`` with the operands read where they lie in the engine's
    /// buffers (a copy of a heap-backed value costs reference counting around every call);
    /// either may point at `self`. The default reads them and stores.
    mutating func store(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ operation: FieldOperation)
    /// Sets `self` to t₀ + t₁ + … + tₙ₋₁, summed left to right, where term k is the product
    /// `values[x]·values[y]` for `terms[k] = (x, y)`, or the single `values[x]` when y < 0. The
    /// default does exactly that; exact types may fuse the sum.
    /// The terms are read where they lie: the compiled network keeps all of them in one buffer.
    mutating func storeLinearCombination(of values: UnsafeBufferPointer<Self>, terms: UnsafeBufferPointer<(Int, Int)>)
    /// Sets `self` to self + x·y (the reverse sweep's accumulation). The default does exactly
    /// that; a type with a fused multiply-add may use it. `Double` and `Float` do: the standard
    /// library's `addProduct(_:_:)` rounds once, so a float run's reverse sweep rounds each
    /// multiply-add once (cross-checks measure floats computed that way).
    mutating func addProduct(_ x: Self, _ y: Self)
    /// ``addProduct(_:_:)-(Self,_)`` with the factors read where they lie; neither may be
    /// `self`. The default reads them and adds.
    mutating func addProduct(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>)
    /// A copy that shares no heap storage with this value, for keeping while the engine
    /// overwrites the slot it came from (the default returns the value itself).
    func detachedCopy() -> Self
    /// ``detachedCopy()`` of the value at `value`, read where it lies in the engine's buffers.
    static func detachedCopy(of value: UnsafePointer<Self>) -> Self
    /// Sets `self` to `value`, reusing this value's storage when it can (the default assigns).
    mutating func storeCopy(of value: Self)
    /// ``storeCopy(of:)-(Self)`` of the value at `value`, read where it lies.
    mutating func storeCopy(of value: UnsafePointer<Self>)
    /// The sign of the value at `value` (-1, 0 or 1), read where it lies; `nil` when it has
    /// none (a NaN). Branching primitives (`relu`, `abs`, …) ask it for every evaluation.
    static func sign(of value: UnsafePointer<Self>) -> Int8?
    /// Whether `other` is this very value (a copy of it), answered in constant time: the engine
    /// then skips reloading it, a key reuses the text it made for it. `false` is always correct.
    func isIdentical(to other: Self) -> Bool
    /// What the arithmetic reads from its caller's surroundings (a certified run's working
    /// precision), captured here so that another thread can compute in it: `run` calls its
    /// argument there. Scalars that read nothing run it as it is (the default).
    static func callersContext() -> ScalarContext
}

/// Runs a piece of work in the arithmetic context a ``NetworkScalar`` captured (see
/// ``NetworkScalar/callersContext()``); the engine evaluates samples on two threads with it.
///
/// ```swift
/// let context = Certified.callersContext()
/// context.run { print(Certified.exp(1)) }   // at the caller's precision, on any thread
/// ```
public struct ScalarContext: Sendable {
    /// Calls its argument inside the captured context.
    public let run: @Sendable (() -> Void) -> Void

    /// A context that runs `body` through `run`.
    public init(run: @escaping @Sendable (() -> Void) -> Void) { self.run = run }

    /// Nothing to bind: work runs as it is.
    public static let none = ScalarContext { $0() }
}

extension NetworkScalar {
    /// Nothing to carry to another thread.
    public static func callersContext() -> ScalarContext { .none }
    /// No elementary functions unless the scalar conforms to `ElementaryFunctions`.
    public static var hasElementaryFunctions: Bool { false }
    /// f(x) by the primitive's own rule, or `nil` without elementary functions.
    public static func elementaryValue(_ function: Primitive, at x: Self) -> Self? { nil }
    /// f'(x) by the primitive's own rule, or `nil` without elementary functions.
    public static func elementaryDerivative(_ function: Primitive, at x: Self, value: Self) -> Self? { nil }
    /// Fixed-size scalars cannot grow: 0.
    public var storageBits: Int { 0 }
    /// Fixed size unless the type says otherwise.
    public static var hasFixedSize: Bool { true }
    /// The size itself, unless the type has a cheaper bound.
    public var storageBitsBound: Int { storageBits }

    /// Assigns the plain result: fixed-size scalars have no storage to reuse.
    @inlinable
    public mutating func store(_ a: Self, _ b: Self, _ operation: FieldOperation) {
        switch operation {
        case .add: self = a + b
        case .subtract: self = a - b
        case .multiply: self = a * b
        case .divide: self = a / b
        }
    }

    /// No value is known to be another's copy.
    @inlinable
    public func isIdentical(to other: Self) -> Bool { false }

    /// The value itself: fixed-size scalars share nothing.
    @inlinable
    public func detachedCopy() -> Self { self }

    /// The value itself.
    @inlinable
    public static func detachedCopy(of value: UnsafePointer<Self>) -> Self { value.pointee.detachedCopy() }

    /// Assigns: fixed-size scalars have no storage to reuse.
    @inlinable
    public mutating func storeCopy(of value: Self) { self = value }

    /// Reads the value, then stores a copy of it.
    @inlinable
    public mutating func storeCopy(of value: UnsafePointer<Self>) { storeCopy(of: value.pointee) }

    /// Compares the value with zero.
    @inlinable
    public static func sign(of value: UnsafePointer<Self>) -> Int8? {
        let x = value.pointee
        return x > .zero ? 1 : (x < .zero ? -1 : (x == .zero ? 0 : nil))
    }

    /// self + x·y as the plain expression computes it (two roundings for a floating-point type
    /// that does not bring its own `addProduct`; `Double` and `Float` bring a fused one).
    @inlinable
    public mutating func addProduct(_ x: Self, _ y: Self) { self += x * y }

    /// Reads the operands, then stores `a ∘ b`.
    @inlinable
    public mutating func store(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ operation: FieldOperation) {
        store(a.pointee, b.pointee, operation)
    }

    /// Reads the factors, then adds their product.
    @inlinable
    public mutating func addProduct(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>) {
        addProduct(x.pointee, y.pointee)
    }

    /// Sums the terms left to right, as written, so floats round in the file's order.
    @inlinable
    public mutating func storeLinearCombination(
        of values: UnsafeBufferPointer<Self>, terms: UnsafeBufferPointer<(Int, Int)>
    ) {
        let (x0, y0) = terms[0]
        var sum = y0 >= 0 ? values[x0] * values[y0] : values[x0]
        for (x, y) in terms.dropFirst() { sum += y >= 0 ? values[x] * values[y] : values[x] }
        self = sum
    }
}

extension NetworkScalar where Self: ElementaryFunctions {
    /// Scalars with `ElementaryFunctions` evaluate every transcendental primitive.
    public static var hasElementaryFunctions: Bool { true }
    /// f(x) by the primitive's own rule, or `nil` without elementary functions.
    public static func elementaryValue(_ function: Primitive, at x: Self) -> Self? {
        function.elementaryValue(at: x)
    }
    /// f'(x) by the primitive's own rule, or `nil` without elementary functions.
    public static func elementaryDerivative(_ function: Primitive, at x: Self, value: Self) -> Self? {
        function.elementaryDerivative(at: x, value: value)
    }
}

extension Array where Element: NetworkScalar {
    /// Each value's ``NetworkScalar/detachedCopy(of:)``, read where it lies: values that share no
    /// storage with these (kept while these are written in place, or handed to another thread).
    func detachedCopies() -> [Element] {
        withUnsafeBufferPointer { v in v.indices.map { Element.detachedCopy(of: v.baseAddress! + $0) } }
    }
}

extension Double: NetworkScalar {}
extension Float: NetworkScalar {}

extension Rational: NetworkScalar {
    /// Bits of numerator plus denominator (`Rational.bitLength`).
    public var storageBits: Int { bitLength }
    /// Rationals grow.
    public static var hasFixedSize: Bool { false }
    /// Whole limbs for large values (`Rational.bitLengthBound`), read without calling GMP.
    @inline(__always)
    public var storageBitsBound: Int { bitLengthBound }
    /// The sign, read from the value's words (`Rational.signum(of:)`).
    @inline(__always)
    public static func sign(of value: UnsafePointer<Rational>) -> Int8? { Int8(Rational.signum(of: value)) }
}

/// A scalar that values written in a network file (exact decimals and fractions)
/// can be turned into: exactly for `Rational`, correctly rounded for floats.
public protocol RationalConvertible: NetworkScalar {
    /// The scalar nearest to `value`.
    init(nearest value: Rational)
    /// The name reports use: `rational`, `double`, `float`.
    static var scalarName: String { get }
}

extension Rational: RationalConvertible {
    /// The value itself (exactly) or the nearest float (correctly rounded, ties to even).
    public init(nearest value: Rational) { self = value }
    /// The name reports and the command line use.
    public static var scalarName: String { "rational" }
}

extension Double: RationalConvertible {
    /// The value itself (exactly) or the nearest float (correctly rounded, ties to even).
    public init(nearest value: Rational) { self.init(value) }
    /// The name reports and the command line use.
    public static var scalarName: String { "double" }
}

extension Float: RationalConvertible {
    /// The value itself (exactly) or the nearest float (correctly rounded, ties to even).
    public init(nearest value: Rational) { self.init(value) }
    /// The name reports and the command line use.
    public static var scalarName: String { "float" }
}

/// The bits a result of `a` and `b` may need (their sizes plus `extra`), when that passes
/// `limit`; `nil` when it fits. The cheap bounds decide almost always; exact sizes are read
/// only when the bounds pass the limit.
@inline(__always)
func sizeExceeding<S: NetworkScalar>(_ a: S, _ b: S, plus extra: Int = 0, limit: Int) -> Int? {
    if S.hasFixedSize { return nil }  // a constant once specialised: floats pay nothing
    guard a.storageBitsBound + b.storageBitsBound + extra > limit else { return nil }
    let exact = a.storageBits + b.storageBits + extra
    return exact > limit ? exact : nil
}

/// ``sizeExceeding(_:_:plus:limit:)`` for three operands.
@inline(__always)
func sizeExceeding<S: NetworkScalar>(_ a: S, _ b: S, _ c: S, plus extra: Int = 0, limit: Int) -> Int? {
    if S.hasFixedSize { return nil }
    guard a.storageBitsBound + b.storageBitsBound + c.storageBitsBound + extra > limit else { return nil }
    let exact = a.storageBits + b.storageBits + c.storageBits + extra
    return exact > limit ? exact : nil
}
