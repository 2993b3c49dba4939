extension Network {
    /// Evaluates one training sample in `workspace` and takes what training needs from it
    /// (``account(_:in:mode:keeps:step:)``) before the workspace evaluates another.
    func trainingSample(
        _ row: [Scalar], index: Int, parameters: [Scalar], step: Int, mode: Mode, record: inout Record,
        workspace: inout Workspace, keeps: Bool
    ) throws(NetworkError) -> (result: SampleResult<Scalar>, loss: Scalar, cost: Budget.SampleCost) {
        let r = try evaluate(
            sampleValues: row, parameters: parameters, step: step, sample: index, mode: mode, record: &record,
            workspace: &workspace, keeps: keeps)
        let (loss, cost) = try account(r, in: &workspace, mode: mode, keeps: keeps, step: step)
        return (r, loss, cost)
    }

    /// What training takes from the sample just evaluated in `workspace`, before the workspace
    /// evaluates another: its loss, its parameter gradients added into the workspace's sums, and
    /// its cost for the budget. After a plain reverse sweep of a kept sample the gradients are
    /// read from the workspace's slots (a chain-rule sweep leaves local derivatives there: its
    /// result is read); a sample that is not kept added its gradients into the parameters' slots
    /// already, and prints nothing, so only its work is metered (the slots' sums among it).
    func account(
        _ r: SampleResult<Scalar>, in workspace: inout Workspace, mode: Mode, keeps: Bool, step: Int
    ) throws(NetworkError) -> (loss: Scalar, cost: Budget.SampleCost) {
        let p = program
        var cost =
            keeps
            ? Budget.cost(of: r)
            : Budget.cost(ofSlots: p.slotOfQuantity, computed: p.computedSlots, in: workspace, mode: mode)
        let loss = workspace.values[p.slotOfQuantity[lossIndex]]
        if mode == .chainRule {
            // The chain-rule sweep leaves local derivatives in the slots; dL/dq is in the result.
            cost.work += try r.gradients.withUnsafeBufferPointer { gradients throws(NetworkError) in
                try addGradients(
                    gradients, at: parameterIndices, into: &workspace.gradientSums, step: step,
                    limit: workspace.maximumBits)
            }
        } else if mode == .gradients && keeps {
            cost.work += try workspace.adjoint.withUnsafeBufferPointer { adjoint throws(NetworkError) in
                try workspace.touched.withUnsafeBufferPointer { touched throws(NetworkError) in
                    try addGradients(
                        adjoint, at: parameterSlots, present: touched, into: &workspace.gradientSums, step: step,
                        limit: workspace.maximumBits)
                }
            }
        }
        return (loss, cost)
    }

    /// Adds `terms[termIndices[k]]` to `sums[k]` for every k whose term is `present` (all when
    /// nil), in place, each sum bounded by `limit` (``Limits/maximumBits``) before any is made;
    /// returns the additions' work for the budget. Whichever thread evaluated a sample adds its
    /// parameter gradients into its own workspace's sums this way (exact sums are the same
    /// however they are grouped), and the step adds the threads' sums together the same way.
    func addGradients(
        _ terms: UnsafeBufferPointer<Scalar>, at termIndices: [Int], present: UnsafeBufferPointer<Bool>? = nil,
        into sums: inout [Scalar], step: Int, limit: Int
    ) throws(NetworkError) -> Double {
        var work = 0.0
        try sums.withUnsafeBufferPointer { sums throws(NetworkError) in
            for (k, t) in termIndices.enumerated() where present?[t] ?? true {
                work += try gradientAddition(
                    sums.baseAddress! + k, terms.baseAddress! + t, parameter: k, step: step, limit: limit)
            }
        }
        // Each term is read where it lies (a copy would be retained and released).
        sums.withUnsafeMutableBufferPointer { sums in
            for (k, t) in termIndices.enumerated() where present?[t] ?? true {
                sums[k].store(UnsafePointer(sums.baseAddress! + k), terms.baseAddress! + t, .add)
            }
        }
        return work
    }

    /// Bounds `sum + term`, a sum of parameter `k`'s gradients, by `limit` (the run stops naming
    /// the parameter), and returns the addition's work for the budget. Both are read where they
    /// lie: a copy would be retained and released, and the second thread's sums are merged into
    /// the first's while that thread is about to write into them again.
    private func gradientAddition(
        _ sum: UnsafePointer<Scalar>, _ term: UnsafePointer<Scalar>, parameter k: Int, step: Int, limit: Int
    ) throws(NetworkError) -> Double {
        if let bound = sizeExceeding(sum.pointee, term.pointee, plus: 1, limit: limit) {
            throw .gradientTooLarge(
                quantity: parameterNames[k], bits: bound, step: step, limit: limit)
        }
        return Budget.work(bits: sum.pointee.storageBitsBound + term.pointee.storageBitsBound)
    }

    /// The step's parameter gradients summed over its samples: the sums of every workspace
    /// that evaluated some (then reset to zero for the next step), added in a fixed order.
    func takeGradientSums(
        from workspaces: inout [Workspace], budget: inout Budget, step: Int, limit: Int
    ) throws(NetworkError) -> [Scalar] {
        // Sums kept in parameter slots (runs that keep no samples) are added into the first
        // workspace's slots, in the storage they have grown there, and copied out once.
        var merged = Set<Int>()
        for w in workspaces.indices.dropFirst() where workspaces[w].summedStep != nil {
            let work = try workspaces.withUnsafeMutableBufferPointer { ws throws(NetworkError) in
                try mergeSummedGradients(from: &ws[w], into: &ws[0], step: step, limit: limit)
            }
            try budget.spendAdditions(work: work, step: step)
            merged.insert(w)
        }
        for w in workspaces.indices { workspaces[w].copySummedGradients(parameterSlots) }
        var total = workspaces[0].gradientSums
        workspaces[0].gradientSums = [Scalar](repeating: .zero, count: total.count)
        let all = Array(total.indices)
        for w in workspaces.indices.dropFirst() where !merged.contains(w) {
            let work = try workspaces[w].gradientSums.withUnsafeBufferPointer { terms throws(NetworkError) in
                try addGradients(terms, at: all, into: &total, step: step, limit: limit)
            }
            try budget.spendAdditions(work: work, step: step)
            workspaces[w].gradientSums = [Scalar](repeating: .zero, count: total.count)
        }
        return total
    }
}

