import ExactArithmetic
import Synchronization

/// An answer key: a training trace prepared for printing as text, Markdown, LaTeX or JSON.
///
/// ```swift
/// let trace = try NetworkFile(contentsOf: "Examples/01-seed-skip-connection.exnet").train(as: Rational.self)
/// let key = AnswerKey(trace: trace, title: "Seed exercise")
/// print(key.text())
/// ```
public struct AnswerKey<Scalar: ReportableScalar> {
    /// The heading (usually the file name).
    public let title: String
    /// The training run the key describes.
    public let trace: TrainingTrace<Scalar>
    /// How much of the run the key shows.
    public let detail: KeyDetail
    var network: Network<Scalar> { trace.network }

    /// Where each (step, sample)'s kinks sit in the trace's list, which the engine fills in
    /// evaluation order; found once, not once per sample.
    let kinksBySample: [SampleIndex: Range<Int>]

    /// Strings that depend only on the network, built on first use and then reused.
    let structure = StructureCache()

    struct SampleIndex: Hashable {
        var step: Int
        var sample: Int
    }

    /// Prepares the key of a trace, at a level of detail (everything by default).
    public init(trace: TrainingTrace<Scalar>, title: String, detail: KeyDetail = .full) {
        self.trace = trace
        self.title = title
        self.detail = detail
        var ranges: [SampleIndex: Range<Int>] = [:]
        for (i, kink) in trace.kinks.enumerated() {
            let key = SampleIndex(step: kink.step, sample: kink.sample)
            ranges[key] = (ranges[key]?.lowerBound ?? i)..<(i + 1)
        }
        kinksBySample = ranges
        let network = trace.network
        definitions = network.definitions
        parameterNames = network.parameterNames
        gradientOrder = network.gradientOrder
    }

    /// The definitions, in evaluation order (found once: renderers index them in loops).
    let definitions: [Int]
    /// The parameters' names, in declaration order.
    let parameterNames: [String]
    /// Gradients in the order a hand solution derives them: from the loss backwards, then parameters.
    let gradientOrder: [Int]
    var sampleNames: [Int] { network.sampleIndices }
    var hasMomentum: Bool { trace.options.momentum != .zero }

    func name(_ q: Int) -> String { network.quantities[q].name }

    var settingsLine: String {
        "scalar \(Scalar.scalarName) · learning rate \(trace.options.learningRate.plainText) · steps \(trace.options.steps)"
            + " · reduction \(trace.options.reduction.rawValue) · momentum \(trace.options.momentum.plainText)"
            + (Scalar.certifiedDigits.map {
                "\nfractions are exact; every decimal is the correctly rounded value to \($0) significant digits, guaranteed"
            } ?? "")
    }

    func kinks(step: Int, sample: Int) -> ArraySlice<Kink> {
        kinksBySample[SampleIndex(step: step, sample: sample)].map { trace.kinks[$0] } ?? []
    }

    func sampleDescription(_ values: [Scalar]) -> String {
        sampleNames.map { "\(name($0)) = \(values[$0].plainText)" }.joined(separator: ", ")
    }

    /// The chain rule for dL/dq in one sample: the symbolic sum (`dL/dz0 · x`) and the
    /// same sum with numbers (`3/4 · 1`). Local derivatives that are one symbol are
    /// written as that symbol, as a hand solution does; others as ∂c/∂q.
    /// `upstream` remembers each dL/dc already written as a factor in this sample: a gradient is
    /// substituted into the sum of every quantity its definition uses, and converted once.
    /// `derivatives` are the network's ``Network/localDerivatives``, which a renderer finds once.
    func chainRule(
        _ q: Int, _ sample: SampleResult<Scalar>, latex: Bool, upstream: inout [String?],
        derivatives: [[String: Formula<Scalar>]], numbersUpTo limit: Int = .max
    ) -> (symbolic: String, numbers: String) {
        let terms = sample.chainTerms[q]
        if terms.isEmpty { return ("0", "0") }
        let product = latex ? "\\cdot " : " · "
        let symbolic = structure.symbolicChainRule(
            q, terms.map(\.consumer), latex: latex, key: self, derivatives: derivatives)
        var numbers = ""
        for (k, t) in terms.enumerated() {
            // Numbers longer than the caller shows are not written at all ("" says so): values of
            // b bits in all have more than 3b/10 - 2 digits, so that is known before any digit is made.
            if limit < .max {
                let upstreamBits = t.consumer == network.lossIndex ? 0 : sample.gradients[t.consumer].storageBits
                if t.factor.storageBits + upstreamBits > 4 * limit || numbers.utf8.count > 3 * limit {
                    return (symbolic, "")
                }
            }
            if k > 0 { numbers += " + " }
            if t.consumer != network.lossIndex {
                if upstream[t.consumer] == nil {
                    upstream[t.consumer] = factor(sample.gradients[t.consumer], latex: latex)
                }
                numbers += upstream[t.consumer]! + product
            }
            numbers += factor(t.factor, latex: latex)
        }
        if limit < .max && numbers.unicodeScalars.count > limit { return (symbolic, "") }
        return (symbolic, numbers)
    }

