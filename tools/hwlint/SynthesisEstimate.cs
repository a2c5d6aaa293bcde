using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Edqa.HwLint;

/// <summary>
/// The resources of a whole design, each share with its source, and no factor fitted to anything:
///   - measured: Yosys's 7-series mapping (Synthesis) of the RTL kernels of hw/rtl/ (the datapath of the loops they
///     back) and of every block RAM shape (per bank, as HLS's RAM_2P core: which become RAMB18/RAMB36 and which
///     LUT RAM);
///   - documented: the Floating-Point Operator cores and the AXI infrastructure, from the figures their vendors
///     publish (<see cref="Documented"/>);
///   - modeled: the rest (threads' FSMs, loop control and pipeline registers, FIFOs in shift registers, register
///     arrays, AXI adapters) from LogicModel's unit costs.
/// The paper's Table 4 is shown beside the 1 x 1 design, not fitted to.
/// </summary>
internal static partial class SynthesisEstimate
{
    public enum Source
    {
        Measured,
        Documented,
        Modeled,
    }

    public sealed record Share(Source Source, string What, long Lut, long Ff, int Bram18, int Dsp);

    /// <summary>Routing margin: a design is taken to fit when it uses at most this share of the part's LUTs and
    /// FFs (UG949 advises keeping LUT utilization well below full for timing closure; 80% is the usual
    /// ceiling), and at most all of its block RAM and DSPs.</summary>
    public const double LogicMargin = 0.8;

    public sealed record Design(int Units, int Lanes, IReadOnlyList<Share> Shares)
    {
        public long Lut => Shares.Sum(s => s.Lut);
        public long Ff => Shares.Sum(s => s.Ff);
        public int Bram18 => Shares.Sum(s => s.Bram18);
        public int Bram36 => (Bram18 + 1) / 2;
        public int Dsp => Shares.Sum(s => s.Dsp);

        public long LutFrom(Source source) => Shares.Where(s => s.Source == source).Sum(s => s.Lut);
        public long FfFrom(Source source) => Shares.Where(s => s.Source == source).Sum(s => s.Ff);

        public bool Fits => Lut <= LogicMargin * ResourceReport.PartLut && Ff <= LogicMargin * ResourceReport.PartFf
            && Bram36 <= ResourceReport.PartBram36 && Dsp <= ResourceReport.PartDsp;
    }

    [GeneratedRegex(@"^(?<banks>\d+) BRAM banks")]
    private static partial Regex Banks();

    /// <summary>A design: the top's modules, each as often as it is instantiated, and the infrastructure beside
    /// it.</summary>
    public static Design Estimate(int units, int lanes, string top, IReadOnlyList<ModuleResources> modules,
        IReadOnlyList<RtlEvidence.Measurement> kernels, string yosys = "yosys")
    {
        var shares = new List<Share>();
        void Walk(string name, long count)
        {
            ModuleResources module = modules.First(m => m.Name == name);
            (long cl, long cf) = LogicModel.Control(module.Logic);
            shares.Add(new Share(Source.Modeled, $"{name}: control", cl * count, cf * count, 0, 0));
            // A kernel standing in for a vendor core counts as that core's documented figure (the operators below).
            foreach (RtlEvidence.Measurement k in kernels.Where(k => k.Claim.Core is null
                && k.Claim.Rows.Any(module.Logic.Rows.Contains)))
            {
                Synthesis.Primitives p = k.Cells;
                shares.Add(new Share(Source.Measured, $"{name}: {k.Claim.Kernel}.v", (p.Lut + p.LutRam) * count,
                    p.Ff * count, p.Bram18 * (int)count, p.Dsp * (int)count));
            }

            foreach ((string op, int n) in module.Operators.Shared.Where(o => o.Value > 0))
            {
                Documented.Operator figure = Documented.Operators[op];
                shares.Add(new Share(figure.Source, $"{name}: {op} x {n} ({figure.Reference})",
                    figure.Lut * n * count, figure.Ff * n * count, 0, figure.Dsp * n * (int)count));
            }

            foreach (Memory m in module.Memories)
            {
                (long ml, long mf) = LogicModel.Memory(m);
                bool blockRam = m.RegisterBits == 0 && !m.Mapping.StartsWith("FIFO in shift", StringComparison.Ordinal);
                if (!blockRam)
                {
                    shares.Add(new Share(Source.Modeled, $"{name}.{m.Name}: {m.Mapping}", ml * count, mf * count, 0, 0));
                    continue;
                }

                Match banked = Banks().Match(m.Mapping);
                int banks = banked.Success ? int.Parse(banked.Groups["banks"].Value, CultureInfo.InvariantCulture) : 1;
                Synthesis.Primitives p = Synthesis.Memory((m.Depth + banks - 1) / banks, m.Width, m.Core, yosys);
                shares.Add(new Share(Source.Measured, $"{name}.{m.Name}: {banks} x RAM {(m.Depth + banks - 1) / banks}"
                    + $" x {m.Width}{(m.Core is null ? ", core not pinned" : $", {m.Core}")}", (long)(p.Lut + p.LutRam) * banks * count, (long)p.Ff * banks * count,
                    p.Bram18 * banks * (int)count, 0));
                shares.Add(new Share(Source.Modeled, $"{name}.{m.Name}: ports", ml * count, mf * count, 0, 0));
            }

            foreach (Child child in module.Children)
            {
                Walk(child.Name, count * child.Count);
            }
        }

        Walk(top, 1);
        shares.AddRange(Documented.Infrastructure(lanes));
        return new Design(units, lanes, shares);
    }

