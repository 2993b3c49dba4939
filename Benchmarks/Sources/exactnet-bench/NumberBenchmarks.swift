import ExactArithmetic
import GMPBaseline

/// Rational against raw C GMP on the same operands, in the same process.
enum NumberBenchmarks {
    struct SizeClass {
        var name: String
        var bits: Int
        var count: Int
        var rounds: Int
    }

    static let classes = [
        SizeClass(name: "small (<2^20)", bits: 20, count: 4096, rounds: 200),
        SizeClass(name: "256-bit", bits: 256, count: 1024, rounds: 100),
        SizeClass(name: "4096-bit", bits: 4096, count: 128, rounds: 20),
    ]

    static func operands(bits: Int, count: Int, seed: UInt64) -> [String] {
        var rng = XorShift(state: seed)
        func integer() -> BigInt {
            var value = BigInt(0)
            var remaining = bits
            while remaining > 0 {
                let take = min(remaining, 60)
                value = value.shiftedLeft(by: take) + BigInt(Int(rng.next() >> UInt64(64 - take)))
                remaining -= take
            }
            return value
        }
        return (0..<count).map { _ in
            var d = integer()
            if d.isZero { d = 1 }
            let n = rng.next() & 1 == 0 ? integer() : -integer()
            return Rational(n, d).description
        }
    }

    static func run() -> [(String, String, Double, Double, Double)] {
        var rows: [(String, String, Double, Double, Double)] = []
        print(
            "Rational vs raw C GMP (mpq_*), same operands, 9 interleaved rounds (medians; ratios are medians of per-round ratios)"
        )
        print(
            pad("size", 15) + pad("op", 8) + pad("Rational", 13) + pad("GMP fresh", 13) + pad("GMP reused", 13)
                + pad("ratio fresh", 13) + "ratio reused")
        for c in classes {
            let lhsText = operands(bits: c.bits, count: c.count, seed: 0x9E37_79B9_7F4A_7C15 &+ UInt64(c.bits))
            let rhsText = operands(bits: c.bits, count: c.count, seed: 0xD1B5_4A32_D192_ED03 &+ UInt64(c.bits))
            let lhs = lhsText.map { Rational($0)! }
            let rhs = rhsText.map { Rational($0)! }
            for (name, op) in [
                ("add", GMP_BASELINE_ADD), ("mul", GMP_BASELINE_MUL), ("div", GMP_BASELINE_DIV),
                ("cmp", GMP_BASELINE_CMP), ("dot64", GMP_BASELINE_DOT64),
            ] {
                let rounds = InterleavedRounds(9, warmUp: true) {
                    [
                        swiftTime(op, lhs, rhs, rounds: c.rounds),
                        cTime(op, lhsText, rhsText, rounds: c.rounds, fresh: true),
                        cTime(op, lhsText, rhsText, rounds: c.rounds, fresh: false),
                    ]
                }
                let (swift, fresh, reused) = (rounds.median(0), rounds.median(1), rounds.median(2))
                rows.append((c.name, name, swift, fresh, reused))
                print(
                    pad(c.name, 15) + pad(name, 8) + pad(format(swift), 13) + pad(format(fresh), 13)
                        + pad(format(reused), 13)
                        + pad(format3(rounds.ratio(0, to: 1)) + "x", 13) + format3(rounds.ratio(0, to: 2)) + "x")
            }
        }
        return rows
    }

    static func cTime(_ op: gmp_baseline_op, _ lhs: [String], _ rhs: [String], rounds: Int, fresh: Bool) -> Double {
        withCStrings(lhs) { a in
            withCStrings(rhs) { b in
                gmp_baseline_time(Int32(op.rawValue), a, b, Int32(lhs.count), rounds, fresh ? 1 : 0)
            }
        }
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { UnsafePointer(strdup($0)) }
        defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    static func swiftTime(_ op: gmp_baseline_op, _ a: [Rational], _ b: [Rational], rounds: Int) -> Double {
        var sink = 0
        var operations = 0
        let start = nanoseconds()
        switch op {
        case GMP_BASELINE_ADD:
            for _ in 0..<rounds { for i in a.indices { sink &+= (a[i] + b[i]).signum } }
            operations = rounds * a.count
        case GMP_BASELINE_MUL:
            for _ in 0..<rounds { for i in a.indices { sink &+= (a[i] * b[i]).signum } }
            operations = rounds * a.count
        case GMP_BASELINE_DIV:
            for _ in 0..<rounds { for i in a.indices { sink &+= (a[i] / b[i]).signum } }
            operations = rounds * a.count
        case GMP_BASELINE_CMP:
            // Borrowed element access, as the C loop reads its mpq_t array without reference counting.
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for _ in 0..<rounds { for i in a.indices { sink &+= a[i] < b[i] ? 1 : 0 } }
                }
            }
            operations = rounds * a.count
        default:
            for _ in 0..<rounds {
                var base = 0
                while base + 64 <= a.count {
                    var acc = Rational.zero
                    for i in base..<base + 64 { acc += a[i] * b[i] }
                    sink &+= acc.signum
                    operations += 1
                    base += 64
                }
            }
        }
        let elapsed = nanoseconds() - start
        blackHole(sink)
        return elapsed / Double(operations)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
