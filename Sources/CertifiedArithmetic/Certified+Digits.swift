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
        withDecimal(significantDigits: n) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Whether the enclosure fixes the correctly rounded `n`-significant-digit decimal (always,
    /// for exact values); the digits are kept with the ball for printing.
    ///
    /// ```swift
    /// Certified.exp(Certified(1)).fixes(significantDigits: 20)   // true at the default 128 bits
    /// ```
    public func fixes(significantDigits n: Int) -> Bool {
        isExact || withDecimal(significantDigits: n) { $0 != nil }
    }

    /// Calls `body` with the bytes of ``decimal(significantDigits:)`` (`nil` when the ball does
    /// not fix them), without making a `String`: balls compute them once and keep them.
    ///
    /// ```swift
    /// Certified.exp(Certified(1)).withDecimal(significantDigits: 5) { $0.map(Array.init) }   // "2.7183" as bytes
    /// ```
    public func withDecimal<R>(significantDigits digits: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        precondition(digits >= 1, "at least one significant digit")
        switch storage {
        case .ball(let b):
            return withExtendedLifetime(b) {
                b.withDecimal(digits, compute: { Self.decimalRecord(b.pointer, digits, precision: b.precision) }, body)
            }
        case .exact(let v):
            // Exact: rounded as a fraction (a ball around 7/800 could not round its tie).
            let record =
                if let n = v.numerator.exactInt, let d = v.denominator.exactInt {
                    exn_fraction_decimal_record_si(n, d, digits)
                } else {
                    exn_fraction_decimal_record_str(v.numerator.description, v.denominator.description, digits)
                }
            defer { exn_decimal_free(record) }
            return Ball.read(record!, body)
        }
    }

    static func decimalRecord(_ x: arb_srcptr, _ n: Int, precision: Int) -> UnsafeMutablePointer<exn_decimal> {
        let context = CertifiedContext.current
        return exn_arb_decimal_record(x, n, precision, context.powersOfTen, context.powerTableCount)
    }

    /// The correctly rounded `Double` of the enclosed number, when the ball fixes it.
    ///
    /// ```swift
    /// Certified.exp(Certified(1)).correctlyRoundedDouble   // 2.718281828459045
    /// ```
    public var correctlyRoundedDouble: Double? {
        if let v = exactValue { return Double(v) }
        var result = 0.0
        guard case .ball(let b) = storage, exn_arb_get_double(b.pointer, &result, b.precision) != 0 else { return nil }
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
        guard case .ball(let b) = storage else { return nil }
        func bound(_ upper: Bool) -> Rational? {
            var exponent = 0
            guard let raw = exn_arb_bound(b.pointer, upper ? 1 : 0, b.precision + 64, &exponent)
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
