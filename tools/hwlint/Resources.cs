using System.Globalization;
using System.Text.RegularExpressions;

namespace Edqa.HwLint;

/// <summary>One on-chip memory of a module: a member array, its shape, and how HLS 2019.2 would implement it.</summary>
internal sealed record Memory(
    string Module, string Name, long Depth, int Width, string Mapping, int Bram18, long RegisterBits)
{
    /// <summary>The RAM style a RESOURCE pragma pins ("block" or "distributed"); null when HLS and synthesis
    /// choose.</summary>
    public string? Core { get; init; }

    /// <summary>The memories an ARRAY_PARTITION factor makes of it, each ceil(depth / banks) deep.</summary>
    public int Banks { get; init; } = 1;
}

/// <summary>The floating-point and multiplier units of a module: in total (no sharing) and the most any one region
/// needs at once (HLS shares units between loops that run one after another, never within a pipelined loop).</summary>
internal sealed record Operators(Dictionary<string, int> Total, Dictionary<string, int> Shared)
{
    public int Dsp(bool shared) => (shared ? Shared : Total).Sum(o => o.Value * Resources.DspPerOperator[o.Key]);
}

/// <summary>A module instantiated <paramref name="Count"/> times by its parent (the units, written out by name:
/// unit0 .. unit3, those the configuration has).</summary>
internal sealed record Child(string Name, long Count);

