import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// Grading hand solutions: the seed sheets, each named mistake, the solution grammar's errors.
@Suite struct GradingTests {
    static func example(_ name: String) throws -> (NetworkFile, TrainingTrace<Rational>) {
        let file = try NetworkFile(
            contentsOf: ExactNetBinary.packageRoot.appendingPathComponent("Examples/\(name).exnet").path)
        return (file, try file.train(as: Rational.self))
    }

    static func grade(
        _ example: String, _ solution: String, rounding: RoundingRule = .halfUp
    ) throws -> Grade {
        let (_, trace) = try Self.example(example)
        let parsed = try Solution(parsing: solution, path: "sheet.txt", shape: KeyShape(trace))
        return try Grader(trace: trace, rounding: rounding).grade(parsed)
    }

    static func gradeFixture(_ name: String) throws -> Grade {
        let (_, trace) = try example("01-seed-skip-connection")
        let path = ExactNetBinary.packageRoot.appendingPathComponent("Examples/Solutions/\(name).txt").path
        return try Grader(trace: trace).grade(try Solution(contentsOf: path, shape: KeyShape(trace)))
    }

    func entry(_ grade: Grade, _ section: String, _ name: String) -> GradedEntry? {
        grade.entries.first { $0.section == section && $0.name == name }
    }

    @Test func theRightSeedSheetHasNothingWrong() throws {
        let grade = try Self.gradeFixture("01-sheet03-team-mte")
        #expect(grade.firstWrong == nil)
        #expect(grade.count(.wrong) == 0 && grade.count(.follows) == 0)
        #expect(grade.count(.correct) == 14)
        #expect(entry(grade, "step 0", "w0 <-")?.expected == Rational(-1, 4))
        #expect(entry(grade, "final", "z0")?.verdict == .correct)
    }

    @Test func theFlippedSignIsTheOnlyWrongEntryAndEverythingAfterItFollows() throws {
        let grade = try Self.gradeFixture("01-exercise2-sigma-learning")
        #expect(grade.count(.wrong) == 1)
        let first = try #require(grade.firstWrong.map { grade.entries[$0] })
        #expect(first.name == "dL/dyhat" && first.section == "step 0" && first.given == "-1")
        #expect(first.expected == 1 && first.mistake == .sign && first.line == 20)
        let after = grade.entries[(grade.firstWrong! + 1)...].filter { $0.verdict != .missing }
        #expect(after.count == 17)
        for e in after where e.section == "step 0" && e.name.hasPrefix("dL/d") {
            #expect(e.verdict == .follows, "\(e.name)")
            #expect(e.implied == e.expected.map { -$0 }, "\(e.name): the carried sign")
        }
        // The updates the sheet wrote: 1/2 + lr · |gradient|.
        #expect(entry(grade, "step 0", "w0 <-")?.implied == Rational(5, 4))
        #expect(entry(grade, "step 0", "w3 <-")?.implied == 1)
        // The final pass runs on the sheet's weights; 1.95 rounds 125/64, 4.95 rounds 317/64.
        for name in ["z0", "h0", "z1", "h1"] {
            let e = try #require(entry(grade, "final", name))
            #expect(e.verdict == .follows && !e.rounded)
        }
        for (name, exact) in [("z2", Rational(125, 64)), ("yhat", Rational(125, 64)), ("loss", Rational(317, 64))] {
            let e = try #require(entry(grade, "final", name))
            #expect(e.verdict == .follows && e.rounded && e.implied == exact, "\(name)")
        }
        #expect(entry(grade, "final", "loss")?.expected == 3)
        // Entries before the mistake are right; the skipped gradients are listed, never counted.
        #expect(grade.count(.correct) == 7)
        #expect(grade.entries.filter { $0.verdict == .missing }.map(\.name) == ["dL/dh1", "dL/dh0", "dL/dz0"])
    }

