using System.Text.RegularExpressions;

namespace Edqa.HwLint;

/// <summary>One thing Vivado HLS 2019.2 would not synthesize, or would synthesize differently from the model.</summary>
internal sealed record Finding(string Rule, string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Rule}: {Message}";
}

/// <summary>
/// The rules, each a pass over the AST of the files under the root (parsed with __SYNTHESIS__ defined, so
/// simulation-only blocks are not there to be flagged). Pragmas are not in the AST: a loop is pipelined, or has a
/// trip count, when <c>HLS_PRAGMA(PIPELINE ...)</c> or <c>HLS_PRAGMA(LOOP_TRIPCOUNT ...)</c> is among its own tokens
/// (not a nested loop's); an array is partitioned when an <c>ARRAY_PARTITION variable = name</c> pragma names it.
/// </summary>
internal static partial class Rules
{
    public static readonly IReadOnlyList<string> Names =
    [
        "dynamic-memory", "exceptions", "virtual", "recursion", "standard-library", "goto", "channel-reference",
        "channel-method", "pipelined-division", "loop-bound", "pipelined-array", "schedule-row", "template-top",
        "runtime-subscript", "pipelined-rmw", "internal-reset", "sibling-channel",
    ];

    private static readonly HashSet<string> DynamicMemory = ["malloc", "calloc", "realloc", "free"];
    private static readonly HashSet<string> InputOutput =
        ["printf", "fprintf", "puts", "fputs", "fopen", "fwrite", "fread", "fclose"];
    private static readonly HashSet<string> LibraryHeaders =
        ["vector", "map", "unordered_map", "set", "list", "deque", "string", "memory", "functional", "iostream",
            "ostream", "fstream", "sstream", "cstdio", "stdio.h", "algorithm", "thread", "mutex"];
    private static readonly HashSet<string> Comparisons = ["<", "<=", ">", ">=", "!="];

    [GeneratedRegex(
        @"^(const\s+)?(sc_core::)?(sc_fifo|sc_fifo_in|sc_fifo_out|sc_signal|sc_buffer|sc_in|sc_out|sc_inout)\s*<")]
    private static partial Regex ChannelType();

    [GeneratedRegex(@"^sc_fifo($|<)")]
    private static partial Regex FifoClass();

    [GeneratedRegex(@"constexpr\s+Loop\s+k\w+\s*\{\s*""(\w+)""")]
    private static partial Regex ScheduleRow();

    [GeneratedRegex(@"constexpr\s+Loop\s+k\w+\s*\{\s*""(\w+)""\s*,\s*([^,]+),")]
    private static partial Regex ScheduleRowIi();

    /// <summary>Each documented loop's II as its row writes it ("1", "kFaddLatency", ...).</summary>
    public static Dictionary<string, string> InitiationIntervals(string? scheduleText) =>
        scheduleText is null
            ? []
            : ScheduleRowIi().Matches(scheduleText).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

