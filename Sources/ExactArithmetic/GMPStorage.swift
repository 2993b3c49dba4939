import CGMP

// GMP lets an output alias an input, Swift's exclusivity rules do not: the GMP
// structs therefore live in tail-allocated heap memory (one allocation per value),
// reached through stable pointers, and are cleared in `deinit`.

/// Heap storage for one `mpz_t`.
@usableFromInline
final class IntegerStorage: ManagedBuffer<Void, __mpz_struct> {
    @usableFromInline
    static func make() -> IntegerStorage {
        let buffer = IntegerStorage.create(minimumCapacity: 1) { _ in () }
        let storage = unsafeDowncast(buffer, to: IntegerStorage.self)
        __gmpz_init(storage.pointer)
        return storage
    }

    @usableFromInline
    var pointer: UnsafeMutablePointer<__mpz_struct> {
        withUnsafeMutablePointerToElements { $0 }
    }

    deinit { __gmpz_clear(pointer) }
}

/// What a ``RationalStorage`` holds before its limbs.
@usableFromInline
struct RationalStorageHeader {
    /// First, so that a pointer to the header is a pointer to the `mpq_t`.
    @usableFromInline var value: __mpq_struct
    /// log₂ of the denominator when it is a power of two, else −1: set when a value is published
    /// (``RationalStorage/publish()``), −1 while the storage is being written. Dyadic arithmetic
    /// asks every large operand for it, and reading it here spares a cache line of limbs.
    @usableFromInline var denominatorExponent: Int
    /// The limbs live in the object's own tail and are never written again: GMP must not
    /// write, reallocate or free them.
    @usableFromInline var isPacked: Bool
}

/// Heap storage for one `mpq_t`, always canonical once published in a `Rational`. Either GMP
/// manages its limbs (a value being computed, reused in place while nothing shares it), or it
/// is packed: numerator and denominator limbs in the object itself, one allocation, read-only.
@usableFromInline
final class RationalStorage: ManagedBuffer<RationalStorageHeader, mp_limb_t> {
    @usableFromInline
    static func make() -> RationalStorage {
        let buffer = RationalStorage.create(minimumCapacity: 0) { _ in
            RationalStorageHeader(value: __mpq_struct(), denominatorExponent: -1, isPacked: false)
        }
        let storage = unsafeDowncast(buffer, to: RationalStorage.self)
        __gmpq_init(storage.pointer)
        return storage
    }

    /// A read-only copy of the canonical value `q` in one allocation (no GMP allocation to free).
    @usableFromInline
    static func packing(_ q: UnsafePointer<__mpq_struct>) -> RationalStorage {
        let numerator = cgmp_mpq_numref_const(q)!
        let denominator = cgmp_mpq_denref_const(q)!
        let n = Int(cgmp_mpz_size(numerator))
        let d = Int(cgmp_mpz_size(denominator))
        let buffer = RationalStorage.create(minimumCapacity: n + d) { _ in
            RationalStorageHeader(
                value: __mpq_struct(), denominatorExponent: powerOfTwoExponent(denominator) ?? -1, isPacked: true)
        }
        let storage = unsafeDowncast(buffer, to: RationalStorage.self)
        storage.withUnsafeMutablePointers { header, limbs in
            limbs.update(from: numerator.pointee._mp_d, count: n)
            (limbs + n).update(from: denominator.pointee._mp_d, count: d)
            header.pointee.value._mp_num = __mpz_struct(
                _mp_alloc: Int32(n), _mp_size: numerator.pointee._mp_size, _mp_d: limbs)
            header.pointee.value._mp_den = __mpz_struct(
                _mp_alloc: Int32(d), _mp_size: denominator.pointee._mp_size, _mp_d: limbs + n)
        }
        return storage
    }

    @usableFromInline
    var pointer: UnsafeMutablePointer<__mpq_struct> {
        withUnsafeMutablePointerToHeader { UnsafeMutableRawPointer($0).assumingMemoryBound(to: __mpq_struct.self) }
    }

    /// Records the denominator's exponent, once the value is final (before anything shares it).
    @usableFromInline
    func publish() {
        publish(exponent: powerOfTwoExponent(denominator) ?? -1)
    }

