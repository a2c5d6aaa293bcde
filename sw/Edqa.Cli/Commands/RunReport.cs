using System.CommandLine;
using System.Globalization;
using System.Text;
using Edqa.Core.Analysis;
using Edqa.Targets;
using ScottPlot;

namespace Edqa.Cli.Commands;

/// <summary>One layer of a run, as its report shows it: sizes, the important records' modes and the cycles.</summary>
public sealed record LayerSummary(string Layer, long Activations, long DirectBytes, long EdqaBytes, long WideBytes,
    int Adaptive, int Static, int Raw, ulong? QuantizeCycles, ulong? DequantizeCycles);

/// <summary>
/// <c>edqa run --report R.md</c>: one markdown report of a run (configuration, provenance, per-layer sizes and modes,
/// cycles and activations per second, the resource estimate of the configuration, accuracy) and the figure it draws
/// beside it (R.png: bytes per layer for Direct, eDQA and N+m).
/// </summary>
public static class RunReport
{
    public static Option<string?> Option() => new("--report")
    {
        Description = "Also write a markdown report of the run here, with its figure beside it (same name, .png)",
    };

    /// <param name="parameters">What produced the run (run's JSON fields).</param>
    /// <param name="resourcesPath">The resource estimate (docs/resources.json), or null when none is installed.</param>
    public static void Write(string path, IReadOnlyList<(Column Column, object? Value)> parameters,
        string? checkpointSha256, IReadOnlyList<LayerSummary> layers, TableOutput layerTable, TableOutput? accuracy,
        Difference? difference, AcceleratorConfiguration configuration, string? resourcesPath)
    {
        string figure = Path.ChangeExtension(path, ".png");
        var text = new StringBuilder();
        text.AppendLine("# eDQA run report").AppendLine();
        text.AppendLine(difference is null
            ? "**bit-exact**: golden model = accelerator target = network tensor path on every layer."
            : $"**DIFFERENCE**: {difference}").AppendLine();

        text.AppendLine("## Configuration").AppendLine().AppendLine("| field | value |").AppendLine("|---|---|");
        foreach ((Column column, object? value) in parameters)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {column.Header} | {Cell(value)} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| units x lanes | {configuration} |").AppendLine();
        text.AppendLine("## Provenance").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- command: `{RunProvenance.CommandLine()}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- commit: {RunProvenance.Commit() ?? "unknown"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- checkpoint SHA-256: {checkpointSha256 ?? "unknown"}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- written {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC").AppendLine();

        text.AppendLine("## Layers").AppendLine();
        text.Append(layerTable.Render(TableFormat.Markdown)).AppendLine();
        text.AppendLine("| layer | activations | eDQA bits / activation | adaptive | static | raw |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (LayerSummary layer in layers)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {layer.Layer} | {layer.Activations} | {8.0 * layer.EdqaBytes / Math.Max(1, layer.Activations):F3} "
                + $"| {layer.Adaptive} | {layer.Static} | {layer.Raw} |");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"![bytes per layer]({Path.GetFileName(figure)})")
            .AppendLine();
        text.AppendLine("## Throughput").AppendLine();
        long activations = layers.Sum(l => l.Activations);
        if (layers.All(l => l.QuantizeCycles is not null && l.DequantizeCycles is not null))
        {
            ulong quantize = layers.Aggregate(0UL, (s, l) => s + l.QuantizeCycles!.Value);
            ulong dequantize = layers.Aggregate(0UL, (s, l) => s + l.DequantizeCycles!.Value);
            double perSecond(ulong cycles) => activations * (CycleSummary.ClockMHz * 1e6) / Math.Max(1UL, cycles);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{activations} activations: quantize {quantize} cycles ({perSecond(quantize) / 1e6:F1} million "
                + $"activations/s), de-quantize {dequantize} cycles ({perSecond(dequantize) / 1e6:F1} million/s) at "
                + $"{CycleSummary.ClockMHz} MHz, modeled by the accelerator's counters.");
        }
        else
        {
            text.AppendLine("The target counts no cycles (the golden model): run with --target sim for them.");
        }

        text.AppendLine().AppendLine("## Resources").AppendLine();
        text.AppendLine(ResourceLine(resourcesPath, configuration)).AppendLine();
        text.AppendLine("## Accuracy").AppendLine();
        text.AppendLine(accuracy is null
            ? "Not measured (--skip-accuracy, or a difference stopped the run)."
            : accuracy.Render(TableFormat.Markdown));

        DrawBytes(layers, figure);
        File.WriteAllText(CommandLineHost.OutputPath(path, "--report"), text.ToString());
    }

    private static string ResourceLine(string? path, AcceleratorConfiguration configuration)
    {
        if (path is null || !File.Exists(path))
        {
            return "No resource estimate installed (docs/resources.json; `make resources` writes it).";
        }

        DesignSpace.ResourceEstimate? estimate = CommandLineHost.LoadInput(path, () => DesignSpace.ReadResources(path))
            .FirstOrDefault(e => e.Units == configuration.Units && e.Lanes == configuration.Lanes);
        return estimate is null
            ? $"{path} has no estimate for {configuration}."
            : $"{configuration} on the xc7z020 (estimate of {path}): {estimate.Lut} LUT, {estimate.Ff} FF, "
                + $"{estimate.Bram36} BRAM36, {estimate.Dsp} DSP; {(estimate.Fits ? "fits" : "does not fit")}.";
    }

    /// <summary>The figure: bytes per layer for Direct, eDQA and N+m, grouped by layer.</summary>
    private static void DrawBytes(IReadOnlyList<LayerSummary> layers, string path)
    {
        var plot = new Plot();
        (string Name, Func<LayerSummary, long> Bytes, Color Color)[] series =
        [
            ("Direct (N bits)", l => l.DirectBytes, Colors.Gray),
            ("eDQA", l => l.EdqaBytes, Colors.OrangeRed),
            ("N+m, errors raw", l => l.WideBytes, Colors.SteelBlue),
        ];
        for (int s = 0; s < series.Length; s++)
        {
            var bars = layers.Select((layer, i) => new Bar
            {
                Position = (i * (series.Length + 1)) + s,
                Value = series[s].Bytes(layer) / 1024.0,
                FillColor = series[s].Color,
            }).ToList();
            plot.Add.Bars(bars).LegendText = series[s].Name;
        }

        plot.Axes.Bottom.SetTicks(
            layers.Select((_, i) => (double)(i * (series.Length + 1)) + 1).ToArray(),
            layers.Select(l => l.Layer).ToArray());
        plot.Axes.SetLimitsY(0, layers.Max(l => l.WideBytes) / 1024.0 * 1.15);
        plot.YLabel("KiB per test batch");
        plot.Title("Activation memory per layer: Direct, eDQA and N+m");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(CommandLineHost.OutputPath(path, "--report"), 800, 480);
    }

    private static string Cell(object? value) => value switch
    {
        null => "-",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!.Replace("|", "\\|", StringComparison.Ordinal),
    };
}