    /// <summary>The loop names hw/edqa_schedule.h documents (each with its II, depth, trip count and reason).</summary>
    public static HashSet<string> DocumentedLoops(string? scheduleText) =>
        scheduleText is null ? [] : ScheduleRow().Matches(scheduleText).Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>What a check looked at, for the summary line (a lint that sees no pipelined loop checks
    /// nothing).</summary>
    public sealed record Coverage(int Loops, int Pipelined, int PipelinedDocumented, int PartitionedArrays);

    public static List<Finding> Check(
        SourceTree tree,
        HashSet<string> documentedLoops,
        IReadOnlyDictionary<string, string>? initiationIntervals = null)
        => Check(tree, documentedLoops, out _, initiationIntervals);

    public static List<Finding> Check(SourceTree tree, HashSet<string> documentedLoops, out Coverage coverage,
        IReadOnlyDictionary<string, string>? initiationIntervals = null)
    {
        initiationIntervals ??= new Dictionary<string, string>();
        var findings = new List<Finding>();
        void Flag(string rule, Node node, string message) =>
            findings.Add(new Finding(rule, Relative(tree, node.File), node.Line, message));

        // operator<< of a channel's payload type is required by sc_fifo in every build and called by no thread.
        List<Node> all = tree.All()
            .Where(n => !n.Ancestors().Append(n)
                .Any(a => a.Kind == SourceTree.FunctionDecl && a.Spelling == "operator<<"))
            .ToList();
        var loops = all.Where(SourceTree.IsLoop).ToList();
        var pipelined = loops.Where(l => l.IsPipelined).ToList();
        HashSet<string> partitioned = PartitionedArrays(tree);
        // A schedule row documents a loop nest: the pipelined loop, or a loop around it, carries its name.
        bool Documented(Node loop) =>
            loop.Ancestors().Where(SourceTree.IsLoop).Prepend(loop).Any(l => documentedLoops.Contains(LabelOf(l)));
        coverage = new Coverage(loops.Count, pipelined.Count, pipelined.Count(Documented), partitioned.Count);
        Dictionary<string, Node> definitions = all.Where(n => n.Usr.Length > 0 && n.IsDefinition).GroupBy(n => n.Usr)
            .ToDictionary(g => g.Key, g => g.First());
        Evaluator evaluator = Evaluator.AnyConfiguration(tree);

        foreach (Node node in all)
        {
            switch (node.Kind)
            {
                case SourceTree.CXXNewExpr or SourceTree.CXXDeleteExpr:
                    Flag("dynamic-memory", node, "new/delete: HLS has no heap; use a fixed-size member array");
                    break;
                case SourceTree.CallExpr when DynamicMemory.Contains(node.Spelling):
                    Flag("dynamic-memory", node, $"{node.Spelling}(): HLS has no heap");
                    break;
                case SourceTree.CXXThrowExpr or SourceTree.CXXTryStmt or SourceTree.CXXCatchStmt:
                    Flag("exceptions", node, "exceptions do not synthesize; report errors through a status port");
                    break;
                case SourceTree.CXXMethod when node.IsVirtual:
                    Flag("virtual", node, $"virtual {node.Spelling}: HLS resolves every call statically");
                    break;
                case SourceTree.GotoStmt:
                    Flag("goto", node, "goto: write the control flow as loops and branches");
                    break;
                case SourceTree.InclusionDirective when LibraryHeaders.Contains(node.Spelling):
                    Flag("standard-library", node, $"#include <{node.Spelling}> in synthesizable code");
                    break;
                case SourceTree.NamespaceRef when node.Spelling == "std":
                    Flag("standard-library", node,
                        "std:: in synthesizable code (containers, strings, streams and algorithms do not synthesize)");
                    break;
                case SourceTree.CallExpr when InputOutput.Contains(node.Spelling):
                    Flag("standard-library", node, $"{node.Spelling}(): I/O in synthesizable code");
                    break;
                case SourceTree.VarDecl or SourceTree.FieldDecl when ChannelType().IsMatch(node.PointeeSpelling):
                    Flag("channel-reference", node,
                        $"{node.Spelling} is a pointer or reference to a channel ({node.PointeeSpelling}): HLS binds "
                        + "every channel access at compile time; branch explicitly");
                    break;
                case SourceTree.TypedefDecl or SourceTree.TypeAliasDecl
                    when node.Parent is null && node.Children.Any(c => c.Kind == SourceTree.TemplateRef):
                    Flag("template-top", node,
                        $"{node.Spelling} names a class template's specialization at global scope (a synthesis "
                        + "top): set_top a plain SC_MODULE with the template as its child");
                    break;
                case SourceTree.ArraySubscriptExpr when ChannelType().IsMatch(node.TypeSpelling)
                    && !InElaboration(node) && node.Children.Count == 2
                    && !StaticIndex(node.Children[1], node, evaluator):
                    Flag("runtime-subscript", node,
                        "a port or channel chosen by an index computed at run time: HLS binds every channel "
                        + "access at compile time; use named ports (or an unrolled loop's index) and move the data");
                    break;
                case SourceTree.CallExpr when node.Spelling is "reset_signal_is" or "async_reset_signal_is"
                    && node.Descendants().FirstOrDefault(d => d.Kind is SourceTree.MemberRefExpr
                        or SourceTree.DeclRefExpr && d.Referenced?.Kind == SourceTree.FieldDecl)
                        is { Referenced: { } signal }
                    && signal.TypeSpelling.Replace("sc_core::", "").StartsWith("sc_signal", StringComparison.Ordinal):
                    Flag("internal-reset", node,
                        $"a thread reset from the internal signal {signal.Spelling}: reset threads from the IP's reset "
                        + "port only (a reset an SC_METHOD computes has no synthesized precedent and clears no FIFO)");
                    break;
                case SourceTree.MemberRefExpr when node.Referenced is { } method && FifoClass().IsMatch(method.Parent):
                    Flag("channel-method", node,
                        $"sc_fifo::{method.Spelling} called on a channel: reach a FIFO only through an "
                        + "sc_fifo_in/sc_fifo_out port of the thread that uses it");
                    break;
            }
        }

        foreach ((Node binding, string owner, string sibling) in SiblingBindings(all))
        {
            Flag("sibling-channel", binding,
                $"a channel of the child {owner} bound to a port of its sibling {sibling}: the parent owns every "
                + "channel between its children (SECDA's VMM_vars form); declare the FIFO in the parent and bind it "
                + "to both children's ports");
        }

        // A constexpr function runs in the compiler (bits_for sizes the sc_uint fields), not in hardware.
        foreach (Node function in definitions.Values.Where(d => !IsConstexpr(tree, d) && InCycle(d, definitions)))
        {
            Flag("recursion", function,
                $"{function.Spelling} calls itself (directly or through others): HLS needs a static call tree");
        }

        foreach (Node loop in loops)
        {
            if (!HasStaticBound(tree, loop, definitions, evaluator) && !loop.HasTripCount)
            {
                Flag("loop-bound", loop,
                    "a loop without a constant bound or a LOOP_TRIPCOUNT pragma (a while loop is fine only as "
                    + "`while (true)` or around wait())");
            }
        }

        foreach (Node loop in pipelined)
        {
            string label = LabelOf(loop);
            bool documented = Documented(loop);
            if (!documented && documentedLoops.Count > 0)
            {
                Flag("schedule-row", loop,
                    $"the pipelined loop {Name(label)} has no row in hw/edqa_schedule.h (nor does a loop around "
                    + "it): write down its II, depth, trip count and reason");
            }

            foreach (Node inside in loop.Descendants())
            {
                string? division = DivisionProblem(inside) ?? CalledDivision(inside, definitions);
                if (division is not null)
                {
                    Flag("pipelined-division", inside,
                        $"{division} in the pipelined loop {Name(label)}: a divider has a latency of tens of cycles "
                        + "and no II of 1");
                }

                if (inside.Kind == SourceTree.ArraySubscriptExpr && ArrayName(inside) is { } array
                    && !partitioned.Contains(array) && !documented)
                {
                    Flag("pipelined-array", inside,
                        $"{array}[] in the pipelined loop {Name(label)}: a RAM has two ports; partition it "
                        + "(ARRAY_PARTITION) or give the loop a row in hw/edqa_schedule.h with the II its accesses "
                        + "allow");
                }
            }
        }

        HashSet<string> dependences = DependencePragmas(tree);
        foreach (Node loop in pipelined.Where(l => initiationIntervals.GetValueOrDefault(LabelOf(l)) == "1"))
        {
            foreach (Node write in loop.Descendants().Where(IsArrayUpdate))
            {
                if (ArrayName(write) is { } array && !partitioned.Contains(array) && !dependences.Contains(array)
                    && (write.Parent!.Kind != SourceTree.BinaryOperator || ReadsArray(write.Parent, array)))
                {
                    Flag("pipelined-rmw", write,
                        $"{array}[] is read and written in {Name(LabelOf(loop))}, whose schedule row claims II 1: HLS "
                        + "assumes a distance-1 dependence; partition it or state the true one (HLS DEPENDENCE)");
                }
            }
        }

        return findings.DistinctBy(f => (f.Rule, f.File, f.Line)).OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line).ToList();
    }

