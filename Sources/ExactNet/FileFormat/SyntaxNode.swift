import ExactArithmetic

/// A parsed expression, before it is given a scalar type.
indirect enum SyntaxNode {
    case number(Rational, SourceLocation)
    case name(String, SourceLocation)
    case binary(BinaryOperator, SyntaxNode, SyntaxNode, SourceLocation)
    case negate(SyntaxNode, SourceLocation)
    case power(SyntaxNode, Int, SourceLocation)
    case call(String, [SyntaxNode], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .number(_, let l), .name(_, let l), .binary(_, _, _, let l), .negate(_, let l), .power(_, _, let l), .call(_, _, let l): return l
        }
    }
}

