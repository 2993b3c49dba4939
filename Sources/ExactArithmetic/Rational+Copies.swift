import CGMP

extension Rational {
    /// A copy that shares no storage with this value: the same number in one compact,
    /// read-only allocation (an inline value is its own copy). A program that keeps results
    /// while it reuses the variables it computed them in keeps such copies: the variables'
    /// storage stays unshared, so the next result is computed in place instead of in a fresh
    /// allocation, and a kept value costs one allocation instead of GMP's three.
    ///
    /// ```swift
    /// var sum = Rational(1, 3).power(100)
    /// let kept = sum.detachedCopy()   // equal to sum, shares nothing with it
    /// sum += 1                        // computed in sum's own storage
    /// ```
    @inlinable
    public func detachedCopy() -> Rational {
        withUnsafePointer(to: self) { Rational.detachedCopy(of: $0) }
    }

    /// ``detachedCopy()`` of the value at `value`, read where it lies: a value read out of a
    /// buffer into a variable is a copy, retained and released around the allocation.
    ///
    /// ```swift
    /// let kept = [Rational(1, 3).power(100)].withUnsafeBufferPointer { Rational.detachedCopy(of: $0.baseAddress!) }
    /// ```
    @inlinable
    public static func detachedCopy(of value: UnsafePointer<Rational>) -> Rational {
        let (word, denominator) = (value.pointee._word, value.pointee._denominatorWord)
        if denominator != 0 { return Rational(_inline: word, denominator) }
        return Rational(_large: RationalStorage.packing(_mpq(word)))
    }

    /// Sets `self` to `value`, copying its limbs into this value's own storage when nothing
    /// else shares that storage (otherwise it shares `value`'s, as `=` does). A variable that
    /// is overwritten again and again keeps its storage this way.
    ///
    /// ```swift
    /// var h = Rational.zero
    /// h.storeCopy(of: Rational(3, 8))   // 3/8
    /// ```
    @inlinable
    public mutating func storeCopy(of value: Rational) {
        withUnsafePointer(to: value) { storeCopy(of: $0) }
    }

    /// ``storeCopy(of:)-(Rational)`` of the value at `value`, read where it lies (a value read
    /// out of a buffer is a copy, retained and released around the GMP call).
    ///
    /// ```swift
    /// var h = Rational.zero
    /// [Rational(3, 8)].withUnsafeBufferPointer { h.storeCopy(of: $0.baseAddress!) }   // 3/8
    /// ```
    @inlinable
    public mutating func storeCopy(of value: UnsafePointer<Rational>) {
        _storeCopy(ofWords: value.pointee._word, value.pointee._denominatorWord, value)
    }

    /// ``storeCopy(of:)-(UnsafePointer<Rational>)`` of the value at `value`, whose words the
    /// caller has read: an inline value keeps this value's storage as a spare.
    @inlinable
    mutating func _storeCopy(ofWords word: Int, _ denominator: Int, _ value: UnsafePointer<Rational>) {
        // `value` may be this very value (`x.store(&x, &zero, .add)`): nothing to do, and
        // assigning it to itself through the pointer could release it before it is read.
        if word == _word && denominator == _denominatorWord { return }
        if denominator != 0 {
            _storeInline(word, denominator)
            return
        }
        guard let storage = _takeUniqueStorage() else {
            self = value.pointee
            return
        }
        __gmpq_set(storage.pointer, Rational._mpq(word))
        storage.publish(exponent: RationalStorage.denominatorExponent(at: Rational._mpq(word)))
        self = Rational(_large: storage)
    }

    /// The sign of the value at `value` (-1, 0 or 1), read from its words where it lies.
    ///
    /// ```swift
    /// [Rational(-3, 8)].withUnsafeBufferPointer { Rational.signum(of: $0.baseAddress!) }   // -1
    /// ```
    @inlinable
    public static func signum(of value: UnsafePointer<Rational>) -> Int {
        _signum(value.pointee._word, value.pointee._denominatorWord)
    }
}
