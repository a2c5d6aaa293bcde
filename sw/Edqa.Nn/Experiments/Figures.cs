using Edqa.Nn.Quantization;
using ScottPlot;
using ScottPlot.Plottables;

namespace Edqa.Nn.Experiments;

/// <summary>The paper's figures, drawn from result files as PNG (ScottPlot).</summary>
public static class Figures
{
    /// <summary>A figure's size in pixels (a panel's, in a figure of several).</summary>
    public const int Width = 800;

    /// <inheritdoc cref="Width"/>
    public const int Height = 480;

    /// <summary>"1 run", "5 runs": the count as titles and captions say it.</summary>
    public static string Runs(int runs) => runs == 1 ? "1 run" : $"{runs} runs";

    /// <summary>Table 2 as grouped bars: accuracy per method at each N, with one standard deviation.</summary>
    public static void AccuracyBars(AccuracyResults results, string path)
    {
        var plot = new Plot();
        // One bar series per method and grid: unsigned rows (issue 24) beside the signed ones.
        var keys = results.Rows.Select(r => (r.Method, r.GridLabel)).Distinct().ToArray();
        string[] methods = keys.Select(s => s.GridLabel == GridSetting.Signed.Label
            ? s.Method : $"{s.Method} [{s.GridLabel}]").ToArray();
        int[] bits = results.Rows.Select(r => r.Bits).Distinct().Order().ToArray();
        // eDQA in red with a heavy outline, float32 (the reference) in gray, the others each a colour no other bar
        // is near (Category10 without its red and gray, black and yellow): no light/dark twins.
        string[] others = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
            "#222222", "#f0e442"];
        int next = 0;
        Color[] colours = methods.Select(m => Color.FromHex(m switch
        {
            "edqa" => "#d62728",
            "float32" => "#b0b0b0",
            _ => others[next++ % others.Length],
        })).ToArray();
        for (int m = 0; m < methods.Length; m++)
        {
            var bars = new List<Bar>();
            for (int b = 0; b < bits.Length; b++)
            {
                if (results.Rows.FirstOrDefault(r =>
                    (r.Method, r.GridLabel) == keys[m] && r.Bits == bits[b]) is not AccuracyRow row)
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = (b * (methods.Length + 1)) + m,
                    Value = 100 * row.Mean,
                    Error = 100 * row.StandardDeviation,
                    FillColor = colours[m],
                    LineWidth = methods[m] == "edqa" ? 2.5f : 1,
                    LineColor = Colors.Black,
                });
            }

            var series = plot.Add.Bars(bars);
            series.LegendText = methods[m] == "edqa" ? "edqa (this work)" : methods[m];
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

    /// <summary>Issue 24 §3: accuracy against the bits per activation each format stores, one curve per format over
    /// N (float32 and int8 one point each), one standard deviation, the lossless 8-bit coders' bits marked.</summary>
    public static void AccuracyOverBits(MemoryStudyResults study, IReadOnlyList<(string Label, double Bits)> anchors,
        string path) => AccuracyOverBits(study, anchors).SavePng(path, Width, Height);

    /// <summary>The figure of <see cref="AccuracyOverBits(MemoryStudyResults, IReadOnlyList{ValueTuple{string,
    /// double}}, string)"/>, its labels placed, not yet saved.</summary>
    public static Plot AccuracyOverBits(MemoryStudyResults study, IReadOnlyList<(string Label, double Bits)> anchors)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        var labels = new List<PointLabel>();
        foreach (var format in study.Formats.Where(f => f.Mean is not null).GroupBy(f => f.Format))
        {
            FormatSummary[] points = format.OrderBy(f => f.Bits).ToArray();
            // x on a log-2 axis: float32's 32 bits beside the 2 to 5 of the quantized formats.
            double[] xs = points.Select(p => Math.Log2(p.BitsPerActivation)).ToArray();
            double[] ys = points.Select(p => 100 * p.Mean!.Value).ToArray();
            var line = plot.Add.Scatter(xs, ys, palette.GetColor(colour++));
            line.LegendText = points[0].Label;
            line.MarkerSize = 7;
            plot.Add.ErrorBar(xs, ys, points.Select(p => 100 * (p.StandardDeviation ?? 0)).ToArray()).Color =
                line.Color;
            labels.AddRange(points.Where(_ => points.Length > 1).Select((p, i) =>
                new PointLabel(new Coordinates(xs[i], ys[i]), $"N={p.Bits}", line.Color)));
        }

        foreach ((string label, double bits) in anchors)
        {
            var anchor = plot.Add.VerticalLine(Math.Log2(bits));
            anchor.LinePattern = LinePattern.Dotted;
            anchor.Color = Colors.Gray;
            anchor.LegendText = $"{label}: {bits:F2} bits (published, lossless 8-bit)";
        }

        double[] ticks = [2, 3, 4, 5, 6, 8, 12, 16, 24, 32];
        plot.Axes.Bottom.SetTicks(ticks.Select(Math.Log2).ToArray(), ticks.Select(t => t.ToString("0")).ToArray());
        plot.XLabel("bits per activation stored between layers (log scale)");
        plot.YLabel("test accuracy (%)");
        plot.Title($"{study.Model}: accuracy against memory per activation ({Runs(study.Runs)})");
        plot.ShowLegend(Alignment.LowerRight);
        PlaceLabels(plot, labels, 10);
        return plot;
    }

    /// <summary>Figures 3 and 4: eDQA accuracy over one parameter (r or m), mean and one standard deviation.</summary>
    public static void Sweep(AccuracyResults results, Func<AccuracyRow, double> parameter, string xLabel, string path,
        bool integerTicks = false)
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
        if (integerTicks)
        {
            // m is a whole number of bits: one tick per value run, none between.
            double[] values = xs.Distinct().Order().ToArray();
            plot.Axes.Bottom.SetTicks(values, values.Select(v => v.ToString("0")).ToArray());
        }

        plot.XLabel(xLabel);
        plot.YLabel("test accuracy (%)");
        plot.Title($"{results.Model}: eDQA's test accuracy over the {xLabel} (N = {results.Rows[0].Bits}, "
            + $"{results.Runs} runs)");
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
        // Each channel's order-0 entropy: what a per-channel symbol code (Huffman) can reach at best; LZ coders
        // model context across channels and can beat it, so it is no bound for them.
        line.LegendText = "order-0 entropy per channel (Huffman's best; LZ coders can beat it)";
        line.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(),
            results.Compression.Select(r => ShortName(r.Method)).ToArray());
        plot.YLabel("compression ratio (raw / compressed bits)");
        plot.Title($"{results.Model}: compressing the shifting errors (N = {results.Histograms[0].Bits})");
        plot.Axes.SetLimitsY(0, Math.Max(bound, results.Compression.Max(r => r.Ratio)) * 1.1);
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>A compressor's name for a tick: its first word, or its name with its level.</summary>
    private static string ShortName(string method) => ErrorStudy.CompressorName(method) is var name
        && name.Contains("level", StringComparison.Ordinal) ? name : name.Split(' ')[0];

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
        // From zero: bar heights are the quantities compared.
        plot.Axes.SetLimitsY(0, columns.Max(c => c.Bits) * 1.15);
        plot.YLabel("bits per activation");
        plot.Title($"{model}: record modes (N = {modes.Bits}, m = {modes.ExtraBits})");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>One design point of <see cref="Pareto"/>: its label (the configuration), its group (the coding:
    /// one marker shape and colour each), cost, performance and whether it fits.</summary>
    public sealed record Design(string Label, string Group, double Cost, double Performance, bool Fits);

    /// <summary>A design space, one panel per layer: one point per design (cost against performance), each group
    /// (coding) its own marker shape and colour, the designs that fit drawn full and the others hollow, and the
    /// Pareto front of those that fit (no other fitting design is cheaper and faster). Every panel has the same
    /// axes, so the layers compare at a glance.</summary>
    public static void Pareto(IReadOnlyList<(string Title, IReadOnlyList<Design> Designs)> panels, string xLabel,
        string yLabel, string path)
    {
        string[] groups = panels.SelectMany(p => p.Designs).Select(d => d.Group).Distinct().ToArray();
        MarkerShape[] full = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp,
            MarkerShape.FilledDiamond];
        MarkerShape[] hollow = [MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp,
            MarkerShape.OpenDiamond];
        var palette = new ScottPlot.Palettes.Category10();
        double most = panels.SelectMany(p => p.Designs).Max(d => d.Cost) * 1.25;
        double fastest = panels.SelectMany(p => p.Designs).Max(d => d.Performance) * 1.2;
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        for (int panel = 0; panel < panels.Count; panel++)
        {
            (string title, IReadOnlyList<Design> designs) = panels[panel];
            Plot plot = multiplot.GetPlot(panel);
            for (int g = 0; g < groups.Length; g++)
            {
                foreach (bool fits in new[] { true, false })
                {
                    var group = designs.Where(d => d.Group == groups[g] && d.Fits == fits).ToList();
                    if (group.Count == 0)
                    {
                        continue;
                    }

                    var markers = plot.Add.Markers(group.Select(d => d.Cost).ToArray(),
                        group.Select(d => d.Performance).ToArray());
                    markers.Color = palette.GetColor(g);
                    markers.MarkerShape = (fits ? full : hollow)[g % full.Length];
                    // Each group smaller than the one before, so equal points (codings that perform alike) nest
                    // rather than hide each other.
                    markers.MarkerSize = 13 - (3 * g);
                    markers.LegendText = fits ? groups[g] : $"{groups[g]}, does not fit";
                }
            }

            var front = designs.Where(d => d.Fits).OrderBy(d => d.Cost).ThenByDescending(d => d.Performance)
                .Aggregate(new List<Design>(), (kept, d) =>
                {
                    if (kept.Count == 0 || d.Performance > kept[^1].Performance)
                    {
                        kept.Add(d);
                    }

                    return kept;
                });
            if (front.Count > 1)
            {
                var line = plot.Add.Scatter(front.Select(d => d.Cost).ToArray(),
                    front.Select(d => d.Performance).ToArray(), Colors.Gray);
                line.LegendText = "Pareto front";
                line.LinePattern = LinePattern.Dashed;
                line.MarkerSize = 0;
            }

            plot.Axes.SetLimitsX(0, most);
            plot.Axes.SetLimitsY(0, fastest);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.Title(title);
            // Upper left: the corner no design reaches (cheap and fast), so the legend hides no point.
            plot.ShowLegend(Alignment.UpperLeft);
            // One label per configuration, at its fastest point, from the cheapest.
            PlaceLabels(plot, DesignLabels(designs), 12);
        }

        int columns = panels.Count == 1 ? 1 : 2;
        int rows = (panels.Count + columns - 1) / columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        multiplot.SavePng(path, Width * columns, Height * rows);
    }

    /// <summary>A label of one point (data coordinates): its text in its colour.</summary>
    public sealed record PointLabel(Coordinates Point, string Text, Color Colour);

    /// <summary>Each label beside its point, where it covers no marker of the plot, no vertical or horizontal line,
    /// no label placed before it and stays in the data area: the first free place of right, above right, below
    /// right, left, above, below, above left and below left, then the same a step and two steps further out (in
    /// pixels of the plot as drawn at <see cref="Width"/> x <see cref="Height"/>), else the one covering least. The
    /// label with the fewest free places beside its point goes first. A label's box is its text as ScottPlot
    /// measures it at <paramref name="fontSize"/>, drawn on white so that a curve passes under it.</summary>
    /// <returns>The labels' boxes in pixels, in order.</returns>
    public static IReadOnlyList<PixelRect> PlaceLabels(Plot plot, IReadOnlyList<PointLabel> labels, float fontSize)
    {
        plot.GetImage(Width, Height);  // lays the plot out: data coordinates to pixels
        const float Margin = 1.5f;
        var markers = plot.GetPlottables().SelectMany(p => p switch
        {
            Scatter s => s.Data.GetScatterPoints().Select(c => (c, s.MarkerSize)),
            Markers m => m.Data.GetScatterPoints().Select(c => (c, m.MarkerSize)),
            _ => [],
        }).Where(m => m.MarkerSize > 0).ToList();
        float radius = markers.Select(m => m.MarkerSize / 2).DefaultIfEmpty(0).Max() + Margin;
        const float Far = 10000;  // a line crosses the whole data area
        var taken = markers.Select(m => (Pixel: plot.GetPixel(m.c), Half: (m.MarkerSize / 2) + Margin))
            .Select(m => new PixelRect(m.Pixel.X - m.Half, m.Pixel.X + m.Half, m.Pixel.Y + m.Half, m.Pixel.Y - m.Half))
            .Concat(plot.GetPlottables().OfType<VerticalLine>().Select(l => plot.GetPixel(new Coordinates(l.X, 0)).X)
                .Select(x => new PixelRect(x - Margin, x + Margin, Far, -Far)))
            .Concat(plot.GetPlottables().OfType<HorizontalLine>().Select(l => plot.GetPixel(new Coordinates(0, l.Y)).Y)
                .Select(y => new PixelRect(-Far, Far, y + Margin, y - Margin)))
            .ToList();
        PixelRect area = plot.LastRender.DataRect;
        using Paint paint = Paint.NewDisposablePaint();
        var placing = labels.Select(label =>
        {
            var text = plot.Add.Text(label.Text, label.Point.X, label.Point.Y);
            text.LabelFontSize = fontSize;
            text.LabelFontColor = label.Colour;
            text.LabelAlignment = Alignment.UpperLeft;
            text.LabelBackgroundColor = Colors.White;
            text.LabelStyle.ShadowOffset = new PixelOffset(0, 0);  // no shadow is drawn: its box is the text's
            PixelSize size = text.LabelStyle.Measure(label.Text, paint).Size;
            (float w, float h) = (size.Width, size.Height);
            Pixel at = plot.GetPixel(label.Point);
            // Beside the point, then a step further out where markers crowd it: each place's box.
            PixelRect[][] rings = [.. new[] { 0f, 12f, 24f }.Select(d => new (float X, float Y)[]
            {
                (radius + d, -h / 2), (radius - 4 + d, -radius - h - d), (radius - 4 + d, radius + d),
                (-radius - w - d, -h / 2), (-w / 2, -radius - h - d), (-w / 2, radius + d),
                (-radius - w + 4 - d, -radius - h - d), (-radius - w + 4 - d, radius + d),
            }.Select(o => new PixelRect(at.X + o.X, at.X + o.X + w, at.Y + o.Y + h, at.Y + o.Y)).ToArray())];
            return (Text: text, At: at, Rings: rings);
        }).ToList();
        double Covered(PixelRect box) =>
            taken.Sum(r => Overlap(box, r)) + (box.Width * box.Height) - Overlap(box, area);
        var boxes = new PixelRect[labels.Count];
        var unplaced = Enumerable.Range(0, labels.Count).ToList();
        while (unplaced.Count > 0)
        {
            // The label with the fewest free places beside its point first, so that it keeps one of them.
            int next = unplaced.MinBy(i => placing[i].Rings[0].Count(box => Covered(box) == 0));
            (Text text, Pixel at, PixelRect[][] rings) = placing[next];
            PixelRect chosen = rings.SelectMany(ring => ring).Where(box => Covered(box) == 0).Cast<PixelRect?>()
                .FirstOrDefault() ?? rings.SelectMany(ring => ring).MinBy(Covered);
            text.OffsetX = chosen.Left - at.X;
            text.OffsetY = chosen.Top - at.Y;
            taken.Add(chosen);
            boxes[next] = chosen;
            unplaced.Remove(next);
        }

        return boxes;
    }

    /// <summary>The labels of <see cref="Pareto"/>: one per configuration, at its fastest design, cheapest first.
    /// </summary>
    public static IReadOnlyList<PointLabel> DesignLabels(IReadOnlyList<Design> designs) =>
        designs.GroupBy(d => d.Label).Select(g => g.MaxBy(d => d.Performance)!).OrderBy(d => d.Cost)
            .Select(d => new PointLabel(new Coordinates(d.Cost, d.Performance), d.Label, Colors.Black)).ToList();

    /// <summary>The area two boxes share, in square pixels.</summary>
    public static double Overlap(PixelRect a, PixelRect b) =>
        Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left))
            * Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top));
}
