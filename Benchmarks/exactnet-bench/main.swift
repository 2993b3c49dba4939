// exactnet-bench: `swift run -c release exactnet-bench [numbers|engine]`
// Compares against peers measured in the same run: raw C GMP, Python fractions,
// and a hand-written Double MLP. Prints medians; not a test.

let arguments = CommandLine.arguments.dropFirst()
let which = arguments.first ?? "all"
if which == "all" || which == "numbers" { _ = NumberBenchmarks.run() }
if which == "all" || which == "engine" { _ = EngineBenchmarks.run() }
