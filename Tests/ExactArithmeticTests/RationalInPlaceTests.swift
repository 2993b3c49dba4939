import PropertyBased
import Testing

@testable import ExactArithmetic

/// The kernels the engine uses on its buffers: operands read in place, fused multiply-adds,
/// detached (packed) copies kept while a slot is overwritten, and copies into owned storage.
@Suite struct RationalInPlaceTests {
    /// A value with storage nothing else shares (parsing makes fresh storage).
    func owned(_ r: Rational) -> Rational { Rational(r.description)! }

    @Test(arguments: propertySeeds) func fusedAddProductIsTheSumOfTheProduct(seed: UInt64) async {
        await seededCheck(
            seed: seed, count: 300, input: dyadicRationals, dyadicRationals, rationals, wordDyadicRationals,
            wordDyadicRationals
        ) { a, b, c, v, w in
            let cases = [
                (a, b, a), (b, a, c), (c, a, b), (a, c, c), (Rational.zero, a, b), (a, .zero, b),
                (a, v, w), (v, a, w), (v, w, a), (a, b, w), (v, w, v),
            ]
            for (s, x, y) in cases {
                let expected = s + x * y
                var shared = s  // shares s's storage: must not write into it
                shared.addProduct(x, y)
                #expect(shared == expected && isCanonical(shared))
                #expect(s + x * y == expected)  // s untouched
                var mine = owned(s)
                [x, y].withUnsafeBufferPointer { f in mine.addProduct(f.baseAddress!, f.baseAddress! + 1) }
                #expect(mine == expected && isCanonical(mine))
            }
        }
    }

    @Test func fusedAddProductOverflowingWordsPromotes() {
        var s = Rational(Int.max - 1, 1 << 3)
        s.addProduct(Rational(Int.max, 1 << 5), Rational(3, 1 << 7))
        #expect(s == Rational(Int.max - 1, 1 << 3) + Rational(Int.max, 1 << 5) * Rational(3, 1 << 7))
        #expect(!s.isInline && isCanonical(s))
    }

