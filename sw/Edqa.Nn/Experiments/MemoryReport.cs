using System.Globalization;
using System.Text;

namespace Edqa.Nn.Experiments;

/// <summary>The report's section of <c>edqa memory</c> (issue 24 §3): bytes per inference, bits per activation and
/// accuracy per format and N, the bytes per point, what holds (eDQA's lead over Direct and NoisyQuant on each grid,
/// the bits each format needs for the paper's accuracy at N = 3) and the figure.</summary>
public static class MemoryReport
{
    /// <summary>Lossless coders of 8-bit feature maps, as published (not measured here): APack stores activations
    /// in about 48% of their 8 bits; EBPC compresses MobileNetV2's by 2.2x.</summary>
    public static readonly (string Label, double Bits)[] LosslessAnchors =
        [("APack (48% of 8 bits)", 0.48 * 8), ("EBPC (8 / 2.2, MobileNetV2)", 8 / 2.2)];

    internal static void Section(ReportSection section, MemoryStudyResults study)
    {
        StringBuilder text = section.Text;
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("### What a whole inference moves: bytes between layers and accuracy per format (issue 24)");
        text.AppendLine();
        text.AppendLine(invariant,
            $"Bytes per inference: the activations of test batch {study.Batch} ({study.Images} images) as each "
            + $"point receives them under the format's own inference, stored through the golden model as whole "
            + $".edqa containers (header, scales, records, checksums) where the format has one, divided by the "
            + $"images; float32 (4 bytes) and int8 per tensor (1 byte and one float32 scale) are formulas. Traffic "
            + $"counts each point's tensor written once and read once. eDQA: m = min({study.ExtraBits}, N), r = "
            + $"{study.Ratio.ToString(invariant)}; unsigned: the grid of docs/spec.md §2.3 at the points after a "
            + $"ReLU or ReLU6 (`--grid auto`), the others signed. Accuracy: mean ± std over "
            + $"{Figures.Runs(study.Runs)} "
            + $"(scales {study.Granularity}; each run's {study.CalibrationSize} calibration images rank eDQA's "
            + $"channels at its N and calibrate NoisyQuant); float32 {100 * study.Float32Accuracy:F2}%. "
            + $"{study.Seconds / 60:F0} min.");
        text.AppendLine();
        // The modeled DDR time only where the study recorded its DDR model (older files have none).
        bool ddr = study.Ddr is not null;
        text.AppendLine("| format | N | stored KB / inference | traffic KB / inference | bits / activation | "
            + (ddr ? "DDR µs / inference (modeled) | " : string.Empty) + "accuracy (%) |");
        text.AppendLine("|---|---:|---:|---:|---:|" + (ddr ? "---:|" : string.Empty) + "---:|");
        foreach (FormatSummary row in Ordered(study))
        {
            string time = ddr ? $"{study.DdrMicroseconds(row)!.Value.ToString("F1", invariant)} | " : string.Empty;
            text.AppendLine(invariant,
                $"| {row.Label}{(row.Measured ? string.Empty : " (formula)")} | {row.Bits} | "
                + $"{row.StoredBytesPerImage / 1024:F2} | {row.TrafficBytesPerImage / 1024:F2} | "
                + $"{row.BitsPerActivation:F3} | {time}{Accuracy(row.Mean, row.StandardDeviation)} |");
        }

        foreach (AccuracyRow row in study.References)
        {
            string time = ddr ? "- | " : string.Empty;
            text.AppendLine(invariant,
                $"| NoisyQuant (N-bit codes, no container here) | {row.Bits} | - | - | - | "
                + $"{time}{Accuracy(row.Mean, row.StandardDeviation)} |");
        }

        if (study.Ddr is { } model)
        {
            text.AppendLine();
            text.AppendLine(invariant,
                $"DDR µs: the inference's traffic timed on {model.Description}; a model of the board's memory, not a "
                + $"measurement, and the activations' traffic alone (no weights, no compute).");
        }

        text.AppendLine();
        AppendFindings(text, study);
        AppendPoints(text, study, study.Bits.Contains(3) ? 3 : study.Bits[0]);
        string figure = $"{section.Model}-memory.png";
        Figures.AccuracyOverBits(study, LosslessAnchors, Path.Combine(section.FiguresDirectory, figure));
        text.AppendLine(invariant,
            $"![Accuracy against bits per activation, {section.Model}]({section.RelativeFigures}/{figure})");
        text.AppendLine();
        text.AppendLine(invariant, $"Command: `{study.Provenance?.Command ?? "edqa memory"}`.");
        if (study.Provenance?.Earlier is { Length: > 0 })
        {
            // Bytes from this run, accuracies from an earlier one (--accuracy-from): say which is which.
            ResultsReport.AppendProvenance(text, study.Provenance);
        }
    }