    /// <summary>Bindings in a module's constructor that join two of its child modules: a call (a port's
    /// <c>operator()</c> or <c>bind</c>) whose callee and argument reach through two different child members (or
    /// local references to them): <c>router.config(unit.config)</c>, where the unit owns the channel.</summary>
    private static IEnumerable<(Node Call, string Owner, string Sibling)> SiblingBindings(List<Node> all)
    {
        var modules = all.Where(n => n.Kind is SourceTree.StructDecl or SourceTree.ClassDecl
                or SourceTree.ClassTemplate
                && n.Children.Any(c => c.Kind == SourceTree.CXXBaseSpecifier
                    && c.Spelling.Contains("sc_module", StringComparison.Ordinal)))
            .Select(n => n.Spelling).ToHashSet();
        foreach (Node constructor in all.Where(n => n.Kind == SourceTree.Constructor && n.Parent is not null))
        {
            // The children: member fields of a module type (arrays of modules included).
            HashSet<string> children = constructor.Parent!.Children
                .Where(c => c.Kind == SourceTree.FieldDecl && modules.Contains(ClassName(c.CanonicalType)))
                .Select(c => c.Spelling).ToHashSet();
            if (children.Count < 2)
            {
                continue;
            }

            // Local references to a child (`Unit& unit = units[u];`).
            var aliases = new Dictionary<string, string>();
            foreach (Node local in constructor.Descendants().Where(d => d.Kind == SourceTree.VarDecl))
            {
                if (local.Children.LastOrDefault() is { } initializer && Root(initializer, aliases) is { } target
                    && children.Contains(target))
                {
                    aliases[local.Spelling] = target;
                }
            }

            foreach (Node call in constructor.Descendants().Where(d => d.Kind == SourceTree.CallExpr))
            {
                List<string> roots = call.Children.Select(c => Root(c, aliases)).OfType<string>()
                    .Where(children.Contains).Distinct().ToList();
                if (roots.Count >= 2)
                {
                    yield return (call, roots[^1], roots[0]);
                }
            }
        }
    }

