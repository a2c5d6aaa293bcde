using ScottPlot;

namespace Edqa.Nn.Experiments;

/// <summary>The paper's figures, drawn from result files as PNG (ScottPlot).</summary>
public static class Figures
{
    private const int Width = 800;
    private const int Height = 480;

    /// <summary>Table 2 as grouped bars: accuracy per method at each N, with one standard deviation.</summary>
    public static void AccuracyBars(AccuracyResults results, string path)
    {
        var plot = new Plot();
        string[] methods = results.Rows.Select(r => r.Method).Distinct().ToArray();
        int[] bits = results.Rows.Select(r => r.Bits).Distinct().Order().ToArray();
        // Up to 12 methods: Category20 keeps every bar's colour distinct.
        var palette = new ScottPlot.Palettes.Category20();
        for (int m = 0; m < methods.Length; m++)
        {
            var bars = new List<Bar>();
            for (int b = 0; b < bits.Length; b++)
            {
                if (results.Rows.FirstOrDefault(r =>
                    r.Method == methods[m] && r.Bits == bits[b]) is not AccuracyRow row)
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = (b * (methods.Length + 1)) + m,
                    Value = 100 * row.Mean,
                    Error = 100 * row.StandardDeviation,
                    FillColor = palette.GetColor(m),
                });
            }

