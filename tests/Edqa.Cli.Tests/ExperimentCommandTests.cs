using Edqa.Core.Calibration;
using Edqa.Nn.Experiments;

namespace Edqa.Cli.Tests;

/// <summary>
/// edqa errors, thresholds and rank-benchmark end to end on tiny settings of the shipped CNN (one run, 8 or 16
/// calibration images, one test batch): each writes what it promises, and its numbers are where they must be. And
/// eval's --test-images: range-checked, recorded in the result file and refused by the report (the merge rule:
/// ResultsTests). Long work says how long: an estimate on standard error, never on standard output.
/// </summary>
[Collection(CliRunner.Name)]
public sealed class ExperimentCommandTests : IDisposable
{
    private static readonly string Model = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "models", "cnn.bin");

    private static readonly string[] Points = ["relu1", "relu2", "relu3", "relu4"];

    private readonly CliRunner _cli = new();

    private string Results => _cli.PathOf("results");

    [Fact]
    public void Errors_on_one_test_batch_writes_histograms_compression_and_memory_that_agree()
    {
        var (code, output, error) = _cli.Run("errors", "--model", Model, "--runs", "1", "--calibration", "16",
            "--batches", "1", "--results", Results, "--format", "json");
        Assert.True(code == 0, error + output);
        ErrorStudyResults study = ResultFiles.Read<ErrorStudyResults>(Path.Combine(Results, "cnn-errors.json"))!;
        Assert.Equal(1, study.Batches);
        Assert.Equal([3, 4, 5], study.Histograms.Select(h => h.Bits));
        // m = 3: eight error values; the compressors read exactly the errors the first N's histogram counts.
        Assert.All(study.Histograms, h => Assert.Equal(8, h.Counts.Length));
        long errors = study.Histograms[0].Counts.Sum();
        Assert.True(errors > 0);
        Assert.Contains(study.Compression, row => row.Method.StartsWith("Huffman", StringComparison.Ordinal));
        Assert.All(study.Compression, row => Assert.Equal(errors, row.InputErrors));
        Assert.All(study.Compression, row =>
            Assert.True(row.CompressedBits > 0 && double.IsFinite(row.Ratio) && row.Ratio > 0, row.ToString()));
        // Direct stores N bits; eDQA adds the coded errors of the important channels, fewer bits than N + m raw.
        Assert.Equal([3, 4, 5], study.Memory.Select(m => m.Bits));
        Assert.All(study.Memory, m => Assert.Equal(m.Bits, m.DirectBits));
        Assert.All(study.Memory, m => Assert.True(m.DirectBits < m.EdqaBits && m.EdqaBits < m.WideBits, m.ToString()));
        Assert.NotNull(study.Modes);
        Assert.Contains("\"compression\"", output);
    }

    [Fact]
    public void Memory_stores_each_format_in_its_real_containers_and_measures_each_formats_accuracy()
    {
        var (code, output, error) = _cli.Run("memory", "--model", Model, "--runs", "1", "--calibration", "16",
            "--bits", "2,3", "--test-limit", "64", "--results", Results, "--format", "json");
        Assert.True(code == 0, error + output);
        var study = ResultFiles.Read<MemoryStudyResults>(Path.Combine(Results, "cnn-memory.json"))!;
        Assert.Equal(64, study.Provenance!.TestImages);
        FormatSummary Of(string format, int bits) => study.Formats.Single(f => f.Format == format && f.Bits == bits);
        // The CNN's points hold 12544 + 6272 + 6272 + 3136 activations per image.
        const double elements = 12544 + 6272 + 6272 + 3136;
        Assert.Equal(4 * elements, Of("float32", 32).StoredBytesPerImage);
        Assert.Equal(elements + (4.0 * 4 / study.Images), Of("int8", 8).StoredBytesPerImage, 6);
        foreach (int n in new[] { 2, 3 })
        {
            // N-bit codes, one record a channel and image with its header words: more than N bits, less than N + 2;
            // the unsigned grid stores the same codes' width; eDQA adds the important channels' coded errors.
            Assert.InRange(Of("direct", n).BitsPerActivation, n, n + 2);
            Assert.Equal(Of("direct", n).StoredBytesPerImage, Of("direct-unsigned", n).StoredBytesPerImage);
            Assert.True(Of("edqa", n).BitsPerActivation > Of("direct", n).BitsPerActivation);
            Assert.True(Of("edqa-unsigned", n).BitsPerActivation > Of("direct-unsigned", n).BitsPerActivation);
            Assert.Equal(2 * Of("edqa", n).StoredBytesPerImage, Of("edqa", n).TrafficBytesPerImage);
            Assert.Equal(Of("edqa", n).StoredBytesPerImage,
                study.Points.Where(p => p.Format == "edqa" && p.Bits == n).Sum(p => p.BytesPerImage), 6);
            // Coded codes (spec §3.8): after ReLUs most codes are 0, so they store less than packed ones, and being
            // lossless they keep the packed format's accuracy.
            foreach (string grid in new[] { "edqa", "edqa-unsigned" })
            {
                Assert.True(Of($"{grid}-coded", n).StoredBytesPerImage < Of(grid, n).StoredBytesPerImage, grid);
                Assert.Equal(Of(grid, n).Accuracies, Of($"{grid}-coded", n).Accuracies);
            }
        }

        // The traffic is timed on the board's DDR as the simulated DMA models it: peak times the controller's share.
        Assert.Equal(Edqa.Bindings.MemorySettings.DefaultDdrMegabytesPerSecond
            * Edqa.Bindings.MemorySettings.DefaultEfficiencyPercent / 100.0, study.Ddr!.MegabytesPerSecond, 9);
        Assert.True(study.DdrMicroseconds(Of("edqa-coded", 3)) < study.DdrMicroseconds(Of("int8", 8)));
        Assert.Contains("\"ddr_microseconds\"", output);
        // Every format has an accuracy from the one run; NoisyQuant's rows stand beside them.
        Assert.All(study.Formats, f => Assert.InRange(f.Mean!.Value, 0, 1));
        Assert.Equal([2, 3], study.References.Select(r => r.Bits));
        Assert.Contains("\"formats\"", output);
    }

    [Fact]
    public void Thresholds_gives_every_point_finder_and_N_one_row_with_a_finite_threshold_and_error()
    {
        var (code, output, error) = _cli.Run("thresholds", "--model", Model, "--runs", "1", "--calibration", "16",
            "--bits", "3,4", "--results", Results);
        Assert.True(code == 0, error + output);
        var study = ResultFiles.Read<ThresholdStudyResults>(Path.Combine(Results, "cnn-thresholds.json"))!;
        Assert.Equal((1, 16), (study.Runs, study.CalibrationImages));
        var expected = Points.SelectMany(p =>
            Enum.GetValues<ThresholdFinder>().SelectMany(f => new[] { (p, f, 3), (p, f, 4) }));
        Assert.Equal(expected.Order(), study.Rows.Select(r => (r.Point, r.Finder, r.Bits)).Order());
        Assert.All(study.Rows, r =>
        {
            Assert.True(r.Max > 0 && r.Threshold > 0 && float.IsFinite(r.Threshold), r.ToString());
            Assert.True(r.CalibrationMse >= 0 && double.IsFinite(r.CalibrationMse), r.ToString());
        });
        // Max |x| is its own threshold, and with the same threshold one more bit halves the step: less error.
        ThresholdRow[] maxAbs = [.. study.Rows.Where(r => r.Finder == ThresholdFinder.MaxAbs)];
        Assert.All(maxAbs, r => Assert.Equal(r.Max, r.Threshold));
        foreach (string point in Points)
        {
            double Mse(int bits) => maxAbs.Single(r => r.Point == point && r.Bits == bits).CalibrationMse;
            Assert.True(Mse(4) < Mse(3), $"{point}: MSE {Mse(4)} at N = 4, {Mse(3)} at N = 3");
        }

        Assert.Equal(2, _cli.Run("thresholds", "--model", Model, "--bits", "1", "--results", Results).Code);
    }

    [Fact]
    public void Rank_benchmark_finds_the_fast_ranking_identical_to_the_naive_loop()
    {
        var (code, output, error) = _cli.Run("rank-benchmark", "--model", Model, "--calibration", "8");
        Assert.True(code == 0, error + output);
        // 16 + 32 + 32 + 64 channels of the CNN's four points.
        Assert.Contains("cnn, 8 calibration images, 144 candidates", output);
        Assert.Contains("ranks and scores identical", output);
        Assert.Contains("estimate: naive loop cnn: about ", error);
        Assert.DoesNotContain("estimate", output);
        Assert.Equal(2, _cli.Run("rank-benchmark", "--model", Model, "--calibration", "0").Code);
    }

    [Fact]
    public void A_test_subset_is_range_checked_recorded_estimated_on_stderr_and_never_reported()
    {
        foreach (string bad in new[] { "0", "10001" })
        {
            var refused = _cli.Run("eval", "--model", Model, "--test-images", bad, "--results", Results);
            Assert.Equal(2, refused.Code);
            Assert.Contains("--test-images must be in [1, 10000]", refused.Error);
        }

        var subset = _cli.Run("eval", "--model", Model, "--runs", "1", "--calibration", "8", "--methods",
            "float32,direct,pot", "--bits", "3", "--results", Results, "--test-images", "200", "--format", "json");
        Assert.True(subset.Code == 0, subset.Error + subset.Out);
        string table = Path.Combine(Results, "cnn-table2.json");
        Assert.Equal(200, ResultFiles.Read<AccuracyResults>(table)!.TestImages);
        // The estimate, once the first row is measured, is progress: standard error; stdout stays the JSON alone.
        Assert.Contains("estimate: eval cnn: about ", subset.Error);
        Assert.DoesNotContain("estimate", subset.Out);
        using (System.Text.Json.JsonDocument.Parse(subset.Out))
        {
        }

        // The option's former name still reads as the same option.
        var former = _cli.Run("sweep", "--model", Model, "--runs", "1", "--calibration", "8", "--only", "extra-bits",
            "--results", Results, "--test-limit", "100");
        Assert.True(former.Code == 0, former.Error + former.Out);
        Assert.Equal(100,
            ResultFiles.Read<AccuracyResults>(Path.Combine(Results, "cnn-extra-bits-sweep.json"))!.TestImages);
        var report = _cli.Run("report", "--results", Results, "--output", _cli.PathOf("results.md"),
            "--figures", _cli.PathOf("figures"));
        Assert.Equal(3, report.Code);
        Assert.Contains("test images (--test-images)", report.Error);
        Assert.False(File.Exists(_cli.PathOf("results.md")));
    }

    public void Dispose() => _cli.Dispose();
}