    @Test func aRoundingIsWrongWhenTheRuleSaysNone() throws {
        let sheet = "step 0\nz2 = 0.375\nfinal\nloss = 3.0\nz1 = 0.1\n"
        let none = try Self.grade("01-seed-skip-connection", sheet, rounding: .none)
        #expect(entry(none, "final", "loss")?.verdict == .correct)  // 3.0 is exactly 3
        let rounded = try Self.grade("01-seed-skip-connection", "step 0\nz2 = 0.38\n", rounding: .none)
        #expect(entry(rounded, "step 0", "z2")?.verdict == .wrong)
        let halfUp = try Self.grade("01-seed-skip-connection", "step 0\nz2 = 0.38\n")
        #expect(entry(halfUp, "step 0", "z2")?.verdict == .correct && entry(halfUp, "step 0", "z2")?.rounded == true)
        let halfEven = try Self.grade("01-seed-skip-connection", "step 0\nz2 = 0.38\n", rounding: .halfEven)
        #expect(entry(halfEven, "step 0", "z2")?.verdict == .correct)  // 0.375: the even neighbour is 0.38
        let down = try Self.grade("01-seed-skip-connection", "step 0\nz2 = 0.37\n", rounding: .halfUp)
        #expect(entry(down, "step 0", "z2")?.verdict == .wrong)
        let any = try Self.grade("01-seed-skip-connection", "step 0\nz2 = 0.37\n", rounding: .any)
        #expect(entry(any, "step 0", "z2")?.verdict == .correct)
    }

    @Test func aLeftOutSkipPathIsAMissingTermNamedSymbolically() throws {
        // dL/dh0 = dL/dz1 · w1 + dL/dz2 · w3 = 1/4 + 1/2; the sheet forgot the skip path.
        let grade = try Self.grade("01-seed-skip-connection", "step 0\ndL/dh0 = 1/4\n")
        let e = try #require(entry(grade, "step 0", "dL/dh0"))
        #expect(e.verdict == .wrong && e.mistake == .missingTerm("dL/dz2 · w3"))
    }

    @Test func aForgottenLeakyReLUDerivativeIsNamed() throws {
        // h1 = leaky_relu(w1 · x, alpha) with w1 · x = -1: dL/dw1 = dL/dh1 · alpha · x, not dL/dh1 · x.
        let (file, trace) = try Self.example("03-deep-leaky-chain")
        _ = file
        let r = trace.steps[0].samples[0]
        let n = trace.network
        let forgotten = r.gradients[n.index(of: "h1")!] * 2
        #expect(forgotten != r.gradients[n.index(of: "w1")!])
        let grade = try Self.grade("03-deep-leaky-chain", "step 0\ndL/dw1 = \(forgotten)\n")
        let e = try #require(entry(grade, "step 0", "dL/dw1"))
        #expect(e.mistake == .missingActivationDerivative("leaky_relu'(w1 * x)"))
    }

    @Test func anUphillUpdateAndAForgottenLearningRateAreNamed() throws {
        // Seed: w0 = 1/2, dJ/dw0 = 3/4, lr = 1: uphill gives 5/4.
        let uphill = try Self.grade("01-seed-skip-connection", "step 0\nw0 <- 5/4\n")
        #expect(entry(uphill, "step 0", "w0 <-")?.mistake == .updateSign)
        // Deep chain, lr = 1/2: w − g instead of w − g/2.
        let (_, trace) = try Self.example("03-deep-leaky-chain")
        let w = trace.steps[0].parameters[0]
        let g = trace.steps[0].gradients[0]
        let grade = try Self.grade("03-deep-leaky-chain", "step 0\nw1 <- \(w - g)\n")
        #expect(entry(grade, "step 0", "w1 <-")?.mistake == .learningRate)
    }

    @Test func anotherQuantitysValueIsNamedAfterTheNearestOne() throws {
        // z1 = w1 · h0 = 1/4; 1/2 is h0's value (and z0's, and every weight's): the nearest before it is h0.
        let grade = try Self.grade("01-seed-skip-connection", "step 0\nz1 = 1/2\n")
        #expect(entry(grade, "step 0", "z1")?.mistake == .otherQuantity("h0"))
        // A value no rule explains gets no name.
        let plain = try Self.grade("01-seed-skip-connection", "step 0\nz1 = 7/9\n")
        let e = try #require(entry(plain, "step 0", "z1"))
        #expect(e.verdict == .wrong && e.mistake == nil)
    }

