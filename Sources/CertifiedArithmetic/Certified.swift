import CArb
import ExactArithmetic
import Synchronization

/// A real number that stays an exact `Rational` while only field operations made it, and
/// becomes a **ball** (Arb's midpoint-radius interval, proven to contain the true value)
/// once a transcendental function touches it.
///
/// ```swift
/// let x = Certified(Rational(151, 400))                 // 0.3775, exact
/// let s = 1 / (1 + Certified.exp(-x))                   // a ball around sigmoid(0.3775)
/// s.decimal(significantDigits: 20)                      // "0.59326999210718723290"
/// (x + 1).exactValue                                    // 551/400: still exact
/// ```
///
/// Balls are computed at the precision of ``CertifiedContext/current``; a comparison that the
/// balls cannot decide is counted there, so a caller can repeat the work at a higher precision
/// (Ziv's strategy) until every decision and every printed digit is certain.
public struct Certified: Sendable {
    // Unchecked: a ball is written only while nothing else holds it, so sharing one is safe.
    // Visible to inlined code: the engine asks "exact?" of every value it touches.
    @usableFromInline enum Storage: @unchecked Sendable {
        case exact(Rational)
        case ball(Ball)
    }

    @usableFromInline var storage: Storage

    /// An exact value.
    public init(_ value: Rational) { storage = .exact(value) }

    init(ball: Ball) { storage = .ball(ball) }

    /// The exact value, while no transcendental function has touched this number.
    @inlinable public var exactValue: Rational? {
        if case .exact(let value) = storage { return value }
        return nil
    }

    /// Whether this number is an exact rational.
    @inlinable public var isExact: Bool {
        if case .exact = storage { return true }
        return false
    }

    /// This number as a ball: its own, or for an exact value the narrowest ball at `precision`
    /// bits (the context's unless given) that contains it.
    func ball(precision: Int? = nil) -> Ball {
        switch storage {
        case .ball(let b): return b
        case .exact(let value):
            return Ball.make(containing: value, precision: precision ?? CertifiedContext.current.precision)
        }
    }

    /// The working precision of a ball in bits (0 when exact): what its size is bounded by.
    @inlinable public var ballPrecisionBits: Int { ballPrecision ?? 0 }

    /// The precision of a ball, `nil` when exact.
    @inlinable var ballPrecision: Int? {
        if case .ball(let b) = storage { return b.precision }
        return nil
    }

    /// The ball's radius as a double (0 for exact values): how wide the enclosure is.
    public var radius: Double {
        guard case .ball(let b) = storage else { return 0 }
        return exn_arb_radius(b.pointer)
    }

    /// The nearest double to the midpoint (the exact value's nearest double for exact values).
    public var approximation: Double {
        switch storage {
        case .exact(let value): return Double(value)
        case .ball(let b): return exn_arb_midpoint(b.pointer)
        }
    }

    /// Whether `value` lies in this number's enclosure (equals it, for exact values).
    ///
    /// ```swift
    /// Certified.exp(Certified(1)).contains(Rational(2718281828, 1_000_000_000))   // false: e is not that
    /// ```
    public func contains(_ value: Rational) -> Bool {
        switch storage {
        case .exact(let x): return x == value
        case .ball(let b):
            let point = Ball.make(containing: value, precision: Swift.max(b.precision, value.bitLength + 64))
            return withExtendedLifetime(point) { arb_contains(b.pointer, point.pointer) != 0 }
        }
    }
}

/// One Arb ball on the heap, in one allocation with its precision and its kept decimal; freed
/// when the last value holding it goes. A ball is written when it is made, and again only
/// while nothing else holds it.
@usableFromInline final class Ball: ManagedBuffer<exn_ball, UInt8> {
    /// A ball set to 0, computed at `precision` bits.
    static func make(precision: Int) -> Ball {
        let ball = unsafeDowncast(create(minimumCapacity: 0) { _ in exn_ball() }, to: Ball.self)
        ball.withUnsafeMutablePointerToHeader { exn_ball_init($0, precision) }
        return ball
    }

    /// The narrowest ball at `precision` bits that contains `value`.
    static func make(containing value: Rational, precision: Int) -> Ball {
        let ball = make(precision: precision)
        set(ball.pointer, to: value, precision: precision)
        return ball
    }

    /// The ball. Read it only while a strong reference keeps this object alive (a temporary's
    /// pointer is dangling once the temporary is released): `withExtendedLifetime` at each call.
    var pointer: arb_ptr { withUnsafeMutablePointerToHeader { exn_ball_arb($0) } }

    /// The working precision the ball was computed at, in bits; operations on it keep it.
    @usableFromInline var precision: Int { withUnsafeMutablePointerToHeader { $0.pointee.precision } }

