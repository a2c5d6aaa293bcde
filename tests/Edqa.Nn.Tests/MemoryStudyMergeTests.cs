using Edqa.Nn.Experiments;

namespace Edqa.Nn.Tests;

/// <summary><c>edqa memory --accuracy-from</c>: a bytes-only run takes its accuracies from an earlier study of the
/// same settings, and refuses one of other settings.</summary>
public sealed class MemoryStudyMergeTests
{
    private static readonly string Hash = new('a', 64);

    private static MemoryStudyResults Study(double codedBytes, double[]? accuracy, int runs = 1, string command = "a")
    {
        double[]? Accuracy(double shift) => accuracy?.Select(a => a + shift).ToArray();
        return new MemoryStudyResults("cnn", "cnn.bin", 0, 128, [3], 3, 0.4, runs, 100, "dynamic per channel",
            accuracy is null ? double.NaN : 0.9, [new PointBytes("edqa-coded", 3, "relu1", 100, codedBytes)],
            [new FormatSummary("edqa", "eDQA", 3, true, 60, 120, 4.8, Accuracy(0)),
                new FormatSummary("edqa-coded", "eDQA coded", 3, true, codedBytes, 2 * codedBytes, 2.4, Accuracy(0))],
            accuracy is null ? [] : [new AccuracyRow(Methods.NoisyQuant.Name, 3, 3, 0, [0.8])], 10,
            new ResultProvenance(Hash, 1, $"edqa memory {command}", null));
    }

    [Fact]
    public void Bytes_are_this_runs_and_accuracies_the_earlier_ones()
    {
        MemoryStudyResults merged = MemoryStudy.WithAccuracies(Study(25, null, command: "new"), Study(30, [0.85]),
            "why");
        Assert.Equal(25, merged.Points.Single().BytesPerImage);
        Assert.Equal(25, merged.Formats.Single(f => f.Format == "edqa-coded").StoredBytesPerImage);
        Assert.Equal([0.85], merged.Formats.Single(f => f.Format == "edqa-coded").Accuracies!);
        Assert.Equal(0.9, merged.Float32Accuracy);
        Assert.Equal(Methods.NoisyQuant.Name, merged.References.Single().Method);
        Assert.Equal("edqa memory new", merged.Provenance!.Command);
        Assert.Equal("why", merged.Provenance.Note);
        Assert.Equal("edqa memory a", merged.Provenance.Earlier!.Single().Command);
        Assert.Equal(20, merged.Seconds);
    }

    [Fact]
    public void A_study_of_other_settings_or_without_accuracy_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            MemoryStudy.WithAccuracies(Study(25, null), Study(30, [0.85, 0.86], runs: 2), "why"));
        Assert.Contains("runs", e.Message);
        e = Assert.Throws<ArgumentException>(() => MemoryStudy.WithAccuracies(Study(25, null), Study(30, null), "why"));
        Assert.Contains("not a memory study with accuracies", e.Message);
        // Another experiment's file read as a memory study has no formats.
        e = Assert.Throws<ArgumentException>(() => MemoryStudy.WithAccuracies(Study(25, null),
            Study(30, [0.85]) with { Formats = null!, Bits = null! }, "why"));
        Assert.Contains("not a memory study", e.Message);
    }
}
