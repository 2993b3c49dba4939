import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// Sealed keys: digests only, yet a sheet grades correct / rounded / wrong against them.
@Suite struct SealedKeyTests {
    static func seed() throws -> TrainingTrace<Rational> { try GradingTests.example("01-seed-skip-connection").1 }

    func sheet(_ name: String) -> String {
        ExactNetBinary.packageRoot.appendingPathComponent("Examples/Solutions/\(name).txt").path
    }

    /// Every string in a JSON document.
    func strings(_ value: Any) -> [String] {
        switch value {
        case let s as String: return [s]
        case let a as [Any]: return a.flatMap(strings)
        case let d as [String: Any]: return d.keys.map { $0 } + d.values.flatMap(strings)
        default: return []
        }
    }

    @Test func noValueOfTheKeyAppearsInTheSealedFile() throws {
        let trace = try Self.seed()
        let shape = KeyShape(trace)
        let text = SealedKey(trace: trace).json()
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let written = Set(strings(document))
        var values: Set<String> = []
        for step in 0...shape.stepCount {
            for e in shape.entries(inStep: step) {
                let v = trace.value(of: e)
                values.insert(v.description)
                for places in 1...6 { values.insert(v.decimalText(places: places, .halfUp)) }
            }
        }
        #expect(values.count > 20)
        #expect(written.isDisjoint(with: values))
        // The numbers in the file are indices and counts, never values (27/8, 3/8 and -1/4 have no integer form).
        #expect(!text.contains("27/8") && !text.contains("0.375") && !text.contains("3.375"))
    }

    @Test func aSealedKeyGradesCorrectRoundedAndWrongAfterARoundTrip() throws {
        let trace = try Self.seed()
        let sealed = try SealedKey(parsing: SealedKey(trace: trace).json(), path: "key.json")
        let right = sealed.grade(try Solution(contentsOf: sheet("01-sheet03-team-mte"), shape: sealed.shape))
        #expect(right.passes && right.count(.correct) == 14 && !right.recomputes)
        let flipped = sealed.grade(try Solution(contentsOf: sheet("01-exercise2-sigma-learning"), shape: sealed.shape))
        let first = try #require(flipped.firstWrong.map { flipped.entries[$0] })
        #expect(first.name == "dL/dyhat" && first.mistake == .sign && first.expected == nil)
        #expect(flipped.count(.follows) == 0)  // a sealed key cannot recompute
        let rounded = sealed.grade(
            try Solution(
                parsing: "step 0\nz2 = 0.38\nloss = 3.4\nfinal\nloss = 3.000\n", path: "s", shape: sealed.shape))
        #expect(rounded.entries.filter { $0.given != nil }.allSatisfy { $0.verdict == .correct })
        #expect(rounded.entries.filter { $0.rounded }.map(\.name) == ["z2", "loss"])
        let strict = sealed.grade(
            try Solution(parsing: "step 0\nz2 = 0.38\n", path: "s", shape: sealed.shape), rounding: .none)
        #expect(strict.count(.wrong) == 1)
        let other = sealed.grade(try Solution(parsing: "step 0\nz1 = 1/2\n", path: "s", shape: sealed.shape))
        #expect(other.entries.first { $0.name == "z1" }?.mistake == .otherQuantity("h0"))
    }

    @Test(arguments: [
        ("{\"format\": \"exactnet-sealed-key\", \"version\": 1", 1, 47, "unexpected end"),
        ("{\"format\": \"exactnet-sealed-key\", \"version\": 2}", 1, 1, "\"version\": 1"),
        ("{\"format\": \"exactnet-sealed-key\", \"version\": 1, \"salt\": \"00\"}", 1, 1, "missing salt"),
    ])
    func aDamagedSealedKeyIsALocatedError(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try SealedKey(parsing: text, path: "key.json")
        } throws: { error in
            guard let e = error as? NetworkFileError else { return false }
            return e.line == line && e.column == column && e.message.contains(message)
        }
    }

    @Test func aShapeTooLargeToLoopOverIsRefused() throws {
        var text = SealedKey(trace: try Self.seed()).json()
        text = text.replacingOccurrences(of: "\"samples\": 1,", with: "\"samples\": 999999999999,")
        #expect(throws: NetworkFileError.self) { _ = try SealedKey(parsing: text, path: "key.json") }
    }
}
