using Edqa.Core.Calibration;
using Edqa.Nn.Experiments;
using Edqa.Nn.Quantization;

namespace Edqa.Nn.Tests;

/// <summary>Result files: merging the rows of <c>edqa eval --methods</c>, and the report that labels them.</summary>
public sealed class ResultsTests
{
    private static AccuracyResults Table(int runs, params AccuracyRow[] rows) =>
        new("table2", "cnn", "cnn.bin", 0.9, runs, 100, "dynamic per channel", 128, 10, rows);

    private static AccuracyRow Row(string method, int bits, double accuracy) =>
        new(method, bits, 3, 0.4, [accuracy, accuracy]);

    [Fact]
    public void Merging_replaces_the_rows_run_again_keeps_the_others_and_sums_the_time()
    {
        AccuracyResults previous = Table(2, Row(Methods.Direct.Name, 3, 0.7), Row(Methods.Edqa.Name, 3, 0.8)) with
        {
            DqssSearches =
                [new DqssSearchResult(3, 1, [new DqssChoice("p0", ThresholdFinder.Kl, 1f, [0, 0, 0, 0])], 5)],
            AdqFineTunes = [new AdqRecord(3, 1, 3, ["conv"], [3], 6), new AdqRecord(4, 1, 3, ["conv"], [3], 6)],
        };
        AccuracyResults now = Table(2, Row(Methods.Edqa.Name, 3, 0.85), Row(Methods.Adq.Name, 4, 0.83)) with
        {
            AdqFineTunes = [new AdqRecord(5, 1, 3, ["conv"], [4], 7), new AdqRecord(4, 1, 3, ["conv"], [4], 7)],
        };

        AccuracyResults merged = now.MergeOver(previous);

        Assert.Equal([(Methods.Direct.Name, 0.7), (Methods.Edqa.Name, 0.85), (Methods.Adq.Name, 0.83)],
            merged.Rows.Select(r => (r.Method, r.Mean)));
        Assert.Equal(20, merged.Seconds);
        Assert.Equal(previous.DqssSearches, merged.DqssSearches);
        // A fine-tune run again replaces its record; the record of one not run again stays with the rows it made.
        Assert.Equal([(3, 6.0), (4, 7.0), (5, 7.0)], merged.AdqFineTunes!.Select(f => (f.Bits, f.Seconds)));

        // Another number of runs is another experiment: its rows cannot join these (the registry keeps that file
        // aside, Experiment.WriteWhole).
        Assert.True(now.SameExperimentAs(previous));
        Assert.False(now.SameExperimentAs(Table(5, Row(Methods.Direct.Name, 3, 0.7))));
        Assert.Same(now, now.MergeOver(Table(5, Row(Methods.Direct.Name, 3, 0.7))));
    }

    [Fact]
    public void An_unsigned_row_stands_beside_the_signed_one_and_a_file_without_grids_reads_as_signed()
    {
        AccuracyResults previous = Table(2, Row(Methods.Direct.Name, 3, 0.7), Row(Methods.Edqa.Name, 3, 0.8));
        string auto = new GridSetting(Core.Quantization.GridChoice.Auto).Label;
        AccuracyResults now = Table(2, Row(Methods.Edqa.Name, 3, 0.85) with { Grid = auto });

        AccuracyResults merged = now.MergeOver(previous);

        Assert.Equal([("direct", "signed", 0.7), ("edqa", "signed", 0.8), ("edqa", "auto (architecture)", 0.85)],
            merged.Rows.Select(r => (r.Method, r.GridLabel, r.Mean)));
        Assert.Equal([false, false, true], merged.Rows.Select(r => r.IsUnsigned));
        // Rerun on the signed grid, the signed row is replaced and the unsigned one stays.
        AccuracyResults signed = Table(2, Row(Methods.Edqa.Name, 3, 0.81) with { Grid = "signed" });
        Assert.Equal([0.7, 0.81, 0.85], signed.MergeOver(merged).Rows.Select(r => r.Mean));
        Assert.Equal("auto (calibration)",
            new GridSetting(Core.Quantization.GridChoice.Auto, GridSource.Calibration).Label);
    }

    [Fact]
    public void A_table_of_a_test_subset_is_another_experiment_than_the_whole_test_sets()
    {
        string hash = new string('a', 64);
        AccuracyResults whole = Table(2, Row(Methods.Direct.Name, 3, 0.7)) with
        {
            Provenance = new ResultProvenance(hash, 1, "edqa eval", null),
        };
        AccuracyResults subset = Table(2, Row(Methods.Edqa.Name, 3, 0.8)) with
        {
            Provenance = new ResultProvenance(hash, 1, "edqa eval --test-limit 500", null, TestImages: 500),
        };

        Assert.Equal(500, subset.TestImages);
        Assert.Null(whole.TestImages);
        Assert.False(subset.SameExperimentAs(whole));
        Assert.False(whole.SameExperimentAs(subset));
        Assert.Same(subset, subset.MergeOver(whole));
        Assert.Same(whole, whole.MergeOver(subset));
        // A file from before provenance measured the whole test set: it merges with whole-test-set rows only.
        Assert.True(whole.SameExperimentAs(whole with { Provenance = null }));
        Assert.False(subset.SameExperimentAs(whole with { Provenance = null }));
    }

