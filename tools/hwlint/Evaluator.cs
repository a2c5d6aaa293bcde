namespace Edqa.HwLint;

/// <summary>
/// Integer values of expressions in class templates, where clang cannot fold them: a template's non-type
/// parameters take their values from a configuration (the accelerator's units and lanes; HLS sees one
/// instantiation, so every such expression is a constant there), and a static member of a template (e.g.
/// <c>Depths::kValues</c>) is its initializer under the same values. The parameters are found by name, so the
/// accelerator's templates name them alike (kUnits, kLanes, kBuffered).
/// </summary>
internal sealed class Evaluator(SourceTree tree, IReadOnlyDictionary<string, long> parameters)
{
    private const int NonTypeTemplateParameter = 28;
    private const int IntegerLiteral = 106;
    private const int ParenExpr = 111;
    private const int UnaryOperator = 112;
    private const int ConditionalOperator = 116;
    private const int BoolLiteral = 129;
    private const int StringLiteral = 109;
    private const int ClassTemplate = 31;

    private readonly Dictionary<string, List<Node>> variables = tree.All().Where(n => n.Kind == SourceTree.VarDecl)
        .GroupBy(n => n.Spelling).ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>An evaluator for the lint: every template parameter has some value (whether an expression is a
    /// compile-time constant does not depend on which).</summary>
    public static Evaluator AnyConfiguration(SourceTree tree) =>
        new(tree, new Dictionary<string, long>()) { AnyParameter = true };

    private bool AnyParameter { get; init; }

    public bool IsStatic(Node node) => Value(node) is not null;

    /// <summary>A template parameter's value in this configuration.</summary>
    public long? Parameter(string name) => parameters.TryGetValue(name, out long value) ? value : null;

    /// <summary>The value, or null when the expression is not a compile-time integer.</summary>
    public long? Value(Node node) => Value(node, 0);

    /// <summary>The first operand of a call or construction that has a value (a FIFO's depth after its name).</summary>
    public long? FirstValue(Node node) =>
        node.Kind != StringLiteral && Value(node) is { } value
            ? value
            : node.Children.Select(FirstValue).FirstOrDefault(v => v is not null);

    // The static member a dependent `Type::name` names: its last token is the name, and one class declares it.
    private Node? DependentMember(Node node)
    {
        string? name = tree.TokensIn(node.File, node.Start, node.End).LastOrDefault().Text;
        return name is not null && variables.TryGetValue(name, out List<Node>? declarations)
               && declarations
                   .Where(d => d.Parent is { Kind: SourceTree.StructDecl or SourceTree.ClassDecl or ClassTemplate })
                   .ToList() is [Node member]
            ? member
            : null;
    }

    private long? Value(Node node, int depth)
    {
        if (depth > 32)
        {
            return null;
        }

        if (node.IsIntegerConstant)
        {
            return node.IntegerValue;
        }

        switch (node.Kind)
        {
            case SourceTree.DeclRefExpr when node.Referenced is { Kind: NonTypeTemplateParameter } parameter:
                return parameters.TryGetValue(parameter.Spelling, out long bound) ? bound : AnyParameter ? 1 : null;
            case SourceTree.DeclRefExpr when node.Referenced is { Kind: SourceTree.VarDecl } variable
                && variables.TryGetValue(variable.Spelling, out List<Node>? declarations):
                // A static member of a class (template), or a namespace constant: its initializer. A local is not
                // followed (a loop counter's initializer says nothing of its value later).
                Node? declaration = declarations.FirstOrDefault(d =>
                        d.Parent is { Kind: SourceTree.StructDecl or SourceTree.ClassDecl or ClassTemplate } parent
                        && parent.Spelling == variable.Parent)
                    ?? declarations.FirstOrDefault(d => d.Parent is { Kind: SourceTree.Namespace } || d.Parent is null);
                Node? initializer = declaration?.Children.LastOrDefault(c => c.Kind is >= 100 and < 200);
                return initializer is null ? null : Value(initializer, depth + 1);
            case SourceTree.MemberRefExpr or SourceTree.DeclRefExpr
                when node.Referenced is null && DependentMember(node) is { } member:
                // A dependent name (Depths::kValues through a typedef of a template, which clang leaves unresolved):
                // the one static member so named.
                return member.Children.LastOrDefault(c => c.Kind is >= 100 and < 200) is { } value
                    ? Value(value, depth + 1)
                    : null;
            case SourceTree.UnexposedExpr or ParenExpr or SourceTree.CStyleCastExpr or SourceTree.CXXStaticCastExpr
                when node.Children.Count == 1:
                return Value(node.Children[0], depth + 1);
            case IntegerLiteral or BoolLiteral:
                return null;  // folded above when clang could
            case UnaryOperator when node.Children.Count == 1:
                return Value(node.Children[0], depth + 1) is { } operand
                    ? node.Operator == "!" ? (operand == 0 ? 1 : 0) : node.Operator == "-" ? -operand : null
                    : null;
            case ConditionalOperator when node.Children.Count == 3:
                return Value(node.Children[0], depth + 1) is { } condition
                    ? Value(node.Children[condition != 0 ? 1 : 2], depth + 1)
                    : null;
            case SourceTree.BinaryOperator when node.Children.Count == 2:
                if (Value(node.Children[0], depth + 1) is not { } a || Value(node.Children[1], depth + 1) is not { } b)
                {
                    return null;
                }

                return node.Operator switch
                {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    "/" when b != 0 => a / b,
                    "%" when b != 0 => a % b,
                    "<" => a < b ? 1 : 0,
                    ">" => a > b ? 1 : 0,
                    "<=" => a <= b ? 1 : 0,
                    ">=" => a >= b ? 1 : 0,
                    "==" => a == b ? 1 : 0,
                    "!=" => a != b ? 1 : 0,
                    "&&" => a != 0 && b != 0 ? 1 : 0,
                    "||" => a != 0 || b != 0 ? 1 : 0,
                    "<<" => a << (int)b,
                    ">>" => a >> (int)b,
                    _ => null,
                };
            default:
                return null;
        }
    }
}
