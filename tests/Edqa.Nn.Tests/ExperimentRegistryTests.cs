using System.Text.Json;
using Edqa.Core.Calibration;
using Edqa.Nn.Experiments;

namespace Edqa.Nn.Tests;

/// <summary>The registry of experiments: each result file's name, where its numbers came from, and the report
/// section that finds it by that name.</summary>
public sealed class ExperimentRegistryTests
{
    private static readonly string Hash = new('a', 64);

    private static AccuracyResults Accuracy(string experiment, params AccuracyRow[] rows) =>
        new(experiment, "cnn", "cnn.bin", 0.9, 1, 100, "dynamic per channel", 128, 10, rows,
            Provenance: new ResultProvenance(Hash, 1, $"edqa {experiment}", null));

    private static AccuracyRow Edqa(int extraBits, double ratio) => new(Methods.Edqa.Name, 3, extraBits, ratio, [0.8]);

    /// <summary>A small result of each experiment, written by the experiment's own writer under its own name.</summary>
    private static void WriteEach(string directory)
    {
        Experiment.Table2.Write(Experiment.Table2.PathIn(directory, "cnn"),
            Accuracy("table2", new AccuracyRow(Methods.Direct.Name, 3, 3, 0, [0.7])));
        Experiment.Thresholds.Write(Experiment.Thresholds.PathIn(directory, "cnn"),
            new ThresholdStudyResults(
                "cnn", "cnn.bin", 1, 512, [new("relu1", ThresholdFinder.Kl, 3, 1, 10f, 5f, 0.03)], 1));
        Experiment.RatioSweep.Write(Experiment.RatioSweep.PathIn(directory, "cnn"),
            Accuracy("ratio-sweep", Edqa(3, 0), Edqa(3, 0.4)));
        Experiment.ExtraBitsSweep.Write(Experiment.ExtraBitsSweep.PathIn(directory, "cnn"),
            Accuracy("extra-bits-sweep", Edqa(1, 0.4), Edqa(3, 0.4)));
        Experiment.Errors.Write(Experiment.Errors.PathIn(directory, "cnn"), new ErrorStudyResults("cnn", "cnn.bin", 1,
            [new ErrorHistogram(3, 3, [5, 3, 1, 0, 0, 0, 0, 1])], [new CompressionRow("huffman", 10, 20, 1.5, 0.1)], 18,
            [new MemoryRow(3, 3, 0.4, 3, 3.5, 6)], 1));
        Experiment.Tune.Write(Experiment.Tune.PathIn(directory, "cnn"), new TuneConfig(
            TuneConfig.FormatTag, "cnn", Hash, 3, 4, [new PointChoice("relu1", 0.4, 3)], 4, 0.9, 4.2, 0.89, 2000, 7));
        Experiment.Memory.Write(Experiment.Memory.PathIn(directory, "cnn"), new MemoryStudyResults("cnn", "cnn.bin", 0,
            128, [3], 3, 0.4, 1, 100, "dynamic per channel", 0.9,
            [new PointBytes("edqa", 3, "relu1", 100, 60), new PointBytes("float32", 32, "relu1", 100, 400)],
            [new FormatSummary("float32", "float32", 32, false, 400, 800, 32, [0.9]),
                new FormatSummary("edqa", "eDQA", 3, true, 60, 120, 4.8, [0.85])],
            [new AccuracyRow(Methods.NoisyQuant.Name, 3, 3, 0, [0.8])], 10,
            new ResultProvenance(Hash, 1, "edqa memory", null)));
    }

    [Fact]
    public void The_report_finds_every_experiments_file_by_its_name_and_shows_the_sections_in_registry_order()
    {
        var headings = new Dictionary<Experiment, string>
        {
            [Experiment.Table2] = "### Table 2 analogue",
            [Experiment.Thresholds] = "### DQSS candidates: threshold",
            [Experiment.RatioSweep] = "### Figure 3 analogue",
            [Experiment.ExtraBitsSweep] = "### Figure 4 analogue",
            [Experiment.Errors] = "### Figure 2 analogue",
            [Experiment.Tune] = "### Choosing r and m per layer",
            [Experiment.Memory] = "### What a whole inference moves",
        };
        Assert.Equal(Experiment.All.ToHashSet(), headings.Keys.ToHashSet());
        string directory = Directory.CreateTempSubdirectory("registry-").FullName;
        try
        {
            WriteEach(directory);
            string text = File.ReadAllText(ResultsReport.Write(
                directory, Path.Combine(directory, "results.md"), Path.Combine(directory, "figures"), "abc1234"));
            int[] at = Experiment.All.Select(e => text.IndexOf(headings[e], StringComparison.Ordinal)).ToArray();
            Assert.All(at, position => Assert.True(position > 0));
            Assert.Equal(at.Order(), at);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_result_file_is_named_by_model_experiment_and_shard()
    {
        Assert.Equal(["cnn-table2.json", "cnn-thresholds.json", "cnn-ratio-sweep.json", "cnn-extra-bits-sweep.json",
            "cnn-errors.json", "cnn-tune.json", "cnn-memory.json"], Experiment.All.Select(e => e.FileName("cnn")));
        Assert.Equal("vit-ratio-sweep.shard-1-of-4.json", Experiment.RatioSweep.FileName("vit", new Shard(1, 4)));
        Assert.Equal("vit-ratio-sweep.json", Experiment.RatioSweep.FileName("vit", Shard.All));
        Assert.All(Experiment.Accuracy, e => Assert.Same(e, Experiment.AccuracyNamed(e.Name)));
        Assert.Throws<ArgumentException>(() => Experiment.AccuracyNamed("errors"));
        // Only Table 2 merges a rerun over the file's rows; the sweeps are written whole.
        Assert.Equal([Experiment.Table2], Experiment.Accuracy.Where(e => e.MergesOver));
    }

    [Fact]
    public void A_files_origin_names_its_checkpoint_by_content_or_else_by_file_name()
    {
        string directory = Directory.CreateTempSubdirectory("registry-").FullName;
        try
        {
            Assert.Null(Experiment.Errors.OriginOf(Experiment.Errors.PathIn(directory, "cnn")));
            WriteEach(directory);
            ResultOrigin table = Experiment.Table2.OriginOf(Experiment.Table2.PathIn(directory, "cnn"))!;
            Assert.True(table.IsOf(Hash.ToUpperInvariant(), "models/other-name.bin"));
            Assert.False(table.IsOf(new string('b', 64), "models/cnn.bin"));
            // A file from before provenance knows the checkpoint's file name only.
            ResultOrigin thresholds = Experiment.Thresholds.OriginOf(Experiment.Thresholds.PathIn(directory, "cnn"))!;
            Assert.Equal(new ResultOrigin(null, "cnn.bin", null), thresholds);
            Assert.True(thresholds.IsOf(Hash, "models/cnn.bin"));
            Assert.False(thresholds.IsOf(Hash, "models/resnet20.bin"));

            string damaged = Experiment.Errors.PathIn(directory, "cnn");
            File.WriteAllText(damaged, "{\"model\": 3}");
            Assert.ThrowsAny<JsonException>(() => Experiment.Errors.OriginOf(damaged));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
