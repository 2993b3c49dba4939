import RealModule

extension Network {
    /// Unchecked views of the tape for the inner loops.
    struct Tape {
        let codes: UnsafeBufferPointer<Program<Scalar>.Opcode>
        let first: UnsafeBufferPointer<Int>
        let second: UnsafeBufferPointer<Int>
        let isLiteral: UnsafeBufferPointer<Bool>
        let primitives: UnsafeBufferPointer<Primitive>
        let linearTerms: UnsafeBufferPointer<(Int, Int)>
        let linearRanges: UnsafeBufferPointer<Range<Int>>

        /// The terms of linear instruction `b` (`second` of the instruction), where they lie.
        @inline(__always)
        func terms(of b: Int) -> UnsafeBufferPointer<(Int, Int)> {
            UnsafeBufferPointer(rebasing: linearTerms[linearRanges[b]])
        }
    }

    func withTape<R>(_ body: (Tape) -> R) -> R {
        let p = program
        return p.codes.withUnsafeBufferPointer { codes in
            p.first.withUnsafeBufferPointer { first in
                p.second.withUnsafeBufferPointer { second in
                    p.isLiteral.withUnsafeBufferPointer { literal in
                        p.primitives.withUnsafeBufferPointer { primitives in
                            p.linearTerms.withUnsafeBufferPointer { linearTerms in
                                p.linearRanges.withUnsafeBufferPointer { linearRanges in
                                    body(
                                        Tape(
                                            codes: codes, first: first, second: second, isLiteral: literal,
                                            primitives: primitives, linearTerms: linearTerms,
                                            linearRanges: linearRanges))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Plain reverse mode: one sweep down the tape. The adjoints stay in the workspace; with
    /// `returningGradients` they are also returned, as dL/dq by quantity. Without, nothing asks
    /// for a sample's own gradients: the sweep skips every slot no parameter reaches (inputs,
    /// targets, constants), and each parameter's slot keeps adding this workspace's samples'
    /// gradients for the step (``Workspace/summedStep``), one fused multiply-add per term
    /// instead of a product and then a sum.
    func reverseSweep(_ workspace: inout Workspace, step: Int, returningGradients: Bool = true) throws(NetworkError)
        -> [Scalar]
    {
        let p = program
        let values = workspace.values
        var overflow = Overflow(limit: workspace.maximumBits)
        let continuesSums = !returningGradients && workspace.summedStep == step
        if !returningGradients { workspace.summedStep = step }
        let skipped = returningGradients ? p.isLiteral : p.isFreeOfParameters
        withTape { tape in
            workspace.touched.withUnsafeMutableBufferPointer { touched in
                workspace.adjoint.withUnsafeMutableBufferPointer { g in
                    if continuesSums {
                        p.isParameter.withUnsafeBufferPointer { isParameter in
                            for i in touched.indices { touched[i] = touched[i] && isParameter[i] }
                        }
                    } else {
                        for i in touched.indices { touched[i] = false }
                    }
                    let loss = p.slotOfQuantity[lossIndex]
                    g[loss] = 1
                    touched[loss] = true
                    values.withUnsafeBufferPointer { v in
                        skipped.withUnsafeBufferPointer { skipped in
                            withUnsafeMutablePointer(to: &overflow) { overflow in
                                let accumulator = Accumulator(
                                    values: g, touched: touched, skipped: skipped, overflow: overflow)
                                for i in stride(from: g.count - 1, through: p.firstComputed, by: -1)
                                where touched[i] && g[i] != .zero {
                                    propagate(i, g.baseAddress! + i, v, into: accumulator, tape)
                                    if overflow.pointee.slot >= 0 { return }
                                }
                            }
                        }
                    }
                }
            }
        }
        try overflow.check(p, quantities, step: step)
        guard returningGradients else { return [] }
        // Detached copies, so each adjoint slot accumulates the next sample in place.
        return workspace.adjoint.withUnsafeBufferPointer { g in
            p.slotOfQuantity.map { workspace.touched[$0] ? Scalar.detachedCopy(of: g.baseAddress! + $0) : .zero }
        }
    }

    /// The first adjoint that would outgrow ``Limits/maximumBits``; the sweep stops there.
    struct Overflow {
        var limit: Int
        var slot = -1
        var bits = 0

        func check(_ p: Program<Scalar>, _ quantities: [Quantity], step: Int) throws(NetworkError) {
            guard slot >= 0 else { return }
            throw .gradientTooLarge(quantity: quantities[p.owners[slot]].name, bits: bits, step: step, limit: limit)
        }
    }

    /// Definition by definition: a local sweep seeded with 1 gives ∂q/∂r for each name r
    /// that q uses, then dL/dr += dL/dq · ∂q/∂r, and each product is kept as a chain term.
    func chainRuleSweep(_ workspace: inout Workspace, step: Int) throws(NetworkError) -> (
        [Scalar], [[ChainTerm<Scalar>]]
    ) {
        let p = program
        let values = workspace.values
        var overflow = Overflow(limit: workspace.maximumBits)
        var adjoint = [Scalar](repeating: .zero, count: quantities.count)
        adjoint[lossIndex] = 1
        var terms = [[ChainTerm<Scalar>]](repeating: [], count: quantities.count)
        var overrides = workspace.overrides
        workspace.overrides = nil
        defer { workspace.overrides = overrides }
        withTape { tape in
            workspace.touched.withUnsafeMutableBufferPointer { touched in
                workspace.adjoint.withUnsafeMutableBufferPointer { local in
                    values.withUnsafeBufferPointer { v in
                        withUnsafeMutablePointer(to: &overflow) { overflow in
                            for q in stride(from: quantities.count - 1, through: 0, by: -1) {
                                if overrides != nil {
                                    // Every consumer of q has contributed: the solver's world takes over.
                                    overrides!.impliedGradients.append(adjoint[q])
                                    adjoint[q] = overrides!.carryGradient(q, adjoint[q])
                                }
                                let range = p.rangeOfQuantity[q]
                                guard !range.isEmpty else { continue }
                                for i in range { touched[i] = false }
                                for e in p.edges[q] { touched[e.slot] = false }
                                local[range.upperBound - 1] = 1
                                touched[range.upperBound - 1] = true
                                let accumulator = Accumulator(
                                    values: local, touched: touched, skipped: tape.isLiteral, overflow: overflow)
                                for i in range.reversed() where touched[i] && local[i] != .zero {
                                    propagate(i, local.baseAddress! + i, v, into: accumulator, tape)
                                    if overflow.pointee.slot >= 0 { return }
                                }
                                for e in p.edges[q] {
                                    let factor = touched[e.slot] ? local[e.slot] : .zero
                                    if let bound = sizeExceeding(
                                        adjoint[e.quantity], adjoint[q], factor, plus: 1, limit: overflow.pointee.limit)
                                    {
                                        overflow.pointee = Overflow(
                                            limit: overflow.pointee.limit, slot: e.slot, bits: bound)
                                        return
                                    }
                                    adjoint[e.quantity] += adjoint[q] * factor
                                    terms[e.quantity].append(ChainTerm(consumer: q, factor: factor))
                                }
                            }
                        }
                    }
                }
            }
        }
        try overflow.check(p, quantities, step: step)
        return (adjoint, terms)
    }

    /// Adjoint slots with "touched" flags: the first contribution to a slot is stored
    /// into its existing storage (`store(_:_:.multiply)`), later ones are added.
    struct Accumulator {
        let values: UnsafeMutableBufferPointer<Scalar>
        let touched: UnsafeMutableBufferPointer<Bool>
        /// Slots whose adjoint the sweep does not compute.
        let skipped: UnsafeBufferPointer<Bool>
        let overflow: UnsafeMutablePointer<Overflow>

        /// Whether a result would pass the limit (`bound` from ``sizeExceeding(_:_:plus:limit:)``); records it.
        @inline(__always)
        func outgrows(_ bound: Int?, _ slot: Int) -> Bool {
            guard let bound else { return false }
            if overflow.pointee.slot < 0 {
                overflow.pointee.slot = slot
                overflow.pointee.bits = bound
            }
            return true
        }

        /// Adds `d`, a value made for the purpose (-g, g/2, …).
        @inline(__always)
        func add(_ slot: Int, _ d: Scalar) {
            withUnsafePointer(to: d) { add(slot, $0) }
        }

        /// Adds the value at `d`, read where it lies (it is not this slot).
        @inline(__always)
        func add(_ slot: Int, _ d: UnsafePointer<Scalar>) {
            if skipped[slot] { return }
            let target = values.baseAddress! + slot
            if touched[slot] {
                if outgrows(sizeExceeding(target.pointee, d.pointee, plus: 1, limit: overflow.pointee.limit), slot) {
                    return
                }
                target.pointee.store(UnsafePointer(target), d, .add)
            } else {
                target.pointee.storeCopy(of: d)
                touched[slot] = true
            }
        }

        /// Adds x·y, the factors read where they lie (neither is this slot).
        @inline(__always)
        func addProduct(_ slot: Int, _ x: UnsafePointer<Scalar>, _ y: UnsafePointer<Scalar>) {
            if skipped[slot] { return }
            let limit = overflow.pointee.limit
            if touched[slot] {
                if outgrows(sizeExceeding(values[slot], x.pointee, y.pointee, plus: 1, limit: limit), slot) { return }
                values[slot].addProduct(x, y)
            } else {
                if outgrows(sizeExceeding(x.pointee, y.pointee, limit: limit), slot) { return }
                values[slot].store(x, y, .multiply)
                touched[slot] = true
            }
        }

        /// Adds g · d, where d is a local derivative that often needs no multiplication.
        @inline(__always)
        func add(_ slot: Int, _ g: UnsafePointer<Scalar>, times d: LocalDerivative<Scalar>) {
            switch d {
            case .zero: return
            case .one: add(slot, g)
            case .negativeOne: add(slot, -g.pointee)
            case .half: add(slot, g.pointee / 2)
            case .scalar(let factor): withUnsafePointer(to: factor) { addProduct(slot, g, $0) }
            }
        }
    }

    /// Adds instruction i's local derivatives, times its adjoint g, to its operands'
    /// adjoints. The subgradient conventions live here.
    @inline(__always)
    private func propagate(
        _ i: Int, _ gp: UnsafePointer<Scalar>, _ v: UnsafeBufferPointer<Scalar>, into adjoint: Accumulator,
        _ tape: Tape
    ) {
        let a = tape.first[i]
        let b = tape.second[i]
        let code = tape.codes[i]
        let value = v.baseAddress!
        switch code {
        case .leaf, .literal: break
        case .add:
            adjoint.add(a, gp)
            adjoint.add(b, gp)
        case .linear:
            for (x, y) in tape.terms(of: b) {
                if y >= 0 {
                    adjoint.addProduct(x, gp, value + y)
                    adjoint.addProduct(y, gp, value + x)
                } else {
                    adjoint.add(x, gp)
                }
            }
        case .subtract:
            adjoint.add(a, gp)
            adjoint.add(b, -gp.pointee)
        case .multiply:
            adjoint.addProduct(a, gp, value + b)
            adjoint.addProduct(b, gp, value + a)
        case .divide:
            let gb = gp.pointee / v[b]
            adjoint.add(a, gb)
            adjoint.add(b, -(gb * v[i]))
        case .negate: adjoint.add(a, -gp.pointee)
        case .power:
            if b != 0 { adjoint.add(a, gp.pointee * Scalar(exactly: b)! * integerPower(v[a], b - 1)) }
        case .primitive:
            let f = tape.primitives[i]
            let (dx, dy) = f.partials(value + a, value + b, value: value + i)
            adjoint.add(a, gp, times: dx)
            if f.arity == 2 { adjoint.add(b, gp, times: dy) }
        }
    }
}