extension Network {
    /// Adds the parameter gradients `source` summed in its parameter slots this step into
    /// `target`'s slots (in place where `target` has a sum, a copy into its slot's storage where
    /// not), each sum bounded first; `source` is left with none. Returns the additions' work.
    /// One pass: each of the second thread's sums is fetched from the other core once (an error
    /// stops the training, so the sums merged before it need not wait for every bound).
    func mergeSummedGradients(
        from source: inout Workspace, into target: inout Workspace, step: Int, limit: Int
    ) throws(NetworkError) -> Double {
        if target.summedStep != step {
            for slot in parameterSlots { target.touched[slot] = false }
            target.summedStep = step
        }
        var work = 0.0
        try source.adjoint.withUnsafeBufferPointer { terms throws(NetworkError) in
            try target.adjoint.withUnsafeMutableBufferPointer { sums throws(NetworkError) in
                for (k, slot) in parameterSlots.enumerated() where source.touched[slot] {
                    let (sum, term) = (sums.baseAddress! + slot, terms.baseAddress! + slot)
                    if target.touched[slot] {
                        work += try gradientAddition(UnsafePointer(sum), term, parameter: k, step: step, limit: limit)
                        sum.pointee.store(UnsafePointer(sum), term, .add)
                    } else {
                        sum.pointee.storeCopy(of: term)
                        target.touched[slot] = true
                    }
                    source.touched[slot] = false
                }
            }
        }
        source.summedStep = nil
        return work
    }
}

extension Network.Workspace {
    /// Copies the step's gradient sums out of the parameter slots' adjoints (where runs that keep
    /// no sample results sum them) into `gradientSums`, which such runs leave at zero.
    mutating func copySummedGradients(_ parameterSlots: [Int]) {
        guard summedStep != nil else { return }
        summedStep = nil
        for (k, slot) in parameterSlots.enumerated() where touched[slot] {
            precondition(gradientSums[k] == .zero, "gradients are summed in one place per run")
            // A copy, so that the slot sums the next step in the storage it has grown.
            gradientSums[k] = adjoint.withUnsafeBufferPointer { Scalar.detachedCopy(of: $0.baseAddress! + slot) }
            touched[slot] = false
        }
    }
}
