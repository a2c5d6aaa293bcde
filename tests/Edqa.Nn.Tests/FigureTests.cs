using Edqa.Nn.Experiments;
using ScottPlot;

namespace Edqa.Nn.Tests;

/// <summary>The design-space figure's labels (edqa dse --plot): none covers a marker or another label.</summary>
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
        plot.Add.Markers(designs.Select(d => d.Cost).ToArray(), designs.Select(d => d.Performance).ToArray());
        plot.Axes.SetLimitsX(0, 68000);
        plot.Axes.SetLimitsY(0, 2.2);

        IReadOnlyList<PixelRect> boxes = Figures.LabelDesigns(plot, designs);

        Assert.Equal(designs.Length + configurations.Length, boxes.Count);
        for (int label = designs.Length; label < boxes.Count; label++)
        {
            for (int other = 0; other < label; other++)
            {
                Assert.True(Figures.Overlap(boxes[label], boxes[other]) == 0,
                    $"label {label - designs.Length} covers box {other}");
            }
        }
    }
}
