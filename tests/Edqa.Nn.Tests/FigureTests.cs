using Edqa.Nn.Experiments;
using Edqa.Tests;
using ScottPlot;
using ScottPlot.Plottables;

namespace Edqa.Nn.Tests;

/// <summary>The figures' point labels (edqa dse --plot, edqa memory's figure), checked as ScottPlot draws them: none
/// covers a marker, a vertical line or another label, and each lies in the data area.</summary>
public sealed class FigureTests
{
    [Fact]
    public void Design_labels_cover_no_marker_and_no_other_label()
    {
        // The shipped CNN's relu4 as edqa dse measured it: 1x1 and 1x2 all but on one spot, 2x1's three codings
        // around one cost, and the designs that do not fit.
        (string Label, double Lut, double[] Speeds, bool Fits)[] configurations =
        [
            ("1x1", 17827, [0.46, 0.77, 0.78], true), ("1x2", 18297, [0.46, 0.77, 0.78], true),
            ("2x1", 30018, [0.73, 0.83, 0.88], true), ("2x2", 30500, [0.89, 1.37, 1.37], true),
            ("4x1", 53900, [0.83, 0.83, 0.83], false), ("4x2", 54600, [1.27, 1.37, 1.37], false),
        ];
        string[] codings = ["adaptive", "static", "smallest"];
        Figures.Design[] designs = configurations.SelectMany(c => c.Speeds.Select((speed, i) =>
            new Figures.Design(c.Label, codings[i], c.Lut + (100 * i), speed, c.Fits))).ToArray();
        var plot = new Plot();
        plot.Add.Markers(designs.Select(d => d.Cost).ToArray(), designs.Select(d => d.Performance).ToArray())
            .MarkerSize = 13;
        plot.Axes.SetLimitsX(0, 68000);
        plot.Axes.SetLimitsY(0, 2.2);

        IReadOnlyList<PixelRect> placed = Figures.PlaceLabels(plot, Figures.DesignLabels(designs), 12);

        Assert.Equal(configurations.Select(c => c.Label), LabelsCoverNothing(plot, placed));
    }

    [Fact]
    public void Memory_figure_labels_cover_no_marker_no_anchor_and_no_other_label()
    {
        // The committed study: at 4.4, 5.4 and 6.3 bits four curves' points lie within a few pixels of each other.
        var study = ResultFiles.Read<MemoryStudyResults>(
            Path.Combine(NativeBuild.RepositoryRoot, "results", "cnn-memory.json"))!;

        Plot plot = Figures.AccuracyOverBits(study, MemoryReport.LosslessAnchors);

        // One N=k label for each point of a curve (float32 and int8 are single points, unlabelled).
        int labelled = study.Formats.Where(f => f.Mean is not null).GroupBy(f => f.Format).Where(g => g.Count() > 1)
            .Sum(g => g.Count());
        Assert.Equal(labelled, LabelsCoverNothing(plot, null).Count);
    }

    /// <summary>Draws the plot and checks each label's box as drawn (ScottPlot's measured text at its place, not the
    /// placement's own arithmetic) against every marker, vertical line and earlier label, and the data area; with
    /// <paramref name="placed"/>, that the placement computed the drawn boxes.</summary>
    /// <returns>The labels' texts.</returns>
    private static List<string> LabelsCoverNothing(Plot plot, IReadOnlyList<PixelRect>? placed)
    {
        plot.GetImage(Figures.Width, Figures.Height);
        List<Text> labels = plot.GetPlottables().OfType<Text>().ToList();
        var markers = plot.GetPlottables().SelectMany(p => p switch
        {
            Scatter s => s.Data.GetScatterPoints().Select(c => (c, s.MarkerSize)),
            Markers m => m.Data.GetScatterPoints().Select(c => (c, m.MarkerSize)),
            _ => [],
        }).Select(m => (Pixel: plot.GetPixel(m.c), Half: m.MarkerSize / 2))
            .Select(m => new PixelRect(m.Pixel.X - m.Half, m.Pixel.X + m.Half, m.Pixel.Y + m.Half, m.Pixel.Y - m.Half))
            .ToList();
        float[] lines = plot.GetPlottables().OfType<VerticalLine>().Select(l => plot.GetPixel(new(l.X, 0)).X).ToArray();
        PixelRect area = plot.LastRender.DataRect;
        Assert.NotEmpty(labels);
        for (int i = 0; i < labels.Count; i++)
        {
            PixelRect drawn = labels[i].LabelLastRenderPixelRect;
            string name = $"label {i} '{labels[i].LabelText}' at {drawn}";
            Assert.True(drawn.Width > 0 && drawn.Height > 0, name);
            if (placed is not null)
            {
                Assert.Equal(placed[i].Left, drawn.Left, 0.5);
                Assert.Equal(placed[i].Top, drawn.Top, 0.5);
                Assert.Equal(placed[i].Width, drawn.Width, 0.5);
                Assert.Equal(placed[i].Height, drawn.Height, 0.5);
            }

            Assert.True(Figures.Overlap(drawn, area) == drawn.Width * drawn.Height, $"{name} leaves the data area");
            Assert.All(markers, m => Assert.True(Figures.Overlap(drawn, m) == 0, $"{name} covers the marker at {m}"));
            Assert.All(lines, x => Assert.True(x < drawn.Left || x > drawn.Right, $"{name} covers the line at {x}"));
            for (int other = 0; other < i; other++)
            {
                Assert.True(Figures.Overlap(drawn, labels[other].LabelLastRenderPixelRect) == 0,
                    $"{name} covers label {other} '{labels[other].LabelText}'");
            }
        }

        return labels.Select(l => l.LabelText).ToList();
    }
}
