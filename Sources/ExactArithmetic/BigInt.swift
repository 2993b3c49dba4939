import CGMP

/// An arbitrary-precision signed integer backed by GMP's `mpz_t`.
///
/// Values that fit a machine word are held inline and never touch GMP; larger
/// values live in copy-on-write heap storage that is freed with the last copy.
///
/// ```swift
/// let big = BigInt(2).power(100)
/// print(big)            // 1267650600228229401496703205376
/// print(big % 1000)     // 376
/// ```
public struct BigInt: Sendable {
    @usableFromInline
    // Unchecked because of the storage class: it is never mutated once a value holds it
    // shared (every write goes through the copy-on-write check), so sharing it is safe.
    enum Representation: @unchecked Sendable {
        /// Any `Int` but `Int.min`, so that negation never overflows.
        case small(Int)
        /// A value that does not fit `small`; never demotable.
        case large(IntegerStorage)
    }

    @usableFromInline
    var representation: Representation

    @inlinable
    init(representation: Representation) { self.representation = representation }

    /// Creates the integer `value`.
    ///
    /// ```swift
    /// let seven = BigInt(7)
    /// ```
    @inlinable
    public init(_ value: Int) {
        if value == .min {
            self = BigInt(takingOwnershipOf: { __gmpz_set_si($0, value) })
        } else {
            representation = .small(value)
        }
    }

    /// Creates a value by letting `initialize` write into fresh GMP storage, then
    /// demotes it to the inline form when it fits.
    @usableFromInline
    init(takingOwnershipOf initialize: (UnsafeMutablePointer<__mpz_struct>) -> Void) {
        let storage = IntegerStorage.make()
        initialize(storage.pointer)
        self.init(normalizing: storage)
    }

    @usableFromInline
    init(normalizing storage: IntegerStorage) {
        if let value = smallValue(of: storage.pointer) {
            representation = .small(value)
        } else {
            representation = .large(storage)
        }
    }

    /// Runs `body` with a read-only `mpz_t` holding this value.
    @usableFromInline
    func withMPZ<R>(_ body: (UnsafePointer<__mpz_struct>) throws -> R) rethrows -> R {
        switch representation {
        case .small(let value): return try withTemporaryMPZ(value, body)
        case .large(let storage): return try body(storage.pointer)
        }
    }

    /// The value as an `Int` when it fits in one.
    ///
    /// ```swift
    /// Int(exactly: BigInt(42))  // 42
    /// ```
    public var exactInt: Int? {
        switch representation {
        case .small(let value): return value
        case .large(let storage):
            return cgmp_mpz_fits_slong_p(storage.pointer) != 0 ? cgmp_mpz_get_si(storage.pointer) : nil
        }
    }

    /// -1, 0 or 1 according to the sign.
    public var signum: Int {
        switch representation {
        case .small(let value): return value.signum()
        case .large(let storage): return Int(cgmp_mpz_sgn(storage.pointer))
        }
    }

    /// `true` for zero.
    public var isZero: Bool {
        if case .small(0) = representation { return true }
        return false
    }

    /// The number of bits of the magnitude (0 for zero).
    ///
    /// ```swift
    /// BigInt(255).bitLength  // 8
    /// ```
    public var bitLength: Int {
        switch representation {
        case .small(let value): return Int.bitWidth - value.magnitude.leadingZeroBitCount
        case .large(let storage): return __gmpz_sizeinbase(storage.pointer, 2)
        }
    }

    /// `true` when the value is even.
    public var isEven: Bool {
        switch representation {
        case .small(let value): return value & 1 == 0
        case .large(let storage): return cgmp_mpz_odd_p(storage.pointer) == 0
        }
    }
}

extension Int {
    /// Creates an `Int` from a `BigInt` when the value fits.
    ///
    /// ```swift
    /// Int(exactly: BigInt(42))  // Optional(42)
    /// ```
    public init?(exactly value: BigInt) {
        guard let int = value.exactInt else { return nil }
        self = int
    }
}