            var series = plot.Add.Bars(bars);
            series.LegendText = methods[m];
        }

        plot.Axes.Bottom.SetTicks(bits.Select((_, b) =>
            (double)(b * (methods.Length + 1)) + ((methods.Length - 1) / 2.0)).ToArray(),
                bits.Select(b => $"{b} bits").ToArray());
        plot.Axes.SetLimitsY(0, 100);
        plot.YLabel("test accuracy (%)");
        plot.Title($"{results.Model} on Fashion-MNIST: activation quantization ({results.Runs} runs)");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Figures 3 and 4: eDQA accuracy over one parameter (r or m), mean and one standard deviation.</summary>
    public static void Sweep(AccuracyResults results, Func<AccuracyRow, double> parameter, string xLabel, string path)
    {
        var plot = new Plot();
        double[] xs = results.Rows.Select(parameter).ToArray();
        double[] ys = results.Rows.Select(r => 100 * r.Mean).ToArray();
        double[] errors = results.Rows.Select(r => 100 * r.StandardDeviation).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = $"eDQA, N = {results.Rows[0].Bits}";
        plot.Add.ErrorBar(xs, ys, errors);
        var baseline = plot.Add.HorizontalLine(100 * results.Float32Accuracy);
        baseline.LegendText = "float32";
        baseline.LinePattern = LinePattern.Dashed;
        plot.XLabel(xLabel);
        plot.YLabel("test accuracy (%)");
        plot.Title($"{results.Model}: {results.Experiment}");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Figure 2: the shifting errors' relative frequency at each N.</summary>
    public static void ErrorHistograms(ErrorStudyResults results, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int groups = results.Histograms.Length;
        for (int h = 0; h < groups; h++)
        {
            ErrorHistogram histogram = results.Histograms[h];
            double total = Math.Max(1, histogram.Counts.Sum());
            var bars = histogram.Counts.Select((count, e) => new Bar
            {
                Position = (e * (groups + 1)) + h,
                Value = count / total,
                FillColor = palette.GetColor(h),
            }).ToList();
            plot.Add.Bars(bars).LegendText = $"N = {histogram.Bits}";
        }

        int symbols = results.Histograms[0].Counts.Length;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, symbols).Select(e =>
            (double)(e * (groups + 1)) + ((groups - 1) / 2.0)).ToArray(),
                Enumerable.Range(0, symbols).Select(e => e.ToString()).ToArray());
        plot.XLabel($"shifting error e (m = {results.Histograms[0].ExtraBits})");
        plot.YLabel("relative frequency");
        plot.Title($"{results.Model}: shifting errors of important channels (test set)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Table 1: compression ratio of each compressor on the real shifting errors.</summary>
    public static void Compression(ErrorStudyResults results, string path)
    {
        var plot = new Plot();
        var bars = results.Compression.Select((row, i) => new Bar { Position = i, Value = row.Ratio }).ToList();
        plot.Add.Bars(bars);
        double bound =
            (double)results.Compression[0].InputErrors * results.Histograms[0].ExtraBits / results.EntropyBoundBits;
        var line = plot.Add.HorizontalLine(bound);
        line.LegendText = "Shannon bound (per-channel entropy)";
        line.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(),
            results.Compression.Select(r => r.Method.Split(' ')[0]).ToArray());
        plot.YLabel("compression ratio (m raw bits / compressed bits)");
        plot.Title($"{results.Model}: compressing the shifting errors (N = {results.Histograms[0].Bits})");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The record modes (docs/spec.md §4.2): bits per activation of each coding, the raw errors and the
    /// entropy bound.</summary>
    public static void RecordModes(ModeStudy modes, string model, string path)
    {
        var plot = new Plot();
        (string Label, double Bits)[] columns =
            [.. modes.Codings.Select(c => (c.Coding, c.BitsPerActivation)), ("raw errors", modes.RawBits)];
        var bars = columns.Select((c, i) => new Bar { Position = i, Value = c.Bits }).ToList();
        plot.Add.Bars(bars);
        var line = plot.Add.HorizontalLine(modes.EntropyBoundBits);
        line.LegendText = "entropy bound (codes + each record's error entropy)";
        line.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(),
            columns.Select(c => c.Label).ToArray());
        plot.Axes.SetLimitsY(modes.Bits, columns.Max(c => c.Bits) + 0.1);
        plot.YLabel("bits per activation");
        plot.Title($"{model}: record modes (N = {modes.Bits}, m = {modes.ExtraBits})");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>A design space: one point per design (cost against performance), the designs that fit drawn full and
    /// the others hollow, and the Pareto front of those that fit (no other fitting design is cheaper and
    /// faster).</summary>
    public static void Pareto(IReadOnlyList<(string Label, double Cost, double Performance, bool Fits)> designs,
        string xLabel, string yLabel, string title, string path)
    {
        var plot = new Plot();
        foreach (bool fits in new[] { true, false })
        {
            var group = designs.Where(d => d.Fits == fits).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            var markers =
                plot.Add.Markers(group.Select(d => d.Cost).ToArray(), group.Select(d => d.Performance).ToArray());
            markers.MarkerShape = fits ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
            markers.MarkerSize = 9;
            markers.LegendText = fits ? "fits the xc7z020" : "does not fit";
        }

        // One label per place (designs that differ only in a choice with no cost, such as the coding, overlap): the
        // best design's. A label near one already placed (within a label's size on either axis) goes below its
        // marker instead of above, so the two do not overprint.
        double nearX = designs.Max(d => d.Cost) * 1.25 * 0.08, nearY = designs.Max(d => d.Performance) * 1.15 * 0.05;
        var placed = new List<(double Cost, double Performance, bool Above)>();
        foreach (var design in designs.GroupBy(d => d.Cost).Select(g => g.MaxBy(d => d.Performance))
            .OrderBy(d => d.Cost))
        {
            bool above = !placed.Any(p => p.Above && Math.Abs(p.Cost - design.Cost) < nearX
                && Math.Abs(p.Performance - design.Performance) < nearY);
            var text = plot.Add.Text(design.Label, design.Cost, design.Performance);
            text.LabelFontSize = 11;
            text.OffsetX = 6;
            text.OffsetY = above ? -14 : 6;
            placed.Add((design.Cost, design.Performance, above));
        }

        var front = designs.Where(d => d.Fits).OrderBy(d => d.Cost).ThenByDescending(d => d.Performance)
            .Aggregate(new List<(string Label, double Cost, double Performance, bool Fits)>(), (kept, d) =>
        {
            if (kept.Count == 0 || d.Performance > kept[^1].Performance)
            {
                kept.Add(d);
            }

            return kept;
        });
        if (front.Count > 1)
        {
            var line =
                plot.Add.Scatter(front.Select(d => d.Cost).ToArray(), front.Select(d => d.Performance).ToArray());
            line.LegendText = "Pareto front";
            line.LinePattern = LinePattern.Dashed;
            line.MarkerSize = 0;
        }

        double most = designs.Max(d => d.Cost);
        plot.Axes.SetLimitsX(0, most * 1.25);
        plot.Axes.SetLimitsY(0, designs.Max(d => d.Performance) * 1.15);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Title(title);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }
}
