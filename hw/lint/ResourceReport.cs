using System.Globalization;
using System.Text;

namespace Edqa.HwLint;

/// <summary>The resource inventory of one synthesis top as markdown: its memories, its operators, its totals.</summary>
internal static class ResourceReport
{
    public static string Markdown(string source, IReadOnlyList<ModuleResources> modules)
    {
        var text = new StringBuilder();
        var children = modules.SelectMany(m => m.Children).ToHashSet();
        foreach (ModuleResources top in modules.Where(m => !children.Contains(m.Name)))
        {
            List<ModuleResources> tree = Within(top.Name, modules).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {top.Name} ({source})");
            text.AppendLine();
            text.AppendLine("| module | memory | depth x bits | implemented as | BRAM18 | register bits |");
            text.AppendLine("|---|---|---:|---|---:|---:|");
            foreach (Memory m in tree.SelectMany(t => t.Memories))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {m.Module} | `{m.Name}` | {m.Depth} x {m.Width} | {m.Mapping} | {m.Bram18} | {m.RegisterBits} |");
            }

            text.AppendLine();
            text.AppendLine("| module | fmul | fadd/fsub | fdiv | int to float | float to int | int multiply | DSP48E1 (shared .. none shared) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (ModuleResources module in tree.Where(t => t.Operators.Total.Values.Any(v => v > 0)))
            {
                Operators o = module.Operators;
                string Cell(string op) => o.Shared[op] == o.Total[op] ? $"{o.Total[op]}" : $"{o.Shared[op]} .. {o.Total[op]}";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {module.Name} | {Cell("fmul")} | {Cell("fadd")} | {Cell("fdiv")} | {Cell("sitofp")} | {Cell("fptosi")} | {Cell("mul")} | {o.Dsp(true)} .. {o.Dsp(false)} |");
            }

            var (bram, shared, total, registers) = Resources.Totals(top.Name, modules);
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{top.Name}: **{bram} BRAM18** ({(bram + 1) / 2} BRAM36 tiles), **{shared} .. {total} DSP48E1**, {registers} bits of partitioned arrays in registers.");
            text.AppendLine();
        }

        return text.ToString();
    }

    private static IEnumerable<ModuleResources> Within(string name, IReadOnlyList<ModuleResources> modules)
    {
        ModuleResources module = modules.First(m => m.Name == name);
        yield return module;
        foreach (ModuleResources child in module.Children.SelectMany(c => Within(c, modules)))
        {
            yield return child;
        }
    }
}
