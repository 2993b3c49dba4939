import CArb
import ExactArithmetic

extension Certified {
    /// The correctly rounded decimal with `n` significant digits (ties to even) of the real
    /// number this value encloses, or `nil` when the ball is too wide to fix them (compute
    /// again at a higher precision). Fixed notation from 1e-6 up to 1e21, scientific beyond.
    ///
    /// ```swift
    /// Certified.exp(Certified(1)).decimal(significantDigits: 10)   // "2.718281828"
    /// Certified(Rational(1, 3)).decimal(significantDigits: 3)      // "0.333"
    /// ```
    public func decimal(significantDigits n: Int) -> String? {
        precondition(n >= 1, "at least one significant digit")
        if let v = exactValue, v.isZero { return "0" }
        let b: Ball
        let precision: Int
        switch storage {
        case .ball(let ball):
            (b, precision) = (ball, CertifiedContext.current.precision)
        case .exact(let v):
            // Exact: a point ball as precise as the value, so the rounding is exact too.
            precision = v.bitLength + 4 * n + 64
            b = Ball(v, precision: precision)
        }
        var exponent = 0
        var negative: Int32 = 0
        guard let raw = exn_arb_round_digits(b.pointer, n, precision, &exponent, &negative) else { return nil }
        let digits = String(cString: raw)
        exn_free_string(raw)
        return Self.format(digits: digits, exponent: exponent, negative: negative != 0)
    }

    /// d1…dn × 10^(exponent + 1 − n), written for a reader.
    static func format(digits: String, exponent e: Int, negative: Bool) -> String {
        let sign = negative ? "-" : ""
        let n = digits.count
        if e < -6 || e >= 21 {
            let mantissa = n == 1 ? digits : "\(digits.prefix(1)).\(digits.dropFirst())"
            return "\(sign)\(mantissa)e\(e < 0 ? "-" : "+")\(Swift.abs(e))"
        }
        if e < 0 { return "\(sign)0.\(String(repeating: "0", count: -e - 1))\(digits)" }
        if e + 1 >= n { return sign + digits + String(repeating: "0", count: e + 1 - n) }
        let point = digits.index(digits.startIndex, offsetBy: e + 1)
        return "\(sign)\(digits[..<point]).\(digits[point...])"
    }

    /// The correctly rounded `Double` of the enclosed number, when the ball fixes it.
    ///
    /// ```swift
    /// Certified.exp(Certified(1)).correctlyRoundedDouble   // 2.718281828459045
    /// ```
    public var correctlyRoundedDouble: Double? {
        if let v = exactValue { return Double(v) }
        var result = 0.0
        guard exn_arb_get_double(ball.pointer, &result, CertifiedContext.current.precision) != 0 else { return nil }
        return result
    }
}

extension Certified {
    /// Exact rationals below and above everything the ball contains (the value twice, when
    /// exact); `nil` for a ball that is not finite or too far out to write down.
    ///
    /// ```swift
    /// let e = Certified.exp(Certified(1))
    /// e.bounds.map { $0.lower < Rational(2718281828459045, 1_000_000_000_000_000) }   // Optional(true)
    /// ```
    public var bounds: (lower: Rational, upper: Rational)? {
        if let v = exactValue { return (v, v) }
        let b = ball
        func bound(_ upper: Bool) -> Rational? {
            var exponent = 0
            guard let raw = exn_arb_bound(b.pointer, upper ? 1 : 0, CertifiedContext.current.precision + 64, &exponent)
            else { return nil }
            defer { exn_free_string(raw) }
            guard let mantissa = BigInt(String(cString: raw)), Swift.abs(exponent) <= 1 << 20 else { return nil }
            let power = Rational(BigInt(1).shiftedLeft(by: Swift.abs(exponent)))
            return exponent >= 0 ? Rational(mantissa) * power : Rational(mantissa) / power
        }
        guard let lower = bound(false), let upper = bound(true) else { return nil }
        return (lower, upper)
    }
}

extension Certified: CustomStringConvertible {
    /// `3/8` for exact values; for balls the certified digits of the current context, or Arb's
    /// `[midpoint +/- radius]` when the ball is too wide for them.
    public var description: String {
        switch storage {
        case .exact(let v): return v.description
        case .ball(let b):
            let digits = CertifiedContext.current.digits
            if let text = decimal(significantDigits: digits) { return text }
            guard let raw = arb_get_str(b.pointer, digits, 0) else { return "[?]" }
            defer { exn_free_string(raw) }
            return String(cString: raw)
        }
    }
}