internal sealed record ModuleResources(
    string Name, IReadOnlyList<Child> Children, IReadOnlyList<Memory> Memories, Operators Operators)
{
    /// <summary>The counts the LUT/FF estimate (LogicModel) uses.</summary>
    public LogicInventory Logic { get; init; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// BRAM and DSP of the accelerators, read from the same AST the lint reads, where they are decided: the buffers are
/// member arrays with static sizes, the DSPs are the floating-point operators. What is counted and why:
///   - a member array is block RAM, HLS 2019.2's default, unless an ARRAY_PARTITION pragma makes it registers
///     (complete) or banks (cyclic/block factor F: F memories of ceil(depth/F)), or it has at most 4 elements
///     (config_array_partition's default auto-partition threshold): registers;
///   - a block RAM takes BRAM18 primitives in the cheapest aspect ratio of 16K x 1, 8K x 2, 4K x 4, 2K x 9, 1K x 18
///     or 512 x 36 (7-series, UG473);
///   - float32 multiply 3 DSP48E1, add or subtract 2 (the Floating-Point Operator core with full DSP usage, what HLS
///     instantiates at 200 MHz), int-to-float, float-to-int and divide none (LUTs), an integer multiply of two
///     variables 1;
///   - an sc_fifo channel member is a FIFO of the depth its constructor gives: up to 32 entries shift registers
///     (SRL, LUTs), deeper ones block RAM like an array of that depth (the encoder's record-deep FIFOs);
///   - a member of type <c>Present&lt;condition, T&gt;::type</c> (hw/edqa_slots.h: a unit slot, its ports and end
///     FIFOs, a second lane's) is a T when the condition holds under the configuration, nothing otherwise.
/// LUT and FF are not estimated: they depend on the control HLS builds. The AXI DMA and interconnect of the board's
/// design are outside the IP and not counted.
/// </summary>
internal static partial class Resources
{
    public static readonly IReadOnlyDictionary<string, int> DspPerOperator = new Dictionary<string, int>
    {
        ["fmul"] = 3, ["fadd"] = 2, ["fdiv"] = 0, ["sitofp"] = 0, ["fptosi"] = 0, ["mul"] = 1,
    };

    private static readonly (long Depth, int Width)[] BramAspects =
        [(16384, 1), (8192, 2), (4096, 4), (2048, 9), (1024, 18), (512, 36)];

    private const int AutoPartitionThreshold = 4;

    private const long ShiftRegisterFifoDepth = 32;

    [GeneratedRegex(@"^sc_core::sc_fifo<(.+)>$")]
    private static partial Regex FifoElement();

    /// <summary>The depth a constructor's member initializer gives an sc_fifo (its integer argument, evaluated under
    /// the configuration's template parameters; sc_fifo's default 16 when it has none).</summary>
    private static long FifoDepth(Node module, string field, Evaluator evaluator)
    {
        foreach (Node constructor in module.Children.Where(c => c.Kind == SourceTree.Constructor))
        {
            for (int i = 0; i + 1 < constructor.Children.Count; i++)
            {
                if (constructor.Children[i].Kind == SourceTree.MemberRef && constructor.Children[i].Spelling == field)
                {
                    return evaluator.FirstValue(constructor.Children[i + 1])
                        ?? throw new InvalidOperationException(
                            $"{module.Spelling}.{field}: the FIFO's depth does not evaluate (a constant, or an "
                            + "expression of the template's parameters)");
                }
            }
        }

        return 16;
    }

    /// <summary>"EdqaUnit" of "edqa_hw::EdqaUnit&lt;kLanes, (kUnits &gt; 1)&gt;[kUnits]": a type's class or template
    /// name.</summary>
    private static string TemplateName(string type)
    {
        string head = type.Split('<', '[')[0].Trim();
        return head.Split("::").Last();
    }

    /// <summary>The elements of a member array: its constant size, or the product of its dimension expressions
    /// under the configuration (a template's array); 1 for a scalar, null when a dimension does not evaluate.</summary>
    private static long? Elements(Node field, Evaluator evaluator)
    {
        if (field.ArraySize > 0)
        {
            return field.ArraySize;
        }

        int dimensions = field.TypeSpelling.Count(c => c == '[');
        if (dimensions == 0)
        {
            return 1;
        }

        long product = 1;
        foreach (Node dimension in field.Children.Where(c => c.Kind is >= 100 and < 200).TakeLast(dimensions))
        {
            if (evaluator.Value(dimension) is not { } size)
            {
                return null;
            }

            product *= size;
        }

        return product;
    }

    /// <summary>A field's canonical type, or for <c>Present&lt;condition, T&gt;::type</c> T's when the condition
    /// holds under the configuration, and null when it does not (an absent slot). Declared through a macro, the
    /// type is a dependent name clang neither folds nor canonicalizes: the condition is read from its spelling
    /// (integers, the template parameters, comparisons, !, &amp;&amp;, ||, parentheses) and T's typedefs resolved by
    /// name.</summary>
    private static string? Slot(
        Node module, Node field, IReadOnlyDictionary<string, long> parameters, Dictionary<string, string> typedefs)
    {
        string type = field.CanonicalType;
        int start = type.IndexOf("Present<", StringComparison.Ordinal);
        if (start < 0)
        {
            return type;
        }

        // The two template arguments: split at the top-level comma, up to the matching '>'.
        int angles = 0, parentheses = 0, comma = -1, end = -1;
        for (int i = start + "Present<".Length; i < type.Length && end < 0; i++)
        {
            switch (type[i])
            {
                case '(':
                    parentheses++;
                    break;
                case ')':
                    parentheses--;
                    break;
                case '<' when parentheses == 0:
                    angles++;
                    break;
                case '>' when parentheses == 0 && angles > 0:
                    angles--;
                    break;
                case '>' when parentheses == 0:
                    end = i;
                    break;
                case ',' when parentheses == 0 && angles == 0 && comma < 0:
                    comma = i;
                    break;
            }
        }

        if (comma < 0 || end < 0)
        {
            throw new InvalidOperationException(
                $"{module.Spelling}.{field.Spelling}: a slot type not understood: {type}");
        }

        string condition = type[(start + "Present<".Length)..comma];
        if (Condition(condition, parameters) is not { } present)
        {
            throw new InvalidOperationException(
                $"{module.Spelling}.{field.Spelling}: the slot's condition {condition} does not evaluate");
        }

        if (!present)
        {
            return null;
        }

        string inner = type[(comma + 1)..end].Trim();
        string Resolve(string name) =>
            module.Children.FirstOrDefault(c => c.Kind == SourceTree.TypedefDecl && c.Spelling == name) is { } local
                ? local.CanonicalType
                : typedefs.GetValueOrDefault(name, name);
        return SlotFifo().Match(inner) is { Success: true } fifo
            ? $"sc_core::{fifo.Groups[1].Value}<{Resolve(fifo.Groups[2].Value.Trim())}>"
            : Resolve(inner);
    }

    [GeneratedRegex(@"^(?:sc_core::)?(sc_fifo|sc_fifo_in|sc_fifo_out)<(.+)>$")]
    private static partial Regex SlotFifo();

    [GeneratedRegex(@"\d+|[A-Za-z_]\w*|&&|\|\||==|!=|<=|>=|[<>()!]|\S")]
    private static partial Regex ConditionToken();

    /// <summary>A slot's condition, e.g. "(1 < kUnits && kLanes == 2)", under the parameters; null when it does not
    /// evaluate.</summary>
    private static bool? Condition(string text, IReadOnlyDictionary<string, long> parameters)
    {
        List<string> tokens = ConditionToken().Matches(text).Select(m => m.Value).ToList();
        int at = 0;
        string? Peek() => at < tokens.Count ? tokens[at] : null;
        long? Primary()
        {
            string? token = Peek();
            at++;
            if (token == "(")
            {
                long? value = Or();
                return Peek() == ")" && at++ >= 0 ? value : null;
            }

            if (token == "!")
            {
                return Primary() is { } operand ? (operand == 0 ? 1 : 0) : null;
            }

            if (token is null)
            {
                return null;
            }

            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                return number;
            }

            return token switch
            {
                "true" => 1,
                "false" => 0,
                _ => parameters.TryGetValue(token, out long bound) ? bound : null,
            };
        }

        long? Comparison()
        {
            long? left = Primary();
            while (Peek() is "<" or ">" or "<=" or ">=" or "==" or "!=" && left is not null)
            {
                string op = tokens[at++];
                if (Primary() is not { } right)
                {
                    return null;
                }

                left = op switch
                {
                    "<" => left < right ? 1 : 0,
                    ">" => left > right ? 1 : 0,
                    "<=" => left <= right ? 1 : 0,
                    ">=" => left >= right ? 1 : 0,
                    "==" => left == right ? 1 : 0,
                    _ => left != right ? 1 : 0,
                };
            }

            return left;
        }

        long? And()
        {
            long? left = Comparison();
            while (Peek() == "&&" && left is not null)
            {
                at++;
                left = Comparison() is { } right ? (left != 0 && right != 0 ? 1 : 0) : null;
            }

            return left;
        }

        long? Or()
        {
            long? left = And();
            while (Peek() == "||" && left is not null)
            {
                at++;
                left = And() is { } right ? (left != 0 || right != 0 ? 1 : 0) : null;
            }

            return left;
        }

        long? result = Or();
        return result is not null && at == tokens.Count ? result != 0 : null;
    }

    [GeneratedRegex(@"^(?:sc_dt::)?sc_(?:big)?u?int<(\d+)>$")]
    private static partial Regex ScInteger();

    /// <summary>The template parameters of a configuration of units and lanes, by the names the accelerator's
    /// templates give them (hw/accelerator.sc.h, hw/edqa_unit.sc.h, hw/stream_router.sc.h).</summary>
    public static Dictionary<string, long> Parameters(int units, int lanes) => new()
    {
        ["kUnits"] = units, ["kLanes"] = lanes, ["kBuffered"] = units > 1 ? 1 : 0,
    };

    public static List<ModuleResources> Inventory(SourceTree tree) => Inventory(tree, Parameters(1, 1));

    /// <summary>Every module's memories, operators and child modules, with the class templates' parameters bound to
    /// <paramref name="parameters"/> (HLS compiles one instantiation).</summary>
    public static List<ModuleResources> Inventory(SourceTree tree, IReadOnlyDictionary<string, long> parameters)
    {
        List<Node> all = tree.All().ToList();
        var evaluator = new Evaluator(tree, parameters);
        var structs = all
            .Where(n => n.Kind is SourceTree.StructDecl or SourceTree.ClassDecl or SourceTree.ClassTemplate
                && n.Children.Count > 0)
            .GroupBy(n => n.Spelling).ToDictionary(g => g.Key, g => g.First());
        var modules = structs.Values.Where(s => s.Children.Any(c => c.Kind == SourceTree.CXXBaseSpecifier
            && c.Spelling.Contains("sc_module", StringComparison.Ordinal))).ToList();
        Dictionary<string, Node> definitions = all.Where(n => n.Usr.Length > 0 && n.IsDefinition).GroupBy(n => n.Usr)
            .ToDictionary(g => g.Key, g => g.First());
        var result = new List<ModuleResources>();
        Dictionary<string, int> depths = ScheduleDepths(all, evaluator);
        // Type names (Word, ErrorField) by their canonical types, for the slots' element types.
        Dictionary<string, string> typedefs = all
            .Where(n => n.Kind is SourceTree.TypedefDecl or SourceTree.TypeAliasDecl && n.CanonicalType.Length > 0)
            .GroupBy(n => n.Spelling).ToDictionary(g => g.Key, g => g.First().CanonicalType);
        foreach (Node module in modules)
        {
            Dictionary<string, string> partitions = Partitions(tree, module);
            Dictionary<string, string> cores = Cores(tree, module);
            var memories = new List<Memory>();
            var children = new List<Child>();
            foreach (Node field in module.Children.Where(c => c.Kind == SourceTree.FieldDecl))
            {
                if (Slot(module, field, parameters, typedefs) is not { } canonical)
                {
                    continue;  // an absent slot
                }

                string typeName = TemplateName(canonical);
                long elements = Elements(field, evaluator) ?? throw new InvalidOperationException(
                    $"{module.Spelling}.{field.Spelling}: the array's size does not evaluate under "
                    + $"{string.Join(", ", parameters.Select(p => $"{p.Key} = {p.Value}"))}");
                string elementType = field.ArraySize > 0
                    ? field.ArrayElementType
                    : canonical.Split('[')[0].Trim();
                if (modules.Any(m => m.Spelling == typeName))
                {
                    children.Add(new Child(typeName, elements));
                }
                else if (FifoElement().Match(elementType) is { Success: true } fifo)
                {
                    long depth = FifoDepth(module, field.Spelling, evaluator);
                    int width = Bits(fifo.Groups[1].Value, structs);
                    memories.Add(depth <= ShiftRegisterFifoDepth
                        ? new Memory(
                            module.Spelling, field.Spelling, depth, width, "FIFO in shift registers (SRL)", 0, 0)
                        : Map(module.Spelling, field.Spelling, depth, width, null)
                            with { Mapping = "FIFO in block RAM" });
                }
                else if (field.TypeSpelling.Contains('[', StringComparison.Ordinal)
                         && !elementType.StartsWith("sc_core::", StringComparison.Ordinal)
                         && Bits(elementType, structs) is > 0 and int width)
                {
                    // A data array (ports, signals and simulation-only helpers with no fields under synthesis are not).
                    Memory memory = Map(module.Spelling, field.Spelling, elements, width,
                        partitions.GetValueOrDefault(field.Spelling));
                    memories.Add(memory.RegisterBits == 0 && cores.TryGetValue(field.Spelling, out string? core)
                        ? Pin(memory, core)
                        : memory);
                }
            }

            // Units written out by name count together (4 x EdqaUnit).
            children = children.GroupBy(c => c.Name).Select(g => new Child(g.Key, g.Sum(c => c.Count))).ToList();
            result.Add(new ModuleResources(module.Spelling, children, memories, CountOperators(module, definitions))
            {
                Logic = CountLogic(tree, module, evaluator, depths),
            });
        }

        return result;
    }

    /// <summary>A module's threads (SC_CTHREAD and SC_METHOD in its constructor), its loops (pipelined ones with the
    /// depth of their schedule row, or of the row of a loop around them), its AXI-Lite registers (ports of
    /// sc_uint, the register table's) and its stream ports (fifo ports of the top whose type is a stream
    /// beat).</summary>
    private static LogicInventory CountLogic(
        SourceTree tree, Node module, Evaluator evaluator, IReadOnlyDictionary<string, int> depths)
    {
        List<Token> tokens = tree.TokensIn(module.File, module.Start, module.End).ToList();
        int threads = tokens.Count(t => t.Text is "SC_CTHREAD" or "SC_METHOD");
        List<Node> loops = module.Children.Where(c => c.Kind is SourceTree.CXXMethod or SourceTree.Constructor)
            .SelectMany(m => m.Descendants()).Where(SourceTree.IsLoop)
            .Where(l => !l.Ancestors().Any(a => a.Kind == SourceTree.Constructor)).ToList();
        // A member function template (one loop shared by rows of different widths, inlined) is logic at each call
        // site: its loops count once per call. Calls are counted in the module's tokens (its name followed by `(`
        // or `<`, outside its own definition): a call names a specialization, or inside a class template nothing
        // clang resolves, so the AST's call nodes do not say which template they reach.
        foreach (Node template in module.Children.Where(c => c.Kind == SourceTree.FunctionTemplate && c.IsDefinition))
        {
            int calls = tokens.Where((t, i) => t.Text == template.Spelling && i + 1 < tokens.Count
                    && tokens[i + 1].Text is "(" or "<" && (t.Offset < template.Start || t.Offset >= template.End))
                .Count();
            List<Node> body = template.Descendants().Where(SourceTree.IsLoop).ToList();
            for (int call = 0; call < calls; call++)
            {
                loops.AddRange(body);
            }
        }

        int pipelined = 0, stages = 0, other = 0;
        var rows = new List<string>();
        foreach (Node loop in loops)
        {
            if (!loop.IsPipelined)
            {
                other++;
                continue;
            }

            pipelined++;
            string? row = loop.Ancestors().Where(SourceTree.IsLoop).Prepend(loop)
                .Select(l => l.Parent is { Kind: SourceTree.LabelStmt } p ? p.Spelling : string.Empty)
                .FirstOrDefault(depths.ContainsKey);
            stages += row is null ? 2 : depths[row];
            if (row is not null)
            {
                rows.Add(row);
            }
        }

        int registers = 0, registerBits = 0, streams = 0, streamBits = 0;
        foreach (Node field in module.Children.Where(c => c.Kind == SourceTree.FieldDecl))
        {
            string type = field.CanonicalType;
            if (System.Text.RegularExpressions.Regex.Match(type, @"^sc_core::sc_(in|out)<sc_dt::sc_uint<(\d+)>>$")
                is { Success: true } register)
            {
                registers++;
                registerBits += int.Parse(register.Groups[2].Value, CultureInfo.InvariantCulture);
            }
            else if (type.StartsWith("sc_fifo_", StringComparison.Ordinal)
                     && type.Contains("LaneBeat", StringComparison.Ordinal)
                     || type is "sc_core::sc_fifo_in<edqa_hw::Beat>" or "sc_core::sc_fifo_out<edqa_hw::Beat>"
                     && module.Children.Any(c => c.Kind == SourceTree.FieldDecl
                         && c.CanonicalType.StartsWith("sc_core::sc_in<sc_dt::sc_uint<", StringComparison.Ordinal)))
            {
                // The top's AXI-Stream ports: TDATA and TLAST, and TKEEP with two lanes.
                streams++;
                streamBits += type.Contains("LaneBeat", StringComparison.Ordinal) && evaluator.Parameter("kLanes") == 2
                    ? 64 + 8 + 1
                    : 32 + 1;
            }
        }

        return new LogicInventory(threads, pipelined, stages, other, registers, registerBits, streams, streamBits)
        {
            Rows = rows.Distinct().ToList(),
        };
    }


    /// <summary>Each schedule row's depth (hw/edqa_schedule.h: `constexpr Loop kX{"LABEL", ii, depth, ...}`), by
    /// label.</summary>
    private static Dictionary<string, int> ScheduleDepths(List<Node> all, Evaluator evaluator)
    {
        var depths = new Dictionary<string, int>();
        foreach (Node row in all.Where(n => n.Kind == SourceTree.VarDecl
            && n.TypeSpelling.EndsWith("Loop", StringComparison.Ordinal)))
        {
            Node? list = row.Descendants().FirstOrDefault(d => d.Kind == 119);  // InitListExpr
            if (list is { Children.Count: >= 3 }
                && list.Children[0].Descendants().Prepend(list.Children[0]).FirstOrDefault(d => d.Kind == 109)
                    is { } label
                && evaluator.Value(list.Children[2]) is { } depth)
            {
                depths[label.Spelling.Trim('"')] = (int)depth;
            }
        }

        return depths;
    }

    /// <summary>A module and what it instantiates, summed.</summary>
    public static (int Bram18, int DspShared, int DspTotal, long RegisterBits) Totals(
        string top, IReadOnlyList<ModuleResources> modules)
    {
        ModuleResources module = modules.First(m => m.Name == top);
        var (bram, shared, total, registers) = (
            module.Memories.Sum(m => m.Bram18),
            module.Operators.Dsp(true),
            module.Operators.Dsp(false),
            module.Memories.Sum(m => m.RegisterBits));
        foreach (Child child in module.Children)
        {
            var (b, s, t, r) = Totals(child.Name, modules);
            (bram, shared, total, registers) = (
                bram + (int)(child.Count * b),
                shared + (int)(child.Count * s),
                total + (int)(child.Count * t),
                registers + child.Count * r);
        }

        return (bram, shared, total, registers);
    }

    private static Memory Map(string module, string name, long depth, int width, string? partition)
    {
        if (partition == "complete" || depth <= AutoPartitionThreshold)
        {
            return new Memory(
                module,
                name,
                depth,
                width,
                partition == "complete" ? "registers (ARRAY_PARTITION complete)" : "registers (at most 4 elements)",
                0,
                depth * width);
        }

        int banks = partition is not null
            && int.TryParse(partition, NumberStyles.None, CultureInfo.InvariantCulture, out int factor)
                ? factor
                : 1;
        long bankDepth = (depth + banks - 1) / banks;
        int perBank = BramAspects.Min(
            a => (int)(((bankDepth + a.Depth - 1) / a.Depth) * ((width + a.Width - 1) / a.Width)));
        return new Memory(
            module,
            name,
            depth,
            width,
            banks > 1 ? $"{banks} BRAM banks (ARRAY_PARTITION factor {banks})" : "block RAM",
            banks * perBank,
            0) { Banks = banks };
    }

    /// <summary>A memory whose RESOURCE pragma names its core: LUT RAM takes no block RAM.</summary>
    private static Memory Pin(Memory memory, string core) => core.Contains("LUTRAM", StringComparison.Ordinal)
        ? memory with
        {
            Mapping = memory.Banks > 1
                ? $"{memory.Banks} LUT RAM banks (ARRAY_PARTITION factor {memory.Banks}, RESOURCE core {core})"
                : $"LUT RAM (RESOURCE core {core})",
            Bram18 = 0,
            Core = "distributed",
        }
        : memory with { Mapping = memory.Mapping + $" (RESOURCE core {core})", Core = "block" };

    /// <summary>RESOURCE pragmas inside the module that bind an array to a memory core: variable to core.</summary>
    private static Dictionary<string, string> Cores(SourceTree tree, Node module)
    {
        var result = new Dictionary<string, string>();
        List<Token> tokens = tree.TokensIn(module.File, module.Start, module.End).ToList();
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Text != "RESOURCE")
            {
                continue;
            }

            // The pragma's own arguments: up to the parenthesis that closes HLS_PRAGMA( (a fixed count of tokens
            // could stop short of a long pragma's core, or read the next statement's).
            string? variable = null, core = null;
            int depth = 0;
            for (int j = i + 1; j + 2 < tokens.Count; j++)
            {
                depth += tokens[j].Text switch { "(" => 1, ")" => -1, _ => 0 };
                if (depth < 0)
                {
                    break;
                }

                if (tokens[j + 1].Text == "=" && tokens[j].Text == "variable")
                {
                    variable = tokens[j + 2].Text;
                }
                else if (tokens[j + 1].Text == "=" && tokens[j].Text == "core")
                {
                    core = tokens[j + 2].Text;
                }
            }

            if (variable is not null && core is not null && core.StartsWith("RAM_", StringComparison.Ordinal))
            {
                result[variable] = core;
            }
        }

        return result;
    }

    /// <summary>ARRAY_PARTITION pragmas inside the module: "complete", or the bank factor.</summary>
    private static Dictionary<string, string> Partitions(SourceTree tree, Node module)
    {
        var result = new Dictionary<string, string>();
        List<Token> tokens = tree.TokensIn(module.File, module.Start, module.End).ToList();
        for (int i = 0; i + 4 < tokens.Count; i++)
        {
            if (tokens[i].Text != "ARRAY_PARTITION" || tokens[i + 1].Text != "variable" || tokens[i + 2].Text != "=")
            {
                continue;
            }

            string name = tokens[i + 3].Text;
            string kind = tokens[i + 4].Text;
            result[name] = kind == "complete" ? "complete"
                : i + 7 < tokens.Count && tokens[i + 5].Text == "factor" && tokens[i + 6].Text == "="
                    ? tokens[i + 7].Text
                : "complete";
        }

        return result;
    }

    /// <summary>Hardware bits of a type: sc_uint/sc_int widths, C scalars, and structs as the sum of their
    /// fields.</summary>
    private static int Bits(string canonical, Dictionary<string, Node> structs)
    {
        Match match = ScInteger().Match(canonical);
        if (match.Success)
        {
            return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return canonical switch
        {
            "bool" => 1,
            "char" or "signed char" or "unsigned char" => 8,
            "short" or "unsigned short" => 16,
            "int" or "unsigned int" or "float" => 32,
            "long" or "unsigned long" or "long long" or "unsigned long long" or "double" => 64,
            _ when structs.TryGetValue(TemplateName(canonical), out Node? record) =>
                record.Children.Where(c => c.Kind == SourceTree.FieldDecl).Sum(f => f.ArraySize > 0
                    ? (int)f.ArraySize * Bits(f.ArrayElementType, structs)
                    : Bits(f.CanonicalType, structs)),
            _ => throw new InvalidOperationException($"no hardware width known for the type {canonical}"),
        };
    }

    /// <summary>The operators of a module's methods (and of what they call): in total, and per region, where a
    /// region is one pipelined loop (its operators run at once) or the rest of a method (run one after
    /// another).</summary>
    private static Operators CountOperators(Node module, Dictionary<string, Node> definitions)
    {
        var total = DspPerOperator.Keys.ToDictionary(k => k, _ => 0);
        var shared = DspPerOperator.Keys.ToDictionary(k => k, _ => 0);
        foreach (Node method in module.Children.Where(c => c.Kind == SourceTree.CXXMethod && c.IsDefinition))
        {
            foreach (Node region in Regions(method))
            {
                Dictionary<string, int> counts = DspPerOperator.Keys.ToDictionary(k => k, _ => 0);
                Count(region, region == method, definitions, counts, []);
                foreach ((string op, int n) in counts)
                {
                    total[op] += n;
                    shared[op] = Math.Max(shared[op], n);
                }
            }
        }

        return new Operators(total, shared);
    }

    private static IEnumerable<Node> Regions(Node method) =>
        new[] { method }.Concat(method.Descendants().Where(d => d.IsPipelined));

    private static void Count(
        Node node,
        bool skipPipelined,
        Dictionary<string, Node> definitions,
        Dictionary<string, int> counts,
        HashSet<string> visited)
    {
        foreach (Node child in node.Children)
        {
            if (skipPipelined && child.IsPipelined)
            {
                continue;  // its own region
            }

            string? op = Operator(child);
            if (op is not null)
            {
                counts[op]++;
            }

            // Free helpers (edqa_numerics.h, ...) run inside the caller's region; the module's own methods are regions
            // of their own.
            if (child.Kind == SourceTree.CallExpr && child.Referenced is { } callee && visited.Add(callee.Usr)
                && definitions.TryGetValue(callee.Usr, out Node? body)
                && body.Kind is SourceTree.FunctionDecl or SourceTree.FunctionTemplate)
            {
                Count(body, false, definitions, counts, visited);
            }

            Count(child, skipPipelined, definitions, counts, visited);
        }
    }

    private static bool IsFloat(int typeKind) =>
        typeKind is Edqa.Clang.LibClang.TypeFloat or Edqa.Clang.LibClang.TypeDouble;

    private static bool IsInteger(int typeKind) => typeKind is >= 3 and <= 20;

    private static string? Operator(Node node)
    {
        if (node.Kind is SourceTree.BinaryOperator or SourceTree.CompoundAssignOperator && node.Children.Count == 2)
        {
            string op = node.Operator.TrimEnd('=');
            bool floating = IsFloat(node.TypeKind) || IsFloat(node.Children[0].TypeKind);
            return op switch
            {
                "*" when floating && !node.IsConstant => "fmul",
                "+" or "-" when floating && !node.IsConstant => "fadd",
                "/" when floating && !node.IsConstant => "fdiv",
                "*" when IsInteger(node.TypeKind) && !node.Children[0].IsIntegerConstant
                    && !node.Children[1].IsIntegerConstant => "mul",
                _ => null,
            };
        }

        if (node.Kind is SourceTree.CStyleCastExpr or SourceTree.CXXStaticCastExpr or SourceTree.UnexposedExpr
            && node.Children.Count == 1 && !node.IsConstant)
        {
            int from = node.Children[0].TypeKind;
            if (IsFloat(node.TypeKind) && IsInteger(from))
            {
                return "sitofp";
            }

            if (IsInteger(node.TypeKind) && IsFloat(from))
            {
                return "fptosi";
            }
        }

        return null;
    }
}
