extension Network {
    /// Adds `terms[termIndices[k]]` to `sums[k]` for every k, in place, each sum bounded by
    /// `limit` (``Limits/maximumBits``) before any is made; returns the additions' work for the
    /// budget. Whichever thread evaluated a sample adds its parameter gradients into its own
    /// workspace's sums this way (exact sums are the same however they are grouped), and the
    /// step adds the threads' sums together the same way.
    func addGradients(
        _ terms: [Scalar], at termIndices: [Int], into sums: inout [Scalar], step: Int, limit: Int
    ) throws(NetworkError) -> Double {
        var work = 0.0
        for (k, t) in termIndices.enumerated() {
            if let bound = sizeExceeding(sums[k], terms[t], plus: 1, limit: limit) {
                throw .gradientTooLarge(
                    quantity: quantities[parameterIndices[k]].name, bits: bound, step: step, limit: limit)
            }
            work += Budget.work(bits: sums[k].storageBitsBound + terms[t].storageBitsBound)
        }
        // Each term is read where it lies (a copy would be retained and released).
        sums.withUnsafeMutableBufferPointer { sums in
            terms.withUnsafeBufferPointer { terms in
                for (k, t) in termIndices.enumerated() {
                    sums[k].store(UnsafePointer(sums.baseAddress! + k), terms.baseAddress! + t, .add)
                }
            }
        }
        return work
    }

    /// The step's parameter gradients summed over its samples: the sums of every workspace
    /// that evaluated some (then reset to zero for the next step), added in a fixed order.
    func takeGradientSums(
        from workspaces: inout [Workspace], budget: inout Budget, step: Int, limit: Int
    ) throws(NetworkError) -> [Scalar] {
        var total = workspaces[0].gradientSums
        workspaces[0].gradientSums = [Scalar](repeating: .zero, count: total.count)
        let all = Array(total.indices)
        for w in workspaces.indices.dropFirst() {
            let work = try addGradients(workspaces[w].gradientSums, at: all, into: &total, step: step, limit: limit)
            try budget.spendAdditions(work: work, step: step)
            workspaces[w].gradientSums = [Scalar](repeating: .zero, count: total.count)
        }
        return total
    }
}
