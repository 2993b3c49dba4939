/// Whether a text key's sample tables show each formula beside its value, as a hand solution does:
/// when every definition and every symbolic chain rule is short. A network with longer ones (a wide
/// layer's sums) gets them listed once, before the steps, and its samples' tables give values only;
/// repeated for every sample and step, they would be most of the key. The network's structure alone
/// decides, so it is known before training (no chain terms are kept for a key that prints none).
struct TextLayout {
    /// `[name, "=", formula]` for each definition, in evaluation order.
    let forwardRows: [[String]]
    /// `[dL/dq, "=", symbolic chain rule]`, in the order a hand solution derives gradients.
    let backwardRows: [[String]]
    let forwardInFull: Bool
    let backwardInFull: Bool
    /// The widest `name = formula` a sample's table shows beside its value.
    static let formulaWidth = 100
    /// Columns align to their cells of up to this many characters; a longer cell is not padded to.
    static let alignedWidth = 60
    /// A last cell (a value) wider than this stands on a line of its own.
    static let ownLineWidth = 80

    /// `derivatives` are the network's ``Network/localDerivatives``, when the caller has them.
    init<Scalar: ReportableScalar>(_ network: Network<Scalar>, derivatives: [[String: Formula<Scalar>]]? = nil) {
        let consumers = network.consumers
        let derivatives = derivatives ?? network.localDerivatives
        func name(_ q: Int) -> String { network.quantities[q].name }
        forwardRows = network.definitions.map {
            [name($0), "=", FormulaFormatting.render(network.formulas[$0]!, .text)]
        }
        backwardRows = network.gradientOrder.map { q in
            [
                NameFormatting.textDerivative(of: "loss", by: name(q)), "=",
                consumers[q].isEmpty
                    ? "0" : network.symbolicChainRule(q, consumers[q], latex: false, derivatives: derivatives),
            ]
        }
        func fits(_ rows: [[String]]) -> Bool {
            rows.allSatisfy { row in
                row.reduce(row.count - 1) { $0 + min($1.unicodeScalars.count, Self.formulaWidth + 1) }
                    <= Self.formulaWidth
            }
        }
        forwardInFull = fits(forwardRows)
        backwardInFull = fits(backwardRows)
    }
}
