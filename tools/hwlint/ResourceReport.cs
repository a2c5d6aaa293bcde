using System.Globalization;
using System.Text;

namespace Edqa.HwLint;

/// <summary>The resource inventory of one synthesis top as markdown: its memories, its operators, its totals.</summary>
internal static class ResourceReport
{
    public static string Markdown(string source, IReadOnlyList<ModuleResources> modules)
    {
        var text = new StringBuilder();
        var children = modules.SelectMany(m => m.Children.Select(c => c.Name)).ToHashSet();
        // The synthesis top (and nothing with no buffer, operator or child: the lane adapters' small threads, which a
        // plain struct holds, are LUTs and FFs only).
        foreach (ModuleResources top in modules.Where(m => !children.Contains(m.Name)
            && (m.Memories.Count > 0 || m.Children.Count > 0 || m.Operators.Dsp(false) > 0)))
        {
            List<ModuleResources> tree = Within(top.Name, modules).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {top.Name} ({source})");
            text.AppendLine();
            text.AppendLine("| module | memory | depth x bits | implemented as | BRAM18 | register bits |");
            text.AppendLine("|---|---|---:|---|---:|---:|");
            foreach (Memory m in tree.SelectMany(t => t.Memories))
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {m.Module} | `{m.Name}` | {m.Depth} x {m.Width} | {m.Mapping} | {m.Bram18} | "
                    + $"{m.RegisterBits} |");
            }

            text.AppendLine();
            text.AppendLine("| module | fmul | fadd/fsub | fdiv | int to float | float to int | int multiply | "
                + "DSP48E1 (shared .. none shared) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (ModuleResources module in tree.Where(t => t.Operators.Total.Values.Any(v => v > 0)))
            {
                Operators o = module.Operators;
                string Cell(string op) =>
                    o.Shared[op] == o.Total[op] ? $"{o.Total[op]}" : $"{o.Shared[op]} .. {o.Total[op]}";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {module.Name} | {Cell("fmul")} | {Cell("fadd")} | {Cell("fdiv")} | {Cell("sitofp")} | "
                    + $"{Cell("fptosi")} | {Cell("mul")} | {o.Dsp(true)} .. {o.Dsp(false)} |");
            }

            text.AppendLine();
            text.AppendLine("| module | threads | pipelined loops (stages) | other loops | LUT (raw) | FF (raw) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (ModuleResources module in tree)
            {
                (long lut, long ff) = LogicModel.Module(module);
                LogicInventory l = module.Logic;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {module.Name} | {l.Threads} | {l.PipelinedLoops} ({l.PipelineStages}) | {l.OtherLoops} | "
                    + $"{lut} | {ff} |");
            }

            var (bram, shared, total, registers) = Resources.Totals(top.Name, modules);
            (long topLut, long topFf) = LogicModel.Totals(top.Name, modules);
            foreach (ModuleResources module in tree.Where(t => t.Children.Any(c => c.Count > 1)))
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{module.Name} instantiates "
                    + $"{string.Join(", ",
                        module.Children.Where(c => c.Count > 1).Select(c => $"{c.Count} x {c.Name}"))}"
                    + $": the totals count each instance.");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{top.Name}: **{bram} BRAM18** ({(bram + 1) / 2} BRAM36 tiles), **{shared} .. {total} DSP48E1**, "
                + $"{registers} bits of partitioned arrays in registers, about {topLut} LUT and {topFf} FF before "
                + $"calibration (tools/hwlint/LogicModel.cs).");
            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The xc7z020's block RAM and DSP48E1 (PYNQ-Z1).</summary>
    public const int PartBram36 = 140;
    public const int PartDsp = 220;

    /// <summary>The xc7z020's LUTs and flip-flops.</summary>
    public const int PartLut = 53_200;
    public const int PartFf = 106_400;

    private static IEnumerable<ModuleResources> Within(string name, IReadOnlyList<ModuleResources> modules)
    {
        ModuleResources module = modules.First(m => m.Name == name);
        yield return module;
        foreach (ModuleResources child in module.Children.DistinctBy(c => c.Name)
            .SelectMany(c => Within(c.Name, modules)))
        {
            yield return child;
        }
    }
}