    /// Drops the kept decimal: the ball is about to be overwritten (nothing else holds it).
    func forgetDecimal() {
        if let record = withUnsafeMutablePointerToHeader({ exn_ball_take_decimal($0) }) { exn_decimal_free(record) }
    }

    /// Calls `body` with the correctly rounded `digits`-digit decimal (`nil` when the ball does
    /// not fix it), computed by `compute` at most once per ball for the first digit count asked
    /// (printing a key asks twice: once to check it is certain, once to write it). The kept
    /// decimal is set once while the ball is shared, so a reader never sees it freed.
    func withDecimal<R>(
        _ digits: Int, compute: () -> UnsafeMutablePointer<exn_decimal>, _ body: (UnsafeBufferPointer<UInt8>?) -> R
    ) -> R {
        if let record = withUnsafeMutablePointerToHeader({ exn_ball_decimal($0) }), record.pointee.digits == digits {
            return Self.read(record, body)
        }
        let fresh = compute()
        let kept = withUnsafeMutablePointerToHeader { exn_ball_keep_decimal($0, fresh) } != 0
        defer { if !kept { exn_decimal_free(fresh) } }
        return Self.read(fresh, body)
    }

    static func read<R>(_ record: UnsafeMutablePointer<exn_decimal>, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        let length = record.pointee.length
        return body(length < 0 ? nil : UnsafeBufferPointer(start: exn_decimal_text(record), count: length))
    }

    /// Sets `x` to the narrowest ball at `precision` bits that contains `value`.
    static func set(_ x: arb_ptr, to value: Rational, precision: Int) {
        if let n = value.numerator.exactInt, let d = value.denominator.exactInt {
            arb_set_si(x, n)
            if d != 1 { arb_div_si(x, x, d, precision) }
        } else {
            _ = exn_arb_set_fraction(x, value.numerator.description, value.denominator.description, precision)
        }
    }

    deinit { withUnsafeMutablePointerToHeader { exn_ball_clear($0) } }
}

/// The precision balls are computed at, the digits a key prints, and a count of the
/// comparisons balls could not decide, for one certified run.
///
/// ```swift
/// let context = CertifiedContext(precision: 128, digits: 20)
/// let s = CertifiedContext.$current.withValue(context) { Certified.tanh(Certified(Rational(1, 2))) }
/// context.undecidedComparisons   // 0
/// ```
public final class CertifiedContext: Sendable {
    /// Bits of working precision for ball operations.
    public let precision: Int
    /// Significant digits of printed values.
    public let digits: Int
    private let undecided = Atomic<Int>(0)

    /// A context for one attempt.
    public init(precision: Int, digits: Int) {
        self.precision = precision
        self.digits = digits
        _ = Self.cleanupAtExit
        powersOfTen = exn_powers_of_ten_new(Self.powerCount)
    }

    /// The context in force where none is bound: no table of powers, so nothing of it outlives
    /// the process's cleanup (it lives as long as the process).
    private init(defaultPrecision: Int, digits: Int) {
        precision = defaultPrecision
        self.digits = digits
        powersOfTen = nil
    }

    deinit { if let powersOfTen { exn_powers_of_ten_free(powersOfTen, Self.powerCount) } }

    /// 10^0 … 10^(powerCount − 1) for the digit rounding, written once in `init`; a
    /// run's context has them, the default context computes each power when needed.
    nonisolated(unsafe) let powersOfTen: UnsafeMutablePointer<fmpz>?
    static let powerCount = 64

    /// The number of entries of ``powersOfTen`` (0 without a table).
    var powerTableCount: Int { powersOfTen == nil ? 0 : Self.powerCount }

    private static let cleanupAtExit: Void = exn_register_cleanup()

    /// Comparisons so far whose balls overlapped: the attempt must be repeated more precisely.
    public var undecidedComparisons: Int { undecided.load(ordering: .relaxed) }

    func recordUndecided() { undecided.add(1, ordering: .relaxed) }

    /// Runs `body` with this context in force on the calling thread (any thread), then frees the
    /// thread's FLINT caches, so that work handed to another thread leaves nothing behind there.
    ///
    /// ```swift
    /// let context = CertifiedContext(precision: 128, digits: 20)
    /// DispatchQueue.concurrentPerform(iterations: 2) { _ in context.run { _ = Certified.exp(1) } }
    /// ```
    public func run(_ body: () -> Void) {
        CertifiedContext.$current.withValue(self, operation: body)
        exn_free_thread_caches()
    }

    /// The context in force (128 bits and 20 digits unless a caller binds another).
    @TaskLocal public static var current = CertifiedContext(defaultPrecision: 128, digits: 20)
}