    @Test(arguments: propertySeeds) func storeReadingInPlaceMatchesTheOperators(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: dyadicRationals, rationals) { a, b in
            let operations: [(FieldOperation, Rational)] = [(.add, a + b), (.subtract, a - b), (.multiply, a * b)]
            for (operation, expected) in operations {
                var r = owned(b)
                [a, b].withUnsafeBufferPointer { v in r.store(v.baseAddress!, v.baseAddress! + 1, operation) }
                #expect(r == expected && isCanonical(r))
                // The output may be an operand: r = r ∘ b with r's own storage written in place.
                var s = owned(a)
                let second = b
                withUnsafeMutablePointer(to: &s) { p in
                    withUnsafePointer(to: second) { q in p.pointee.store(UnsafePointer(p), q, operation) }
                }
                #expect(s == expected && isCanonical(s))
            }
        }
    }

    @Test(arguments: propertySeeds) func detachedCopiesAreEqualIndependentAndNeverWritten(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, dyadicRationals) { a, b in
            let copy = owned(a).detachedCopy()
            #expect(copy == a && copy.description == a.description && copy.hashValue == a.hashValue)
            #expect(isCanonical(copy) && copy.isInline == a.isInline)
            #expect(copy.isIdentical(to: a) == a.isInline)  // large values get storage of their own
            // A detached copy is read-only: arithmetic on a variable holding the only reference
            // makes new storage, and the copy is unchanged.
            var x = copy
            x += b
            x.addProduct(b, b)
            #expect(x == a + b + b * b)
            var y = owned(a).detachedCopy()
            y *= b
            #expect(y == a * b && copy == a)
            // Packed values are ordinary operands.
            #expect(copy + b == a + b && copy * b == a * b && (copy < b) == (a < b) && Double(copy) == Double(a))
        }
    }

    @Test(arguments: propertySeeds) func storeCopyReusesOwnedStorageAndLeavesTheSourceAlone(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, rationals) { a, b in
            let before = b.description
            var h = owned(a)
            h.storeCopy(of: b)
            #expect(h == b && isCanonical(h))
            h += 1
            #expect(h == b + 1 && b.description == before)
            var k = b.detachedCopy()
            k.storeCopy(of: a)  // packed storage is never written: k takes a's value another way
            #expect(k == a)
            // The same, the source read where it lies.
            var p = owned(a)
            [b].withUnsafeBufferPointer { p.storeCopy(of: $0.baseAddress!) }
            #expect(p == b && isCanonical(p))
            p += 1
            #expect(p == b + 1 && b.description == before)
            var q = b.detachedCopy()
            [a].withUnsafeBufferPointer { q.storeCopy(of: $0.baseAddress!) }
            #expect(q == a)
        }
    }

    /// A variable that holds a large value, then a word-sized one, then a large one again computes
    /// the last in the storage of the first (the engine's slots do this sample after sample: relu's
    /// zero, then a large value): the storage is kept as a spare while the value is inline.
    @Test func aWordSizedResultKeepsTheStorageForTheNextLargeOne() {
        let (a, b) = (Rational(Int.max, 8), Rational(Int.max - 2, 16))
        var x = Rational.zero
        x.store(a, b, .multiply)
        #expect(!x.isInline && x == a * b)
        let address = x._word  // a large value's word is its storage's address
        x.store(Rational(1, 2), Rational(1, 4), .add)
        #expect(x.isInline && x == Rational(3, 4))
        x.store(b, a, .multiply)
        #expect(x == a * b && x._word == address)
        // The same through a linear combination (a word sum, then a large one) and a copy.
        [a, b, Rational(1, 2), a * b].withUnsafeBufferPointer { v in
            x.storeLinearCombination(of: v, terms: [(2, 2), (2, -1)])  // 1/4 + 1/2
            #expect(x == Rational(3, 4) && x.isInline)
            x.storeLinearCombination(of: v, terms: [(3, -1), (2, -1)])
            #expect(x == a * b + Rational(1, 2) && x._word == address)
            x.storeCopy(of: v.baseAddress! + 2)
            #expect(x == Rational(1, 2) && x.isInline)
            x.addProduct(v.baseAddress!, v.baseAddress! + 1)  // an inline sum with a large product
            #expect(x == Rational(1, 2) + a * b && x._word == address)
        }
    }

    /// A spare holds no value: arithmetic on an inline value that keeps one reads the inline value,
    /// and two copies that share a spare never write it (each computes in storage of its own).
    @Test(arguments: propertySeeds) func aSpareStorageIsNeverReadAndNeverShared(seed: UInt64) async {
        let (a, b) = (Rational(Int.max, 8), Rational(Int.max - 2, 16))
        await seededCheck(seed: seed, count: 200, input: wordDyadicRationals, rationals) { w, c in
            var s = Rational.zero
            s.store(a, b, .multiply)
            s.storeCopy(of: w)  // inline, with the large product's storage as a spare
            var t = s  // shares the spare
            var u = s
            s.addProduct(a, b)
            t += c * a
            withUnsafeMutablePointer(to: &u) { p in
                withUnsafePointer(to: b) { q in p.pointee.store(UnsafePointer(p), q, .multiply) }
            }
            #expect(s == w + a * b && isCanonical(s))
            #expect(t == w + c * a && isCanonical(t))
            #expect(u == w * b && isCanonical(u))
        }
    }

    /// A value stored into itself through a pointer (x = x + 0: the engine's sums do this when a
    /// term is zero) is left as it is, read-only (packed) storage included; the assignment
    /// through the pointer once released the value before reading it.
    @Test(arguments: propertySeeds) func storingAValueIntoItselfLeavesItAlone(seed: UInt64) async {
        await seededCheck(seed: seed, count: 200, input: rationals) { a in
            for start in [a, a.detachedCopy(), owned(a)] {
                var x = start
                withUnsafeMutablePointer(to: &x) { p in
                    withUnsafePointer(to: Rational.zero) { zero in
                        p.pointee.store(UnsafePointer(p), zero, .add)
                        p.pointee.store(zero, UnsafePointer(p), .add)
                        p.pointee.storeCopy(of: UnsafePointer(p))
                    }
                }
                #expect(x == a && x.description == a.description && isCanonical(x))
            }
        }
    }

    /// Dyadic arithmetic reads a large value's denominator exponent from where its storage
    /// recorded it: every way of making a large value records the right one (−1 when the
    /// denominator is not a power of two), and storage being rewritten never shows a stale one.
    @Test(arguments: propertySeeds) func everyLargeValueRecordsItsDenominatorsExponent(seed: UInt64) async {
        func recordsItsExponent(_ x: Rational) -> Bool {
            if x.isInline { return true }
            let d = x.denominator
            let k = d.bitLength - 1
            let expected = BigInt(1).shiftedLeft(by: k) == d ? k : nil
            return Rational._dyadicExponent(x._word, x._denominatorWord) == expected
        }
        await seededCheck(seed: seed, count: 200, input: dyadicRationals, rationals, wordDyadicRationals) { a, b, w in
            var made = [a + b, a - b, a * b, a * w, Rational(a.description)!, a.detachedCopy(), -a, a.power(3)]
            if !b.isZero { made.append(a / b) }
            made.append(Rational(a.numerator * 3, a.denominator.shiftedLeft(by: 70)))
            var x = owned(a)
            for operand in [b, w, a * a, b * w] {
                x.store(x, operand, .add)
                made.append(x)
                x.addProduct(operand, a)
                made.append(x)
                [a, operand, w].withUnsafeBufferPointer { v in
                    x.storeLinearCombination(of: v, terms: [(0, 1), (2, -1)])
                    made.append(x)
                    x.storeCopy(of: v.baseAddress! + 1)
                    made.append(x)
                }
                x *= operand
                made.append(x)
            }
            #expect(made.allSatisfy(recordsItsExponent))
        }
    }

    @Test(arguments: propertySeeds) func signumReadInPlaceIsTheSign(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals) { a in
            for x in [a, -a, .zero] {
                let sign = [x].withUnsafeBufferPointer { Rational.signum(of: $0.baseAddress!) }
                #expect(sign == (x > .zero ? 1 : (x < .zero ? -1 : 0)))
            }
        }
    }

    @Test func comparisonsAcrossInlineAndLargeValuesUseTheSign() {
        let large = Rational(1, 3).power(90)
        #expect(!large.isInline)
        #expect(.zero < large && -large < .zero && !(large < .zero) && !(.zero < -large))
        #expect(Rational(-5) < large && -large < Rational(7, 2))
        #expect(large < Rational(1, 1 << 40) && Rational(-1, 1 << 40) < -large)  // same signs: compared exactly
    }
}
