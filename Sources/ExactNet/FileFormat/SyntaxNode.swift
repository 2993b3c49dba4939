import ExactArithmetic

/// A parsed expression, before it is given a scalar type.
indirect enum SyntaxNode {
    case number(Rational, SourcePosition)
    case name(String, SourcePosition)
    case binary(BinaryOperator, SyntaxNode, SyntaxNode, SourcePosition)
    case negate(SyntaxNode, SourcePosition)
    case power(SyntaxNode, Int, SourcePosition)
    case call(String, [SyntaxNode], SourcePosition)

    var location: SourcePosition {
        switch self {
        case .number(_, let l), .name(_, let l), .binary(_, _, _, let l), .negate(_, let l), .power(_, _, let l),
            .call(_, _, let l):
            return l
        }
    }
}
