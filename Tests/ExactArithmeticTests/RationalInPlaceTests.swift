import ExactArithmetic
import PropertyBased
import Testing

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