    /// Records `exponent` as the denominator's, which the caller has just made 2^exponent.
    @usableFromInline @inline(__always)
    func publish(exponent: Int) {
        withUnsafeMutablePointerToHeader { $0.pointee.denominatorExponent = exponent }
    }

    /// Forgets the denominator's exponent: the value is about to be written.
    @usableFromInline
    func unpublish() {
        withUnsafeMutablePointerToHeader { $0.pointee.denominatorExponent = -1 }
    }

    /// The recorded exponent of the value whose `mpq_t` is at `q` (a published storage's).
    @inlinable @inline(__always)
    static func denominatorExponent(at q: UnsafeMutablePointer<__mpq_struct>) -> Int {
        UnsafeRawPointer(q).load(
            fromByteOffset: MemoryLayout<RationalStorageHeader>.offset(of: \.denominatorExponent)!, as: Int.self)
    }

    /// Whether GMP may write this value's limbs (only when nothing else holds it, too).
    @usableFromInline
    var isWritable: Bool { withUnsafeMutablePointerToHeader { !$0.pointee.isPacked } }  // no exclusivity check

    @usableFromInline
    var numerator: UnsafeMutablePointer<__mpz_struct> { cgmp_mpq_numref(pointer) }

    @usableFromInline
    var denominator: UnsafeMutablePointer<__mpz_struct> { cgmp_mpq_denref(pointer) }

    deinit { if isWritable { __gmpq_clear(pointer) } }
}

/// Presents a machine word as a read-only `mpz_t` without allocating.
@usableFromInline
func withTemporaryMPZ<R>(_ value: Int, _ body: (UnsafePointer<__mpz_struct>) throws -> R) rethrows -> R {
    var limb = mp_limb_t(value.magnitude)
    var z = __mpz_struct()
    return try withUnsafePointer(to: &limb) { limbPointer in
        cgmp_mpz_roinit_limb(&z, limbPointer, Int32(value.signum()))
        return try withUnsafePointer(to: &z) { try body($0) }
    }
}

/// Presents a small canonical fraction as a read-only `mpq_t` without allocating.
@usableFromInline
func withTemporaryMPQ<R>(
    _ numerator: Int, _ denominator: Int,
    _ body: (UnsafePointer<__mpq_struct>) throws -> R
) rethrows -> R {
    var limbs = (mp_limb_t(numerator.magnitude), mp_limb_t(denominator))
    var q = __mpq_struct()
    return try withUnsafeMutablePointer(to: &limbs) { limbsPointer in
        try limbsPointer.withMemoryRebound(to: mp_limb_t.self, capacity: 2) { limb in
            try withUnsafeMutablePointer(to: &q) { qp in
                cgmp_mpz_roinit_limb(cgmp_mpq_numref(qp), limb, Int32(numerator.signum()))
                cgmp_mpz_roinit_limb(cgmp_mpq_denref(qp), limb + 1, 1)
                return try body(UnsafePointer(qp))
            }
        }
    }
}

/// The value of `z` as an `Int` when it fits and is not `Int.min` (whose negation would overflow).
@usableFromInline
func smallValue(of z: UnsafePointer<__mpz_struct>) -> Int? {
    guard cgmp_mpz_fits_slong_p(z) != 0 else { return nil }
    let value = cgmp_mpz_get_si(z)
    return value == .min ? nil : value
}

/// Decimal digits of `z`, with a leading `-` when negative.
func decimalString(of z: UnsafePointer<__mpz_struct>) -> String {
    let capacity = __gmpz_sizeinbase(z, 10) + 2
    return String(unsafeUninitializedCapacity: capacity) { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            _ = __gmpz_get_str(chars.baseAddress, 10, z)
            var length = 0
            while chars[length] != 0 { length += 1 }
            return length
        }
    }
}

/// Hashes the sign and limbs of `z`.
func hashLimbs(of z: UnsafePointer<__mpz_struct>, into hasher: inout Hasher) {
    hasher.combine(cgmp_mpz_sgn(z))
    let count = cgmp_mpz_size(z)
    hasher.combine(count)
    for i in 0..<count { hasher.combine(cgmp_mpz_getlimbn(z, mp_size_t(i))) }
}
