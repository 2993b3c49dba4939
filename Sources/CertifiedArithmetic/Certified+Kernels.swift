import CArb
import ExactArithmetic

/// One kernel per field operation, as for `Rational`: a shortcut when no ball is needed,
/// else Arb's operation, writing into a ball nothing else holds when there is one. An exact
/// operand of a ball operation becomes a ball on the stack, never a heap object.
extension Certified {
    /// The result when no ball operation is needed: exact operands, or an exact 0 or 1 that decides it.
    @inline(__always)
    static func shortcut(_ a: Certified, _ b: Certified, _ op: FieldOperation) -> Certified? {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)):
            switch op {
            case .add: return Certified(x + y)
            case .subtract: return Certified(x - y)
            case .multiply: return Certified(x * y)
            case .divide: return Certified(x / y)
            }
        case (.exact(let x), _):
            switch op {
            case .add where x.isZero, .multiply where x == 1: return b
            case .multiply where x.isZero, .divide where x.isZero: return a
            default: return nil
            }
        case (_, .exact(let y)):
            switch op {
            case .add where y.isZero, .subtract where y.isZero, .multiply where y == 1, .divide where y == 1: return a
            case .multiply where y.isZero: return b
            default: return nil
            }
        default: return nil
        }
    }

    @inline(__always)
    static func apply(_ op: FieldOperation, _ r: arb_ptr, _ x: arb_srcptr, _ y: arb_srcptr, _ p: Int) {
        switch op {
        case .add: arb_add(r, x, y, p)
        case .subtract: arb_sub(r, x, y, p)
        case .multiply: arb_mul(r, x, y, p)
        case .divide: arb_div(r, x, y, p)
        }
    }

    /// Calls `body` with this value as an Arb ball: its own (kept alive for the call), or for
    /// an exact value the narrowest ball at `precision` bits, built on the stack.
    @inline(__always)
    func withArb<R>(precision: Int, _ body: (arb_srcptr) -> R) -> R {
        switch storage {
        case .ball(let b): return withExtendedLifetime(b) { body(b.pointer) }
        case .exact(let value):
            return withUnsafeTemporaryAllocation(of: arb_struct.self, capacity: 1) { buffer in
                let x = buffer.baseAddress!
                arb_init(x)
                defer { arb_clear(x) }
                Ball.set(x, to: value, precision: precision)
                return body(x)
            }
        }
    }

    /// The precision of a ball operation on these operands: the finer of their balls'.
    @inline(__always)
    static func precision(_ a: Certified, _ b: Certified) -> Int {
        Swift.max(a.ballPrecision ?? 0, b.ballPrecision ?? 0)
    }

    /// a ∘ b in a new value.
    @inline(__always)
    static func combine(_ a: Certified, _ b: Certified, _ op: FieldOperation) -> Certified {
        if let result = shortcut(a, b, op) { return result }
        let p = precision(a, b)
        let result = Ball.make(precision: p)
        a.withArb(precision: p) { x in b.withArb(precision: p) { y in apply(op, result.pointer, x, y, p) } }
        return Certified(ball: result)
    }

    /// This value's ball if nothing else holds it and it has `precision` (its cached digits
    /// forgotten), else `nil`; the value is left holding the ball either way.
    @inline(__always)
    mutating func uniqueBall(precision: Int) -> Ball? {
        guard case .ball(var mine) = storage, mine.precision == precision else { return nil }
        storage = .exact(.zero)
        let unique = isKnownUniquelyReferenced(&mine)
        storage = .ball(mine)
        guard unique else { return nil }
        mine.forgetDecimal()
        return mine
    }

    /// self = self ∘ b, in self's ball when nothing else holds it (Arb allows the aliasing).
    @inline(__always)
    mutating func form(_ op: FieldOperation, _ b: Certified) {
        if let result = Self.shortcut(self, b, op) {
            self = result
            return
        }
        let p = Self.precision(self, b)
        // `b` may hold self's ball too (a += a): then it is not unique, and a new ball is made.
        if let mine = uniqueBall(precision: p) {
            b.withArb(precision: p) { y in Self.apply(op, mine.pointer, mine.pointer, y, p) }
        } else {
            self = Self.combine(self, b, op)
        }
    }

    /// Sets self to a ∘ b, reusing self's ball when nothing else holds it (the engine stores
    /// into the same slots sample after sample).
    ///
    /// ```swift
    /// var z = Certified.zero
    /// z.store(.exp(1), 2, .multiply)   // 2e, as a ball
    /// ```
    public mutating func store(_ a: Certified, _ b: Certified, _ op: FieldOperation) {
        if let result = Self.shortcut(a, b, op) {
            self = result
            return
        }
        let p = Self.precision(a, b)
        // If a or b holds self's ball, it is not unique: written only when nothing else reads it.
        guard let target = uniqueBall(precision: p) else {
            self = Self.combine(a, b, op)
            return
        }
        a.withArb(precision: p) { x in b.withArb(precision: p) { y in Self.apply(op, target.pointer, x, y, p) } }
    }

    /// self = self + x·y with Arb's fused multiply-add, in self's ball when nothing else holds it.
    ///
    /// ```swift
    /// var g = Certified.exp(1)
    /// g.addProduct(2, Certified.exp(-1))   // e + 2/e
    /// ```
    public mutating func addProduct(_ x: Certified, _ y: Certified) {
        if let a = x.exactValue, let b = y.exactValue {
            form(.add, Certified(a * b))
            return
        }
        if x.exactValue?.isZero == true || y.exactValue?.isZero == true { return }
        let p = Swift.max(ballPrecision ?? 0, x.ballPrecision ?? 0, y.ballPrecision ?? 0)
        if let mine = uniqueBall(precision: p) {
            x.withArb(precision: p) { a in y.withArb(precision: p) { b in arb_addmul(mine.pointer, a, b, p) } }
            return
        }
        let result = Ball.make(precision: p)
        withArb(precision: p) { s in
            x.withArb(precision: p) { a in
                y.withArb(precision: p) { b in
                    arb_set(result.pointer, s)
                    arb_addmul(result.pointer, a, b, p)
                }
            }
        }
        storage = .ball(result)
    }

    /// Sets self to t₀ + t₁ + …, term k being `values[x]·values[y]` for `terms[k] = (x, y)` or the
    /// single `values[x]` when y < 0, in one ball with Arb's fused multiply-add; exact terms are
    /// summed exactly and added once. Exact when every term is (or when every ball in it is
    /// multiplied by an exact 0). The values are read in place, never copied.
    ///
    /// ```swift
    /// var z = Certified.zero
    /// let values: [Certified] = [.exp(1), 2, Certified(Rational(1, 2))]
    /// values.withUnsafeBufferPointer { z.storeLinearCombination(of: $0, terms: [(0, 1), (2, -1)]) }   // 2e + 1/2
    /// ```
    public mutating func storeLinearCombination(of values: UnsafeBufferPointer<Certified>, terms: [(Int, Int)]) {
        terms.withUnsafeBufferPointer { storeLinearCombination(of: values, terms: $0) }
    }

    /// The same linear combination with the terms read where they lie
    /// (a network's compiled terms, without an array to retain around every call).
    ///
    /// ```swift
    /// var z = Certified.zero
    /// let values: [Certified] = [.exp(1), 2, Certified(Rational(1, 2))]
    /// values.withUnsafeBufferPointer { v in
    ///     [(0, 1), (2, -1)].withUnsafeBufferPointer { z.storeLinearCombination(of: v, terms: $0) }   // 2e + 1/2
    /// }
    /// ```
    public mutating func storeLinearCombination(
        of values: UnsafeBufferPointer<Certified>, terms: UnsafeBufferPointer<(Int, Int)>
    ) {
        var p = 0
        for (x, y) in terms {
            p = Swift.max(p, values[x].ballPrecision ?? 0, y >= 0 ? values[y].ballPrecision ?? 0 : 0)
        }
        var exactSum = Rational.zero
        guard p > 0 else {
            for (x, y) in terms {
                exactSum += y >= 0 ? values[x].exactValue! * values[y].exactValue! : values[x].exactValue!
            }
            self = Certified(exactSum)
            return
        }
        // A unique ball is held by no term, so the sum can be built in it directly.
        let target = uniqueBall(precision: p) ?? Ball.make(precision: p)
        let sum = target
        arb_zero(sum.pointer)
        var usedBall = false
        for (x, y) in terms {
            if y >= 0 {
                if let a = values[x].exactValue, let b = values[y].exactValue {
                    exactSum += a * b
                } else if values[x].exactValue?.isZero != true && values[y].exactValue?.isZero != true {
                    values[x].withArb(precision: p) { a in
                        values[y].withArb(precision: p) { b in arb_addmul(sum.pointer, a, b, p) }
                    }
                    usedBall = true
                }
            } else if let a = values[x].exactValue {
                exactSum += a
            } else {
                values[x].withArb(precision: p) { a in arb_add(sum.pointer, sum.pointer, a, p) }
                usedBall = true
            }
        }
        guard usedBall else {
            self = Certified(exactSum)
            return
        }
        if !exactSum.isZero {
            Certified(exactSum).withArb(precision: p) { e in arb_add(target.pointer, sum.pointer, e, p) }
        }
        storage = .ball(target)
    }
}