    private static string ClassName(string type) => type.Split('<', '[')[0].Trim().Split("::").Last();

    /// <summary>The member or local variable an expression reaches through: <c>units</c> of
    /// <c>units[u].record</c>, <c>router</c> of <c>router.din</c>.</summary>
    private static string? Root(Node node, IReadOnlyDictionary<string, string> aliases)
    {
        for (Node? current = node; current is not null;)
        {
            switch (current.Kind)
            {
                case SourceTree.MemberRefExpr when current.Children.Count == 0:
                    return current.Spelling;  // a member of this module
                case SourceTree.DeclRefExpr when current.Children.Count == 0:
                    return current.Referenced?.Kind == SourceTree.VarDecl
                        ? aliases.GetValueOrDefault(current.Spelling, current.Spelling)
                        : null;
                case SourceTree.MemberRefExpr or SourceTree.ArraySubscriptExpr or SourceTree.UnexposedExpr
                    or SourceTree.DeclRefExpr:
                    current = current.Children.FirstOrDefault();
                    break;
                default:
                    return current.Kind is >= 100 and < 200 && current.Children.Count == 1
                        ? Root(current.Children[0], aliases)
                        : null;
            }
        }

        return null;
    }

    // Constructors run at elaboration: a subscript there binds a port, it is not a run-time choice.
    private static bool InElaboration(Node node) => node.Ancestors().Any(a => a.Kind == SourceTree.Constructor);