    @Test func aSumOverSamplesMissingOneSampleIsNamed() throws {
        // Mean over three samples: dJ/dw1 without sample 2's third (sample 1's relu is off: its term is 0).
        let (_, trace) = try Self.example("02-batch-bias-mean")
        let k = 0
        let q = trace.network.parameterIndices[k]
        let partial = trace.steps[0].gradients[k] - trace.steps[0].samples[2].gradients[q] / 3
        #expect(partial != trace.steps[0].gradients[k])
        let grade = try Self.grade("02-batch-bias-mean", "step 0\ndJ/dw1 = \(partial)\n")
        #expect(entry(grade, "step 0", "dJ/dw1")?.mistake == .missingTerm("sample 2"))
    }

    @Test(arguments: [
        ("step 0\nw9 = 1\n", 2, 1, "unknown name 'w9'"),
        ("z0 = 1\n", 1, 1, "comes before any section"),
        ("step 3\n", 1, 6, "there is no step 3"),
        ("step 0\nz0 = 1/2\nz0 = 0.5\n", 3, 1, "given twice"),
        ("step 0\nz0 = half\n", 2, 6, "expected a number"),
        ("step 0\nz0 = 1/0\n", 2, 6, "expected a number"),
        ("final\ndL/dz0 = 1\n", 2, 1, "no gradients"),
        ("final\nw0 <- 1\n", 2, 1, "no update"),
        ("step 0\nz0 <- 1\n", 2, 1, "only a parameter is updated"),
        ("step 0\ndJ/dz0 = 1\n", 2, 1, "parameters only"),
        ("alias w0 = w1\n", 1, 7, "an alias would hide it"),
        ("alias w5 = w9\n", 1, 12, "unknown name 'w9'"),
        ("step 0\nz0 1/2\n", 2, 1, "expected an entry"),
        ("step 0 sample 1\n", 1, 15, "there is no sample 1"),
        ("step 0 extra\n", 1, 8, "unexpected 'extra'"),
        ("step 0\nz0 = 1e999999\n", 2, 6, "expected a number"),
        ("step 0\nz0 = " + String(repeating: "1", count: 100_001) + "\n", 2, 6, "longer than 100000 characters"),
    ])
    func solutionErrorsAreLocated(text: String, line: Int, column: Int, message: String) throws {
        let (_, trace) = try Self.example("01-seed-skip-connection")
        #expect {
            _ = try Solution(parsing: text, path: "s.txt", shape: KeyShape(trace))
        } throws: { error in
            guard let e = error as? NetworkFileError else { return false }
            return e.line == line && e.column == column && e.message.contains(message)
                && e.description.hasPrefix("s.txt:\(line):\(column): error: ")
        }
    }

    @Test func perSampleEntriesNeedASampleWhenThereAreSeveral() throws {
        let (_, trace) = try Self.example("02-batch-bias-mean")
        #expect(throws: NetworkFileError.self) {
            _ = try Solution(parsing: "step 0\nz = 1\n", path: "s.txt", shape: KeyShape(trace))
        }
        let s = try Solution(
            parsing: "step 0\nw1 = 1/2\nJ = 1\nstep 0 sample 2\nz = 1\n", path: "s.txt", shape: KeyShape(trace))
        #expect(s.entries.map(\.entry.sample) == [nil, nil, 2])
    }

    @Test func aliasesMapNamesInValuesGradientsAndUpdates() throws {
        let grade = try Self.grade(
            "01-seed-skip-connection",
            "alias ŷ = yhat\nalias skip = w3\nstep 0\nŷ = 3/8\ndL/dŷ = 1\ndL/dskip = 1/2\nskip <- 0\nL = 27/8\n")
        #expect(
            grade.entries.filter { $0.given != nil }.map(\.name) == ["yhat", "loss", "dL/dyhat", "dL/dw3", "w3 <-"])
        #expect(grade.passes && grade.count(.correct) == 5)
    }
}

