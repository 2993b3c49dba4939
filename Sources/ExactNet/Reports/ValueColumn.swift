/// Rows `name = value` of a text key, as its tables write them (names aligned, a value wider than
/// ``TextLayout/ownLineWidth`` on a line of its own), with the values' digits written straight into the buffer.
struct ValueColumn {
    /// Each row's start, `  name<padding> =`, made once per key.
    private let prefixes: [[UInt8]]

    init(_ names: [String]) {
        let widths = names.map { $0.unicodeScalars.count }
        let column = widths.filter { $0 <= TextLayout.alignedWidth }.max() ?? 0
        prefixes = zip(names, widths).map { name, width in
            Array("  \(name)\(String(repeating: " ", count: max(0, column - width))) =".utf8)
        }
    }

    /// One row per name: `values[indices[row]]`, or `values[row]` without indices (the values are
    /// read in place, not gathered into an array of their own for every sample).
    func write<Scalar: ReportableScalar>(_ values: [Scalar], at indices: [Int]? = nil, to out: KeyWriter) {
        for (row, prefix) in prefixes.enumerated() {
            let index = indices?[row] ?? row
            out.writeBytes { bytes, powers in
                bytes.append(contentsOf: prefix)
                let start = bytes.count
                bytes.append(UInt8(ascii: " "))
                values[index].appendTextValue(to: &bytes, reusing: &powers)
                if bytes.count - start - 1 > TextLayout.ownLineWidth {
                    bytes.replaceSubrange(start..<(start + 1), with: "\n      ".utf8)
                }
                bytes.append(UInt8(ascii: "\n"))
            }
        }
    }
}