    private static IEnumerable<FormatSummary> Ordered(MemoryStudyResults study) =>
        study.Formats.OrderBy(f => MemoryFormat.All.ToList().FindIndex(m => m.Name == f.Format)).ThenBy(f => f.Bits);

    private static string Accuracy(double? mean, double? deviation) =>
        mean is double m ? FormattableString.Invariant($"{100 * m:F2} ± {100 * (deviation ?? 0):F2}") : "-";

    /// <summary>What the numbers say: per N, eDQA against Direct and NoisyQuant on each grid, and the fewest bits per
    /// activation at which each format reaches the paper's eDQA accuracy at N = 3.</summary>
    private static void AppendFindings(StringBuilder text, MemoryStudyResults study)
    {
        var invariant = CultureInfo.InvariantCulture;
        double? MeanOf(string format, int bits) => study.Formats.FirstOrDefault(f => f.Format == format
            && f.Bits == bits)?.Mean;
        if (study.Formats.All(f => f.Mean is null))
        {
            return;
        }

        text.AppendLine("What holds (measured; points of accuracy, eDQA minus the other):");
        text.AppendLine();
        text.AppendLine("| N | eDQA - Direct, paper's grid | eDQA - Direct, unsigned | eDQA - NoisyQuant | "
            + "eDQA unsigned - NoisyQuant | eDQA unsigned - eDQA |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (int n in study.Bits)
        {
            double? noisy = study.References.FirstOrDefault(r => r.Bits == n)?.Mean;
            string Difference(double? a, double? b) =>
                a is double x && b is double y ? (100 * (x - y)).ToString("+0.00;-0.00", invariant) : "-";
            text.AppendLine(invariant,
                $"| {n} | {Difference(MeanOf("edqa", n), MeanOf("direct", n))} | "
                + $"{Difference(MeanOf("edqa-unsigned", n), MeanOf("direct-unsigned", n))} | "
                + $"{Difference(MeanOf("edqa", n), noisy)} | {Difference(MeanOf("edqa-unsigned", n), noisy)} | "
                + $"{Difference(MeanOf("edqa-unsigned", n), MeanOf("edqa", n))} |");
        }

        text.AppendLine();
        if (MeanOf("edqa", 3) is double paper)
        {
            text.AppendLine("Bits per activation each format needs for the paper's format's accuracy at N = 3 "
                + FormattableString.Invariant($"({100 * paper:F2}%, ")
                + "the smallest measured N whose mean reaches it): "
                + string.Join("; ", MemoryFormat.All.Where(f => f.FixedBits is null).Select(format =>
                {
                    FormatSummary? enough = study.Formats.Where(f => f.Format == format.Name && f.Mean >= paper)
                        .OrderBy(f => f.BitsPerActivation).FirstOrDefault();
                    return enough is null ? $"{format.Label}: not reached at the measured N"
                        : FormattableString.Invariant(
                            $"{format.Label}: {enough.BitsPerActivation:F2} (N = {enough.Bits})");
                }))
                + FormattableString.Invariant(
                    $". The lossless 8-bit coders' published ratios give {LosslessAnchors[0].Bits:F2} (APack) and ")
                + FormattableString.Invariant($"{LosslessAnchors[1].Bits:F2} (EBPC) bits at int8's accuracy.")
                );
            text.AppendLine();
        }
    }

    /// <summary>Bytes per point and inference at one N, one column per format.</summary>
    private static void AppendPoints(StringBuilder text, MemoryStudyResults study, int bits)
    {
        var invariant = CultureInfo.InvariantCulture;
        PointBytes[] rows = study.Points.Where(p => p.Bits == bits || MemoryFormat.All.Any(f =>
            f.Name == p.Format && f.FixedBits is not null)).ToArray();
        string[] formats = rows.Select(p => p.Format).Distinct().ToArray();
        text.AppendLine(invariant,
            $"Bytes per point and inference at N = {bits} (float32 and int8 at their own width):");
        text.AppendLine();
        text.AppendLine("| point | activations | " + string.Join(" | ", formats) + " |");
        text.AppendLine("|---|---:|" + string.Concat(formats.Select(_ => "---:|")));
        foreach (var point in rows.GroupBy(p => p.Point))
        {
            text.AppendLine($"| {point.Key} | {point.First().ElementsPerImage} | "
                + string.Join(" | ", formats.Select(f =>
                    point.FirstOrDefault(p => p.Format == f) is { } p
                        ? p.BytesPerImage.ToString("F1", invariant)
                        : "-"))
                + " |");
        }

        text.AppendLine();
    }
}