/// A solution made from the key with one update perturbed, its later steps computed (by plain
/// training from the perturbed parameters, not by the grader's world), grades with exactly that
/// entry wrong, and every later entry that changed `follows`.
@Suite struct GradingPropertyTests {
    @Test(arguments: [11, 12, 13, 14, 15, 16])
    func aPerturbedUpdateIsTheFirstWrongEntryAndWhatDependsOnItFollows(seed: UInt64) throws {
        var random = NetworkFileFuzzTests.SplitMix(state: seed)
        let examples = ["01-seed-skip-connection", "02-batch-bias-mean", "03-deep-leaky-chain", "04-xor"]
        let name = random.pick(examples)
        let file = try NetworkFile(
            contentsOf: ExactNetBinary.packageRoot.appendingPathComponent("Examples/\(name).exnet").path)
        let steps = 3
        let trace = try file.train(as: Rational.self, steps: steps)
        let shape = KeyShape(trace)
        let s = Int(random.next() % UInt64(steps - 1))
        let k = Int(random.next() % UInt64(shape.parameterIndices.count))
        let delta = Rational(Int(random.next() % 7) + 1, Int(random.next() % 5) + 2)
        var perturbed = trace.steps[s].updated
        perturbed[k] += delta
        // The sheet's later steps: training restarted from its parameters (no momentum in these examples).
        var network = try file.builder(as: Rational.self).build(limits: file.limits)
        network.initialParameters = perturbed
        let rest = try network.train(
            samples: try file.samples(as: Rational.self), options: file.options(as: Rational.self, steps: steps - s - 1)
        )
        func sheetValue(_ e: KeyEntry) -> Rational {
            if e.step < s || (e.step == s && e.kind != .update(parameter: k)) { return trace.value(of: e) }
            if e.step == s { return perturbed[k] }
            return rest.value(of: KeyEntry(step: e.step - s - 1, sample: e.sample, kind: e.kind))
        }
        var text = ""
        var order: [KeyEntry] = []
        for step in 0...steps {
            for e in shape.entries(inStep: step) {
                text += "\(step == steps ? "final" : "step \(step)")\(e.sample.map { " sample \($0)" } ?? "")\n"
                let written = shape.name(of: e)
                text += written.hasSuffix(" <-") ? "\(written) \(sheetValue(e))\n" : "\(written) = \(sheetValue(e))\n"
                order.append(e)
            }
        }
        let grade = try Grader(trace: trace, rounding: .none).grade(
            try Solution(parsing: text, path: "generated.txt", shape: shape))
        let first = try #require(grade.firstWrong.map { grade.entries[$0] }, "\(name) step \(s) parameter \(k)")
        #expect(first.entry == KeyEntry(step: s, sample: nil, kind: .update(parameter: k)))
        #expect(grade.count(.wrong) == 1)
        for e in grade.entries where e.entry != first.entry {
            let changed = sheetValue(e.entry) != trace.value(of: e.entry)
            #expect(e.verdict == (changed ? .follows : .correct), "\(name): \(e.section) \(e.name)")
        }
    }
}

/// Random solution files from the grammar's own vocabulary: each parses and grades, or gives
/// one located error; nothing traps, against the network or against its sealed key.
@Suite struct SolutionFileFuzzTests {
    static let vocabulary = [
        "step", "final", "sample", "alias", "0", "1", "2", "99999999999", "=", "<-", "←", "z0", "z1", "h0", "yhat",
        "w0", "w3", "w5", "L", "J", "dL/dz0", "dL/dw3", "dJ/dw0", "dJ/dz0", "∂L/∂h0", "dL/d", "1/2", "-0.75", "1.95",
        "1/0", "1e-9", "0.333333", "#", "−1/4", "x", "y", "loss", "/", "-", "",
    ]

    @Test(arguments: [1, 2, 3])
    func randomSolutionsGradeOrFailWithALocation(seed: UInt64) throws {
        let (_, trace) = try GradingTests.example("01-seed-skip-connection")
        let shape = KeyShape(trace)
        let sealed = SealedKey(trace: trace)
        var random = NetworkFileFuzzTests.SplitMix(state: seed)
        var outcomes = (graded: 0, errors: 0)
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int(random.next() % 8) {
                let words = (0..<Int(random.next() % 5)).map { _ in random.pick(Self.vocabulary) }
                text += words.joined(separator: " ") + "\n"
            }
            do {
                let solution = try Solution(parsing: text, path: "f.txt", shape: shape)
                let grade = try Grader(trace: trace, rounding: random.pick(RoundingRule.allCases)).grade(solution)
                _ = grade.text(network: "n") + grade.json() + grade.latex(network: "n") + grade.csvRow
                _ = sealed.grade(solution).markdown(network: "k")
                outcomes.graded += 1
            } catch let error as NetworkFileError {
                #expect(error.line >= 1 && error.column >= 1, "\(error) for:\n\(text)")
                #expect(!error.message.contains("\n"))
                outcomes.errors += 1
            }
        }
        #expect(outcomes.graded > 20 && outcomes.errors > 20)
    }
}