    [Fact]
    public void A_merge_keeps_the_provenance_of_the_runs_whose_rows_stay_and_the_report_lists_them()
    {
        string hash = new string('a', 64);
        AccuracyResults previous = Table(2, Row(Methods.Direct.Name, 3, 0.7), Row(Methods.Kl.Name, 3, 0.1)) with
        {
            Provenance = new ResultProvenance(hash, 1, "edqa eval --model cnn.bin", null, "backfilled"),
        };
        AccuracyResults now = Table(2, Row(Methods.Kl.Name, 3, 0.8)) with
        {
            Provenance = new ResultProvenance(hash, 1, "edqa eval --model cnn.bin --methods kl", "0123456789abcdef"),
        };

        AccuracyResults merged = now.MergeOver(previous);
        Assert.Equal("edqa eval --model cnn.bin --methods kl", merged.Provenance!.Command);
        Assert.Equal(["edqa eval --model cnn.bin"], merged.Provenance.Earlier!.Select(p => p.Command));
        Assert.Equal("backfilled", merged.Provenance.Earlier![0].Note);
        // A third run stacks behind both, oldest first.
        AccuracyResults third = Table(2, Row(Methods.Direct.Name, 3, 0.71)) with
        {
            Provenance = new ResultProvenance(hash, 1, "third", null),
        };
        Assert.Equal(["edqa eval --model cnn.bin", "edqa eval --model cnn.bin --methods kl"],
            third.MergeOver(merged).Provenance!.Earlier!.Select(p => p.Command));

        WithReport(directory => ResultFiles.Write(Path.Combine(directory, "cnn-table2.json"), merged), (text, _) =>
        {
            Assert.Contains("- `edqa eval --model cnn.bin` (commit unknown): backfilled", text,
                StringComparison.Ordinal);
            Assert.Contains("- `edqa eval --model cnn.bin --methods kl` (commit `0123456`)", text,
                StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_threshold_diagnostic_tables_each_candidate_and_names_accuracy_that_falls_with_more_bits()
    {
        AccuracyRow Candidate(int bits, double accuracy) =>
            new(Methods.Admm.Name, bits, 3, 0, [accuracy, accuracy + 0.002]);
        AccuracyRow MaxAbs(int bits, double accuracy) => new(Methods.MaxAbs.Name, bits, 3, 0, [accuracy, accuracy]);
        AccuracyRow EasyQuant(int bits, double accuracy) =>
            new(Methods.EasyQuant.Name, bits, 3, 0, [accuracy, accuracy]);
        ThresholdRow[] rows =
        [
            new("relu1", ThresholdFinder.Admm, 3, 1, 10f, 3f, 0.02),
            new("relu1", ThresholdFinder.Admm, 4, 1, 10f, 6f, 0.01),
            new("relu1", ThresholdFinder.Kl, 3, 1, 10f, 5f, 0.03),
            new("relu1", ThresholdFinder.Kl, 4, 1, 10f, 5f, 0.04),
            new("relu1", ThresholdFinder.MaxAbs, 3, 1, 10f, 10f, 0.05),
            new("relu1", ThresholdFinder.MaxAbs, 4, 1, 10f, 10f, 0.02),
            // Thresholds that move in opposite directions at two points keep their mean: they still moved.
            new("relu1", ThresholdFinder.EasyQuant, 3, 1, 10f, 3f, 0.02),
            new("relu1", ThresholdFinder.EasyQuant, 4, 1, 10f, 5f, 0.01),
            new("relu2", ThresholdFinder.EasyQuant, 3, 1, 10f, 5f, 0.02),
            new("relu2", ThresholdFinder.EasyQuant, 4, 1, 10f, 3f, 0.01),
        ];
        WithReport(
            directory =>
            {
                ResultFiles.Write(Path.Combine(directory, "cnn-table2.json"), Table(2, Candidate(3, 0.84),
                    Candidate(4, 0.81), MaxAbs(3, 0.75), MaxAbs(4, 0.74), EasyQuant(3, 0.80), EasyQuant(4, 0.79)));
                ResultFiles.Write(Path.Combine(directory, "cnn-thresholds.json"),
                    new ThresholdStudyResults("cnn", "cnn.bin", 1, 512, rows, 1));
            },
            (text, _) =>
            {
                Assert.Contains("| relu1 | admm | 0.300, 20.000 | 0.600, 10.000 |", text, StringComparison.Ordinal);
                Assert.Contains("The calibration error rises with N for: kl at relu1, N = 3 to 4.", text,
                    StringComparison.Ordinal);
                Assert.Contains("admm 84.10 at N = 3 to 81.10 at N = 4; ", text, StringComparison.Ordinal);
                // A threshold that stays put cannot have moved toward the outliers: the report says only the step
                // changed.
                Assert.Contains(
                    "maxabs 75.00 at N = 3 to 74.00 at N = 4 (T / max = 1.000 at both: only the step changes)", text,
                    StringComparison.Ordinal);
                Assert.Contains("; easyquant 80.00 at N = 3 to 79.00 at N = 4. ", text, StringComparison.Ordinal);
            });
    }

    [Theory]
    [InlineData(false, "channels ranked for 3 bits at N = 3; 4 bits at N = 3")]
    [InlineData(true, "channels ranked at each evaluated N")]
    public void The_report_says_at_which_N_eDQA_ranked(bool perN, string expected)
    {
        AccuracyRow Edqa(int bits) => new(Methods.Edqa.Name, bits, 3, 0.4, [0.8, 0.8], perN ? bits : null);
        WithReport(
            directory => ResultFiles.Write(Path.Combine(directory, "cnn-table2.json"), Table(2, Edqa(3), Edqa(4))),
            (text, _) => Assert.Contains(expected, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Report_labels_ADQ_as_QAT_with_its_weight_bits_and_tables_its_allocation_per_run()
    {
        AccuracyResults table = Table(2, Row(Methods.Float32.Name, 3, 0.9), Row(Methods.Adq.Name, 3, 0.83),
            Row(Methods.EdqaQuantizedWeights.Name, 3, 0.8)) with
        {
            AdqFineTunes =
            [
                new AdqRecord(3, 1, 3.5, ["stem", "inner"], [8, 3], 7),
                new AdqRecord(3, 2, 2.5, ["stem", "inner"], [8, 2], 9),
            ],
        };
        WithReport(
            directory => ResultFiles.Write(Path.Combine(directory, "cnn-table2.json"), table),
            (text, directory) =>
            {
                Assert.Contains("| adq (QAT, weights 3.00 bits) | 83.00 ± 0.00 |", text, StringComparison.Ordinal);
                Assert.Contains(
                    "| edqa-qw (eDQA on ADQ's fine-tuned network, weights 3.00 bits) | 80.00 ± 0.00 |", text,
                    StringComparison.Ordinal);
                Assert.Contains("| inner | 3 | 2 |", text, StringComparison.Ordinal);
                Assert.Contains("N = 3: 8 (min 7, max 9)", text, StringComparison.Ordinal);
                Assert.Contains("so the two rows differ only in the activation quantizer", text,
                    StringComparison.Ordinal);
                Assert.True(new FileInfo(Path.Combine(directory, "figures", "cnn-table2.png")).Length > 0);
            });
    }

    [Fact]
    public void Report_puts_a_models_hand_written_reading_at_the_head_of_its_section_and_only_there()
    {
        WithReport(directory =>
        {
            ResultFiles.Write(Path.Combine(directory, "cnn-table2.json"), Table(1, Row(Methods.Float32.Name, 3, 0.9)));
            ResultFiles.Write(Path.Combine(directory, "vit-table2.json"), Table(1, Row(Methods.Float32.Name, 3, 0.8)));
            File.WriteAllText(Path.Combine(directory, "vit-reading.md"), "eDQA's 3-bit gain holds on the ViT.\n");
        }, (text, _) =>
        {
            int vit = text.IndexOf("## vit", StringComparison.Ordinal);
            int reading = text.IndexOf("eDQA's 3-bit gain holds on the ViT.", StringComparison.Ordinal);
            Assert.True(vit >= 0 && reading > vit, "the reading belongs to the vit section");
            Assert.True(reading < text.IndexOf("### Table 2 analogue", vit, StringComparison.Ordinal),
                "before the tables it reads");
            Assert.Equal(reading, text.LastIndexOf("eDQA's 3-bit gain holds", StringComparison.Ordinal));
        });
    }

    /// <summary>Writes result files into a fresh directory, runs edqa report on it and hands the report's text (and
    /// the directory, for its figures) to <paramref name="check"/>; the directory goes afterwards.</summary>
    private static void WithReport(Action<string> writeResults, Action<string, string> check)
    {
        string directory = Directory.CreateTempSubdirectory("report-").FullName;
        try
        {
            writeResults(directory);
            string text = File.ReadAllText(ResultsReport.Write(directory, Path.Combine(directory, "results.md"),
                Path.Combine(directory, "figures"), "abc1234"));
            check(text, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