    /// <summary>Per configuration: the totals, how much of each comes from where, and whether it fits.</summary>
    public static string Markdown(IReadOnlyList<Design> designs)
    {
        var text = new StringBuilder();
        text.AppendLine("| units x lanes | LUT | of which measured / documented / modeled | FF | of which measured / "
            + "documented / modeled | BRAM18 (BRAM36 tiles): measured, and the DMA's documented | DSP48E1: the float "
            + $"cores' documented, one per integer multiply | fits the xc7z020 (at most {LogicMargin * 100:0}% of its "
            + "LUT and FF) |");
        text.AppendLine("|---|---:|---|---:|---|---:|---:|---|");
        foreach (Design d in designs)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {d.Units} x {d.Lanes} | {d.Lut} | {d.LutFrom(Source.Measured)} / {d.LutFrom(Source.Documented)} / "
                + $"{d.LutFrom(Source.Modeled)} | {d.Ff} | {d.FfFrom(Source.Measured)} / "
                + $"{d.FfFrom(Source.Documented)} / {d.FfFrom(Source.Modeled)} | {d.Bram18} ({d.Bram36}) | {d.Dsp} | "
                + $"{(d.Fits ? "yes" : "no")} |");
        }

        return text.ToString();
    }

    /// <summary>Every share of one design, largest first: where its LUTs come from.</summary>
    public static string Breakdown(Design design)
    {
        var text = new StringBuilder();
        text.AppendLine("| part | source | LUT | FF | BRAM18 | DSP48E1 |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (Share s in design.Shares.Where(s => s.Lut + s.Ff + s.Bram18 + s.Dsp > 0)
            .OrderByDescending(s => s.Lut).ThenBy(s => s.What, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.What} | {s.Source.ToString().ToLowerInvariant()} | {s.Lut} | {s.Ff} | {s.Bram18} | {s.Dsp} |");
        }

        return text.ToString();
    }

    /// <summary>The paper's Table 4 beside the 1 x 1 design and NoisyQuant's, neither fitted.</summary>
    public static string Paper(Design edqa, Design noisy)
    {
        static string Cell(long here, int paper) => string.Create(CultureInfo.InvariantCulture,
            $"{here} ({100.0 * (here - paper) / paper:+0;-0}%)");
        var text = new StringBuilder();
        text.AppendLine("| design | LUT here (against Table 4) | LUT, Table 4 | FF here | FF, Table 4 | BRAM36 here | "
            + "BRAM, Table 4 | DSP48E1 here | DSP, Table 4 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((Design d, var p) in new[] { (edqa, LogicModel.PaperEdqa), (noisy, LogicModel.PaperNoisyQuant) })
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Design} | {Cell(d.Lut, p.Lut)} | {p.Lut} | {Cell(d.Ff, p.Ff)} | {p.Ff} | {d.Bram36} | "
                + $"{p.Bram} | {d.Dsp} | {p.Dsp} |");
        }

        return text.ToString();
    }

    /// <summary>The old estimator (unit costs scaled by the factor fitted to Table 4) against this one, per module
    /// and per block RAM, on the 1 x 1 design: what the fit hid.</summary>
    public static string OldEstimator(IReadOnlyList<ModuleResources> modules, (double Lut, double Ff) factor,
        Design design)
    {
        var text = new StringBuilder();
        text.AppendLine("| module | LUT, old (fitted) | LUT, now | old error | FF, old (fitted) | FF, now | old error |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        static string Error(long old, long now) => now == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{100.0 * (old - now) / now:+0;-0}%");
        foreach (ModuleResources m in modules.Where(m => Instances(m.Name, modules) > 0))
        {
            (long lut, long ff) = LogicModel.Module(m);
            long oldLut = (long)Math.Round(lut * factor.Lut), oldFf = (long)Math.Round(ff * factor.Ff);
            var mine = design.Shares.Where(s => s.What.StartsWith(m.Name + ":", StringComparison.Ordinal)
                || s.What.StartsWith(m.Name + ".", StringComparison.Ordinal)).ToList();
            long nowLut = mine.Sum(s => s.Lut) / Instances(m.Name, modules),
                nowFf = mine.Sum(s => s.Ff) / Instances(m.Name, modules);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Name} | {oldLut} | {nowLut} | {Error(oldLut, nowLut)} | {oldFf} | {nowFf} | "
                + $"{Error(oldFf, nowFf)} |");
        }

        text.AppendLine();
        text.AppendLine("| block RAM | depth x bits | BRAM18, old rule | Yosys: BRAM18 | Yosys: LUT (as RAM and logic) |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (Memory m in modules.SelectMany(m => m.Memories)
            .Where(m => m.RegisterBits == 0 && !m.Mapping.StartsWith("FIFO in shift", StringComparison.Ordinal)))
        {
            Match banked = Banks().Match(m.Mapping);
            int banks = banked.Success ? int.Parse(banked.Groups["banks"].Value, CultureInfo.InvariantCulture) : 1;
            Synthesis.Primitives p = Synthesis.Memory((m.Depth + banks - 1) / banks, m.Width, m.Core);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Module}.`{m.Name}` ({m.Core ?? "core not pinned"}) | {m.Depth} x {m.Width}"
                + $"{(banks > 1 ? $" in {banks} banks" : "")} | "
                + $"{m.Bram18} | {p.Bram18 * banks} | {(p.Lut + p.LutRam) * banks} |");
        }

        return text.ToString();
    }

    /// <summary>How many times a module is instantiated in the whole tree.</summary>
    private static long Instances(string name, IReadOnlyList<ModuleResources> modules)
    {
        var parents = modules.Where(m => m.Children.Any(c => c.Name == name)).ToList();
        return parents.Count == 0
            ? 1
            : parents.Sum(p => p.Children.Where(c => c.Name == name).Sum(c => c.Count) * Instances(p.Name, modules));
    }

    /// <summary>The same as JSON for `edqa dse`: the totals and where they come from.</summary>
    public static string Json(IReadOnlyList<Design> designs) =>
        System.Text.Json.JsonSerializer.Serialize(designs.Select(d => new Dictionary<string, object>
        {
            ["units"] = d.Units, ["lanes"] = d.Lanes, ["bram18"] = d.Bram18, ["bram36"] = d.Bram36,
            ["dsp"] = d.Dsp, ["lut"] = d.Lut, ["ff"] = d.Ff,
            ["lut_measured"] = d.LutFrom(Source.Measured), ["lut_documented"] = d.LutFrom(Source.Documented),
            ["lut_modeled"] = d.LutFrom(Source.Modeled), ["logic_margin"] = LogicMargin, ["fits"] = d.Fits,
        }), Indented) + "\n";

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
}