    /// <summary>An index that is a constant, a template parameter's expression, or made only of the variables of
    /// unrolled loops around the subscript (a constant in each unrolled copy).</summary>
    private static bool StaticIndex(Node index, Node subscript, Evaluator evaluator)
    {
        if (index.IsIntegerConstant || evaluator.IsStatic(index))
        {
            return true;
        }

        var unrolled = subscript.Ancestors().Where(a => a.Kind == SourceTree.ForStmt && a.IsUnrolled)
            .SelectMany(l => l.Children.Take(1).SelectMany(c => c.Descendants().Prepend(c)))
            .Where(d => d.Kind == SourceTree.VarDecl).Select(d => d.Spelling).ToHashSet();
        var variables = new[] { index }.Concat(index.Descendants())
            .Where(d => d.Kind == SourceTree.DeclRefExpr && d.Referenced is { Kind: SourceTree.VarDecl }).ToList();
        return variables.Count > 0 && variables.All(v => unrolled.Contains(v.Spelling))
            && !index.Descendants().Any(d => d.Kind is SourceTree.CallExpr or SourceTree.MemberRefExpr);
    }

    /// <summary>The subscript written by an assignment, a compound assignment or an increment.</summary>
    private static bool IsArrayUpdate(Node node) =>
        node.Kind == SourceTree.ArraySubscriptExpr && node.Parent is { } parent
        && ((parent.Kind == SourceTree.BinaryOperator && parent.Operator == "=" && parent.Children[0] == node)
            || (parent.Kind == SourceTree.CompoundAssignOperator && parent.Children[0] == node)
            || (parent.Kind == SourceTree.UnaryOperator && parent.Operator is "++" or "--"));

    // The assignment's right-hand side reads the array it writes (a histogram's count = count + 1).
    private static bool ReadsArray(Node assignment, string array) =>
        assignment.Children[1].Descendants().Prepend(assignment.Children[1])
            .Any(d => d.Kind == SourceTree.ArraySubscriptExpr && ArrayName(d) == array);

    private static HashSet<string> DependencePragmas(SourceTree tree)
    {
        var names = new HashSet<string>();
        foreach (List<Token> tokens in tree.Tokens.Values)
        {
            for (int i = 0; i + 3 < tokens.Count; i++)
            {
                if (tokens[i].Text == "DEPENDENCE" && tokens[i + 1].Text == "variable" && tokens[i + 2].Text == "=")
                {
                    names.Add(tokens[i + 3].Text);
                }
            }
        }

        return names;
    }

    private static string LabelOf(Node loop) =>
        loop.Parent is { Kind: SourceTree.LabelStmt } parent ? parent.Spelling : string.Empty;

    private static string Name(string label) => label.Length > 0 ? label : "(unlabelled)";

    private static string Relative(SourceTree tree, string file) =>
        Path.GetRelativePath(Path.GetDirectoryName(tree.Root)!, file);

    private static HashSet<string> PartitionedArrays(SourceTree tree)
    {
        var names = new HashSet<string>();
        foreach (List<Token> tokens in tree.Tokens.Values)
        {
            for (int i = 0; i + 3 < tokens.Count; i++)
            {
                if (tokens[i].Text == "ARRAY_PARTITION" && tokens[i + 1].Text == "variable"
                    && tokens[i + 2].Text == "=")
                {
                    names.Add(tokens[i + 3].Text);
                }
            }
        }

        return names;
    }

    /// <summary>A for loop compares its variable with a constant; a while loop is the thread's `while (true)` or
    /// waits for clock edges, itself or through a function it calls (a protocol loop HLS schedules as
    /// states).</summary>
    // A bound is static when clang folds it, or when it is a template parameter's expression (a constant in each
    // instantiation HLS compiles).
    private static bool HasStaticBound(
        SourceTree tree, Node loop, Dictionary<string, Node> definitions, Evaluator evaluator)
    {
        if (loop.Kind == SourceTree.ForStmt)
        {
            Node? condition = loop.Children
                .FirstOrDefault(c => c.Kind == SourceTree.BinaryOperator && Comparisons.Contains(c.Operator));
            return condition is not null && condition.Children.Count == 2
                && (evaluator.IsStatic(condition.Children[1]) || evaluator.IsStatic(condition.Children[0]));
        }

        if (loop.Kind is SourceTree.WhileStmt or SourceTree.DoStmt)
        {
            Token[] tokens = tree.TokensIn(loop.File, loop.Start, loop.End).ToArray();
            string[] head = tokens.Take(4).Select(t => t.Text).ToArray();
            // In a class template a call of the module's own wait() is a dependent call clang leaves unresolved:
            // its tokens show it.
            bool callsWait = tokens.Zip(tokens.Skip(1)).Any(p => p.First.Text == "wait" && p.Second.Text == "(");
            return head.SequenceEqual(["while", "(", "true", ")"]) || callsWait || Waits(loop, definitions, []);
        }

        return false;
    }

