import CArb
import ExactArithmetic

/// One kernel per field operation, as for `Rational`: a shortcut when no ball is needed,
/// else Arb's operation, writing into a ball nothing else holds when there is one.
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

    /// a ∘ b in a new value.
    @inline(__always)
    static func combine(_ a: Certified, _ b: Certified, _ op: FieldOperation) -> Certified {
        if let result = shortcut(a, b, op) { return result }
        let (x, y, precision) = balls(a, b)
        return withExtendedLifetime((x, y)) {
            ballResult(precision: precision) { r, p in apply(op, r, x.pointer, y.pointer, p) }
        }
    }

    /// This value's ball, if nothing else holds it and it has `precision` (its cached digits
    /// forgotten), else a new ball; this value is left exact 0 until the caller stores the result.
    @inline(__always)
    mutating func takeBall(precision: Int) -> Ball {
        if case .ball(var mine) = storage {
            storage = .exact(.zero)
            if mine.precision == precision && isKnownUniquelyReferenced(&mine) {
                mine.forgetDecimal()
                return mine
            }
        }
        return Ball(precision: precision)
    }

    /// self = self ∘ b, in self's ball when nothing else holds it (Arb allows the aliasing).
    @inline(__always)
    mutating func form(_ op: FieldOperation, _ b: Certified) {
        if let result = Self.shortcut(self, b, op) {
            self = result
            return
        }
        let precision = Swift.max(ballPrecision ?? 0, b.ballPrecision ?? 0)
        let y = b.ball(precision: precision)
        guard case .ball(var mine) = storage, mine.precision == precision else {
            self = Self.combine(self, b, op)
            return
        }
        storage = .exact(.zero)
        if isKnownUniquelyReferenced(&mine) {
            mine.forgetDecimal()
            withExtendedLifetime(y) { Self.apply(op, mine.pointer, mine.pointer, y.pointer, precision) }
            storage = .ball(mine)
        } else {
            let result = Ball(precision: precision)
            withExtendedLifetime((mine, y)) { Self.apply(op, result.pointer, mine.pointer, y.pointer, precision) }
            storage = .ball(result)
        }
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
        let precision = Swift.max(ballPrecision ?? 0, x.ballPrecision ?? 0, y.ballPrecision ?? 0)
        let (a, b) = (x.ball(precision: precision), y.ball(precision: precision))
        guard case .ball(var mine) = storage, mine.precision == precision else {
            self = self + x * y
            return
        }
        storage = .exact(.zero)
        if isKnownUniquelyReferenced(&mine) {
            mine.forgetDecimal()
            withExtendedLifetime((a, b)) { arb_addmul(mine.pointer, a.pointer, b.pointer, precision) }
            storage = .ball(mine)
        } else {
            let result = Ball(precision: precision)
            withExtendedLifetime((mine, a, b)) {
                arb_set(result.pointer, mine.pointer)
                arb_addmul(result.pointer, a.pointer, b.pointer, precision)
            }
            storage = .ball(result)
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
        let (x, y, precision) = Self.balls(a, b)
        let target = takeBall(precision: precision)
        withExtendedLifetime((x, y)) { Self.apply(op, target.pointer, x.pointer, y.pointer, precision) }
        storage = .ball(target)
    }

    /// Sets self to t₀ + t₁ + … (each a product x·y or a single x) in one ball with Arb's
    /// fused multiply-add; exact terms are summed exactly and added once. Exact when every
    /// term is (or when every ball in it is multiplied by an exact 0).
    ///
    /// ```swift
    /// var z = Certified.zero
    /// let terms: [(Certified, Certified?)] = [(.exp(1), 2), (Certified(Rational(1, 2)), nil)]
    /// z.storeLinearCombination(count: 2) { terms[$0] }   // 2e + 1/2
    /// ```
    public mutating func storeLinearCombination(count: Int, _ term: (Int) -> (Certified, Certified?)) {
        var precision = 0
        for k in 0..<count {
            let (x, y) = term(k)
            precision = Swift.max(precision, x.ballPrecision ?? 0, y?.ballPrecision ?? 0)
        }
        var exactSum = Rational.zero
        guard precision > 0 else {
            for k in 0..<count {
                let (x, y) = term(k)
                exactSum += y.map { x.exactValue! * $0.exactValue! } ?? x.exactValue!
            }
            self = Certified(exactSum)
            return
        }
        let target = takeBall(precision: precision)
        arb_zero(target.pointer)
        var usedBall = false
        for k in 0..<count {
            let (x, y) = term(k)
            if let y {
                if let a = x.exactValue, let b = y.exactValue {
                    exactSum += a * b
                } else if x.exactValue?.isZero != true && y.exactValue?.isZero != true {
                    let (a, b) = (x.ball(precision: precision), y.ball(precision: precision))
                    withExtendedLifetime((a, b)) { arb_addmul(target.pointer, a.pointer, b.pointer, precision) }
                    usedBall = true
                }
            } else if let a = x.exactValue {
                exactSum += a
            } else {
                let a = x.ball(precision: precision)
                withExtendedLifetime(a) { arb_add(target.pointer, target.pointer, a.pointer, precision) }
                usedBall = true
            }
        }
        guard usedBall else {
            self = Certified(exactSum)
            return
        }
        if !exactSum.isZero {
            let exact = Ball(exactSum, precision: precision)
            withExtendedLifetime(exact) { arb_add(target.pointer, target.pointer, exact.pointer, precision) }
        }
        storage = .ball(target)
    }
}
