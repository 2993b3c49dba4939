import ArgumentParser
import ExactArithmetic
import ExactNet

extension GradeFormat: ExpressibleByArgument {}
extension RoundingRule: ExpressibleByArgument {}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Grade hand solutions: the first wrong entry, errors carried forward, roundings, named mistakes.",
        discussion: """
            Each entry of a solution is correct, follows (wrong against the key, but what the sheet's own \
            earlier entries imply) or wrong; entries the sheet skips are listed as missing and never count. \
            The solution format is described in the README ('Grading a hand solution').

            Exit status: 0 when no entry is wrong, 1 when one is, 2 for a bad network or solution file.

            Examples:
              exactnet check Examples/01-seed-skip-connection.exnet Examples/Solutions/01-exercise2-sigma-learning.txt
              exactnet check net.exnet sheets/*.txt --format csv -o grades.csv
            """
    )

    /// The network file, or a sealed key in its place.
    @OptionGroup var network: NetworkOptions
    @Argument(help: "Solution files (see the README for their format).") var solutions: [String]
    @Option(help: "Report format: text, markdown, latex, json or csv (one row per solution).")
    var format: GradeFormat = .text
    @Option(help: "How a decimal may round the exact value: half-up, half-even, any or none (exact only).")
    var rounding: RoundingRule = .halfUp
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output (all or nothing).")
    var output: String?

    func validate() throws {
        guard !solutions.isEmpty else { throw ValidationError("give at least one solution file") }
    }

    func run() throws {
        let sealed: SealedKey?
        do { sealed = try SealedKey.readIfSealed(network.file) } catch { throw Advice.fail(error) }
        if let sealed { return try grade(against: sealed) }
        let (file, overrides) = try network.load()
        let trace: TrainingTrace<Rational>
        do { trace = try file.train(as: Rational.self, steps: network.steps, overrides: overrides) } catch {
            guard error.hint == .useFloatingPointScalar else { throw Advice.fail(error) }
            // Grading recomputes exactly; a sigmoid-type network has no exact run to grade against.
            throw Advice.fail(
                error.description
                    + " (exactnet check grades networks without transcendental functions; "
                    + "exactnet run --scalar certified prints such a network's key)")
        }
        let grader = Grader(trace: trace, rounding: rounding)
        var grades: [Grade] = []
        for solution in try readSolutions(shape: KeyShape(trace), limits: file.limits) {
            do { grades.append(try grader.grade(solution)) } catch {
                // The sheet's own values feed the recomputation, and can make it outgrow the limits.
                throw Advice.fail(
                    "\(solution.path): error: recomputing from the sheet's values, \(error.description)"
                        + (error.hint.map(Advice.flagAdvice) ?? ""))
            }
        }
        try report(grades)
    }

    /// Every sheet, read before anything is written: one bad file leaves no half report.
    func readSolutions(shape: KeyShape, limits: Limits = .standard) throws -> [Solution] {
        var parsed: [Solution] = []
        for path in solutions {
            do { parsed.append(try Solution(contentsOf: path, shape: shape, limits: limits)) } catch {
                throw Advice.fail(error)
            }
        }
        return parsed
    }

    /// Writes the grades whole, and exits 1 when any sheet has a wrong entry.
    func report(_ grades: [Grade]) throws {
        try FileOutput.emit(render(grades), to: output, input: network.file)
        if grades.contains(where: { !$0.passes }) { throw ExitStatus.findings.code }
    }

    /// A sealed key (`exactnet run --format sealed`): correct, rounded or wrong, without values.
    func grade(against key: SealedKey) throws {
        guard network.steps == nil, network.overrides.isEmpty else {
            throw Advice.fail("exactnet: error: --steps and --set do not apply to a sealed key", status: .usage)
        }
        try report(try readSolutions(shape: key.shape).map { key.grade($0, rounding: rounding) })
    }

    func render(_ grades: [Grade]) -> String {
        switch format {
        case .csv: return ([Grade.csvHeader] + grades.map(\.csvRow)).joined(separator: "\n") + "\n"
        case .json:
            return grades.count == 1
                ? grades[0].json() : "[\n" + grades.map { $0.json().dropLast() }.joined(separator: ",\n") + "\n]\n"
        case .text: return grades.map { $0.text(network: network.file) }.joined(separator: "\n")
        case .markdown: return grades.map { $0.markdown(network: network.file) }.joined(separator: "\n")
        case .latex: return Grade.latex(grades, network: network.file)
        }
    }
}