    /// A definition's right-hand side as text or LaTeX, built once per network.
    func definitionText(_ q: Int, latex: Bool) -> String {
        structure.definition(q, latex: latex, key: self)
    }

    /// A number as a factor in a product: negative ones in parentheses, `(-1/4)`, `\left(-\frac{1}{4}\right)`.
    func factor(_ x: Scalar, latex: Bool) -> String {
        guard latex else {
            var (bytes, powers) = ([UInt8](), PowerOfTwoDigits(maximumBytes: 0))
            appendFactor(x, to: &bytes, reusing: &powers)
            return String(decoding: bytes, as: UTF8.self)
        }
        let text = x.latexText
        return text.hasPrefix("-") ? "\\left(\(text)\\right)" : text
    }

    /// ``factor(_:latex:)`` in plain text, appended as bytes (text keys build their cells so).
    func appendFactor(_ x: Scalar, to bytes: inout [UInt8], reusing powers: inout PowerOfTwoDigits) {
        let start = bytes.count
        x.appendPlainText(to: &bytes, reusing: &powers)
        if bytes.count > start && bytes[start] == UInt8(ascii: "-") {
            bytes.insert(UInt8(ascii: "("), at: start)
            bytes.append(UInt8(ascii: ")"))
        }
    }

    func stepLabel(_ step: Int) -> String {
        step == trace.steps.count ? "final evaluation after step \(step)" : "step \(step)"
    }
}

/// How much of a training run an answer key shows.
public enum KeyDetail: String, CaseIterable, Sendable {
    /// Every step and every sample: forward values, the chain rule of every gradient, updates.
    case full
    /// Per step: parameters, objective, gradients dJ/dw and updates; no per-sample tables.
    case steps
    /// The final parameters and objective only.
    case final
}

/// The four formats of an answer key.
public enum KeyFormat: String, CaseIterable, Sendable {
    /// Aligned plain text for a terminal.
    case text
    /// GitHub-flavoured Markdown tables.
    case markdown
    /// A LaTeX document (or its body).
    case latex
    /// JSON.
    case json
}

extension AnswerKey {
    /// The whole key in `format` as one string (``text()``, ``json()``, …: for small keys and tests).
    func collected(_ format: KeyFormat, latexFragment: Bool = false) -> String {
        let writer = KeyWriter()
        write(format, to: writer, latexFragment: latexFragment)
        return writer.text
    }

    /// Writes the key in `format` to `out` as it goes.
    ///
    /// ```swift
    /// let writer = KeyWriter(descriptor: 1)
    /// key.write(.json, to: writer)
    /// try writer.finish()
    /// ```
    public func write(_ format: KeyFormat, to out: KeyWriter, latexFragment: Bool = false) {
        switch format {
        case .text: writeText(to: out)
        case .markdown: writeMarkdown(to: out)
        case .latex: writeLaTeX(to: out, fragment: latexFragment)
        case .json: writeJSON(to: out)
        }
    }
}

/// The structural strings of a key (definitions, symbolic chain rules), cached per quantity and
/// format: they depend on the network only, while a key prints them once per sample and step.
final class StructureCache: Sendable {
    // Locked: text keys write two samples at once, and both may ask for the same entry first.
    private let chainRules = Mutex<[Int: String]>([:])
    private let definitions = Mutex<[Int: String]>([:])

    func symbolicChainRule<S: ReportableScalar>(
        _ q: Int, _ consumers: [Int], latex: Bool, key: AnswerKey<S>, derivatives: [[String: Formula<S>]]
    ) -> String {
        Self.memo(chainRules, q, latex) {
            key.network.symbolicChainRule(q, consumers, latex: latex, derivatives: derivatives)
        }
    }

    func definition<S: ReportableScalar>(_ q: Int, latex: Bool, key: AnswerKey<S>) -> String {
        Self.memo(definitions, q, latex) { FormulaFormatting.render(key.network.formulas[q]!, latex ? .latex : .text) }
    }

    private static func memo(_ table: borrowing Mutex<[Int: String]>, _ q: Int, _ latex: Bool, _ make: () -> String)
        -> String
    {
        let slot = 2 * q + (latex ? 1 : 0)
        if let cached = table.withLock({ $0[slot] }) { return cached }
        let text = make()  // outside the lock: both threads may make it, and they make the same text
        table.withLock { $0[slot] = text }
        return text
    }
}