    // A call of a function template refers to its specialization, whose USR is not the template's: match those by name.
    private static bool Waits(Node body, Dictionary<string, Node> definitions, HashSet<string> visited) =>
        body.Descendants().Any(d => d.Kind == SourceTree.CallExpr && (d.Spelling == "wait"
            || definitions.Values.Where(f => d.Referenced is { } callee && (f.Usr == callee.Usr
                    || (f.Kind == SourceTree.FunctionTemplate && f.Spelling == d.Spelling)))
                .Any(f => visited.Add(f.Usr) && Waits(f, definitions, visited))));

    private static bool IsConstexpr(SourceTree tree, Node function) =>
        tree.TokensIn(function.File, function.Start, function.End).TakeWhile(t => t.Text is not ("(" or "{"))
            .Any(t => t.Text == "constexpr");

    /// <summary>A float division, or an integer division or modulo by something that is not a constant.</summary>
    private static string? DivisionProblem(Node node)
    {
        if (node.Kind is not (SourceTree.BinaryOperator or SourceTree.CompoundAssignOperator)
            || node.Children.Count != 2)
        {
            return null;
        }

        string op = node.Operator.TrimEnd('=');
        bool floating = node.TypeKind is Edqa.Clang.LibClang.TypeFloat or Edqa.Clang.LibClang.TypeDouble
            or Edqa.Clang.LibClang.TypeLongDouble;
        return op switch
        {
            "/" when floating => node.IsConstant ? null : "a float division",
            "/" when !node.Children[1].IsIntegerConstant => "an integer division by a variable",
            "%" when !node.Children[1].IsIntegerConstant => "a modulo by a variable",
            _ => null,
        };
    }

    /// <summary>A call to a function of this code that divides somewhere inside.</summary>
    private static string? CalledDivision(Node node, Dictionary<string, Node> definitions)
    {
        if (node.Kind != SourceTree.CallExpr || node.Referenced is not { } callee
            || !definitions.TryGetValue(callee.Usr, out Node? body))
        {
            return null;
        }

        string? inside = body.Descendants().Select(DivisionProblem).FirstOrDefault(p => p is not null);
        return inside is null ? null : $"{inside} (in {callee.Spelling}, called here)";
    }

    private static string? ArrayName(Node subscript)
    {
        Node? reference = subscript.Children.FirstOrDefault() is { } array
            ? new[] { array }.Concat(array.Descendants())
                .FirstOrDefault(n => n.Kind is SourceTree.DeclRefExpr or SourceTree.MemberRefExpr)
            : null;
        return reference?.Referenced?.Spelling;
    }

    private static bool InCycle(Node function, Dictionary<string, Node> definitions)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(Callees(function));
        while (stack.Count > 0)
        {
            string usr = stack.Pop();
            if (usr == function.Usr)
            {
                return true;
            }

            if (seen.Add(usr) && definitions.TryGetValue(usr, out Node? callee))
            {
                foreach (string next in Callees(callee))
                {
                    stack.Push(next);
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> Callees(Node function) =>
        function.Descendants().Where(d => d.Kind == SourceTree.CallExpr && d.Referenced is not null)
            .Select(d => d.Referenced!.Usr).Where(u => u.Length > 0);
}
