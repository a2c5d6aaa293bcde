using Edqa.Core.Io;

namespace Edqa.Cli.Tests;

/// <summary>`--target`, `verify` and `latency` on the command line.</summary>
[Collection(CliRunner.Name)]
public sealed class TargetCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public TargetCommandTests()
    {
        var random = new Random(9);
        float[] data = Enumerable.Range(0, 2 * 4 * 25)
            .Select(_ => random.NextDouble() < 0.3 ? 0f : (float)(random.NextDouble() * 3)).ToArray();
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 4, 5, 5], data));
    }

    [Fact]
    public void Every_target_writes_byte_identical_files()
    {
        var files = new List<byte[]>();
        foreach (string target in new[] { "reference", "sim", "sim-process" })
        {
            var (code, output, error) = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3",
                "--important", "1,2", "--target", target, "-o", _cli.PathOf($"{target}.edqa"));
            Assert.True(code == 0, error);
            if (target != "reference")
            {
                Assert.Contains("accelerator cycles", output);
            }

            files.Add(File.ReadAllBytes(_cli.PathOf($"{target}.edqa")));
        }

        Assert.Equal(files[0], files[1]);
        Assert.Equal(files[0], files[2]);
        var dequantized = _cli.Run("dequantize", "-i", _cli.PathOf("sim.edqa"), "--target", "sim",
            "-o", _cli.PathOf("sim.npy"));
        Assert.Equal(0, dequantized.Code);
    }

    /// <summary>Issue 26 item 12: zero-size arrays. A layer of no records (no channels, or channels of no outer
    /// index) and one of empty records, through quantize and dequantize on every target: each writes the file the
    /// reference writes (a job stream holds 1 to 2^24 records a job, so an empty layer once failed on the SystemC
    /// targets with an internal error).</summary>
    [Theory]
    [InlineData(new long[] { 0, 5 }, null, "", 0)]
    [InlineData(new long[] { 0, 5 }, "1", "0,2", 0)]
    [InlineData(new long[] { 2, 0, 3, 3 }, null, "", 0)]
    [InlineData(new long[] { 2, 0, 3, 3 }, "0", "1", 2)]
    [InlineData(new long[] { 2, 0, 3, 3 }, "2", "1", 0)]
    [InlineData(new long[] { 2, 0, 3, 3 }, "3", "0,2", 0)]
    public void Every_target_writes_the_same_file_for_a_zero_size_array(long[] shape, string? axis, string important,
        int records)
    {
        NpyFile.Write(_cli.PathOf("empty.npy"), new NpyArray(shape, []));
        string[] options = axis is null ? [] : ["--channel-axis", axis];
        var files = new List<byte[]>();
        foreach (string target in new[] { "reference", "sim", "sim-process" })
        {
            foreach (string scale in new[] { "layer", "channel" })
            {
                var (code, _, error) = _cli.Run([.. new[] { "quantize", "-i", _cli.PathOf("empty.npy"), "-n", "3",
                    "-m", "2", "--important", important, "--scale", scale, "--target", target, "-o",
                    _cli.PathOf($"{target}-{scale}.edqa") }, .. options]);
                Assert.True(code == 0, $"quantize {target} {scale}: exit {code}: {error}");
                files.Add(File.ReadAllBytes(_cli.PathOf($"{target}-{scale}.edqa")));
            }

            var dequantized = _cli.Run("dequantize", "-i", _cli.PathOf($"{target}-layer.edqa"), "--target", target,
                "-o", _cli.PathOf($"{target}.npy"));
            Assert.True(dequantized.Code == 0, $"dequantize {target}: exit {dequantized.Code}: {dequantized.Error}");
            NpyArray back = NpyFile.Read(_cli.PathOf($"{target}.npy"));
            Assert.Equal(shape, back.Shape);
            Assert.Empty(back.Data);
        }

        Assert.All(files.Skip(2), (file, i) => Assert.Equal(files[i % 2], file));

        // A job stream holds 1 to 2^24 records a job: an empty layer has no job to save, which is said (exit 3)
        // before anything is written, not an internal error. Empty records are a job like any other.
        if (records > 0)
        {
            Assert.Equal(0, _cli.Run([.. new[] { "quantize", "-i", _cli.PathOf("empty.npy"), "-n", "3", "-m", "2",
                "--important", important, "-o", _cli.PathOf("saved.edqa"), "--save-jobs", _cli.PathOf("q.jobs") },
                .. options]).Code);
            var check = _cli.Run("jobs", "check", _cli.PathOf("q.jobs"), "--targets", "sim,sim-process");
            Assert.True(check.Code == 0, check.Error + check.Out);
            Assert.Contains($"{records} records", check.Out);
            return;
        }

        var saved = _cli.Run([.. new[] { "quantize", "-i", _cli.PathOf("empty.npy"), "-n", "3", "-m", "2",
            "--important", important, "-o", _cli.PathOf("saved.edqa"), "--save-jobs", _cli.PathOf("q.jobs") },
            .. options]);
        Assert.True(saved.Code == 3, $"exit {saved.Code}: {saved.Error}");
        Assert.Contains("no records", saved.Error);
        var savedBack = _cli.Run("dequantize", "-i", _cli.PathOf("reference-layer.edqa"), "-o", _cli.PathOf("d.npy"),
            "--save-jobs", _cli.PathOf("d.jobs"));
        Assert.True(savedBack.Code == 3, $"exit {savedBack.Code}: {savedBack.Error}");
        Assert.False(File.Exists(_cli.PathOf("q.jobs")) || File.Exists(_cli.PathOf("d.jobs"))
            || File.Exists(_cli.PathOf("saved.edqa")) || File.Exists(_cli.PathOf("d.npy")));
    }

    [Fact]
    public void Verify_reports_bit_exactness_with_counts()
    {
        var (code, output, error) = _cli.Run("verify", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2",
            "--important", "0,3");
        Assert.True(code == 0, error + output);
        Assert.Contains("bit-exact: reference, sim, sim-process agree on layer x at layer and channel scale: "
            + "8 records, 200 elements", output);
        Assert.Contains("SNR dB", output);
        var scaled = _cli.Run("verify", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0,3",
            "--scale", "channel", "--format", "json");
        Assert.Equal(0, scaled.Code);
        using var json = System.Text.Json.JsonDocument.Parse(scaled.Out);
        Assert.True(json.RootElement.GetProperty("bit_exact").GetBoolean());
        System.Text.Json.JsonElement[] checks = json.RootElement.GetProperty("checks").EnumerateArray().ToArray();
        Assert.Equal(["sim", "sim-process"], checks.Select(c => c.GetProperty("target").GetString()));
        Assert.All(checks, c => Assert.Equal("channel", c.GetProperty("scale").GetString()));
        Assert.All(checks, c => Assert.True(c.GetProperty("quantize_cycles").GetInt64() > 0));
        Assert.All(checks, c => Assert.True(c.GetProperty("snr_db").GetDouble() > 10));
        Assert.Equal(2, _cli.Run("verify", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0",
            "--targets", "sim").Code);
        Assert.Equal(2, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0",
            "--target", "fpga", "-o", _cli.PathOf("y.edqa")).Code);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void Latency_prints_the_modeled_table_in_every_format()
    {
        var (code, markdown, error) = _cli.Run("latency", "--format", "markdown");
        Assert.True(code == 0, error);
        Assert.Contains("| 1 & 2 | 3136 |", markdown);
        Assert.Contains("| 465593 | 455 |", markdown);
        Assert.Contains("Modeled", markdown);
        Assert.Contains("not measured on a board", markdown);
        var csv = _cli.Run("latency", "--format", "csv", "--clock-mhz", "100");
        string[] lines = csv.Out.Trim().Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("layers,length,edqa_quantize_cycles,edqa_dequantize_cycles,edqa_quantize_us,", lines[0]);
        Assert.Equal(2, _cli.Run("latency", "--clock-mhz", "0").Code);
        Assert.Equal(2, _cli.Run("latency", "--length", "0").Code);
        Assert.Equal(2, _cli.Run("latency", "--length", "5000").Code);
        Assert.Equal(2, _cli.Run("latency", "--bits", "3", "--extra-bits", "4").Code);

        using var json = System.Text.Json.JsonDocument.Parse(_cli.Run("latency", "--format", "json").Out);
        System.Text.Json.JsonElement[] rows = json.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(4, rows.Length);
        System.Text.Json.JsonElement largest = rows[3];
        Assert.Equal(3136, largest.GetProperty("length").GetInt32());
        ulong quantize = largest.GetProperty("edqa_quantize_cycles").GetUInt64();
        ulong dequantize = largest.GetProperty("edqa_dequantize_cycles").GetUInt64();
        Assert.Equal(quantize / 200.0, largest.GetProperty("edqa_quantize_us").GetDouble(), 9);
        double noisy = largest.GetProperty("noisyquant_quantize_cycles").GetDouble()
            + largest.GetProperty("noisyquant_dequantize_cycles").GetDouble();
        Assert.Equal(noisy / (quantize + dequantize), largest.GetProperty("speedup").GetDouble(), 9);
        Assert.Equal((465593.0 + 455) / (1303 + 205), largest.GetProperty("paper_speedup").GetDouble(), 9);
        // The fair comparisons: more MACs never make NoisyQuant slower than the paper's one, and its calibration-time
        // form (one pass per record) is faster still.
        double faithful = largest.GetProperty("speedup").GetDouble();
        double parallel = largest.GetProperty("speedup_parallel").GetDouble();
        double calibrated = largest.GetProperty("speedup_calibrated").GetDouble();
        Assert.True(parallel < faithful && calibrated < parallel, $"{faithful} {parallel} {calibrated}");
        Assert.True(largest.GetProperty("noisyquant_parallel_quantize_cycles").GetUInt64()
            < largest.GetProperty("noisyquant_quantize_cycles").GetUInt64());

        // A user's own shape: lengths that are not S x S have no NoisyQuant cells and no paper figures.
        using var own = System.Text.Json.JsonDocument.Parse(_cli.Run("latency", "--format", "json", "--bits", "4",
            "--extra-bits", "2", "--length", "100,1000").Out);
        System.Text.Json.JsonElement[] ownRows = own.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([100, 1000], ownRows.Select(r => r.GetProperty("length").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Number,
            ownRows[0].GetProperty("noisyquant_quantize_cycles").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null,
            ownRows[1].GetProperty("noisyquant_quantize_cycles").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ownRows[1].GetProperty("paper_speedup").ValueKind);
        Assert.True(ownRows[1].GetProperty("edqa_quantize_cycles").GetInt64()
            > ownRows[0].GetProperty("edqa_quantize_cycles").GetInt64());
    }

    [Fact]
    public void Units_and_lanes_configure_the_simulation_and_change_no_bit()
    {
        var reference = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1,2",
            "--target", "reference", "-o", _cli.PathOf("r.edqa"));
        Assert.Equal(0, reference.Code);
        foreach (string target in new[] { "sim", "sim-process" })
        {
            var (code, _, error) = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3",
                "--important", "1,2", "--target", target, "--units", "4", "--lanes", "2",
                "-o", _cli.PathOf($"{target}.edqa"));
            Assert.True(code == 0, error);
            Assert.Equal(File.ReadAllBytes(_cli.PathOf("r.edqa")), File.ReadAllBytes(_cli.PathOf($"{target}.edqa")));
        }

        var verified = _cli.Run("verify", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0,3",
            "--units", "2", "--lanes", "2", "--scale", "layer", "--format", "json");
        Assert.True(verified.Code == 0, verified.Error + verified.Out);
        using var json = System.Text.Json.JsonDocument.Parse(verified.Out);
        Assert.Equal(["sim (2x2)", "sim-process (2x2)"], json.RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => c.GetProperty("target").GetString()));

        // A layer moves through the stream at most `lanes` words a cycle: quantizing, one float32 activation a word.
        using var latency = System.Text.Json.JsonDocument.Parse(_cli.Run("latency", "--format", "json",
            "--length", "196", "--units", "2", "--lanes", "2").Out);
        System.Text.Json.JsonElement row = latency.RootElement.GetProperty("rows")[0];
        Assert.InRange(row.GetProperty("layer_quantize_per_cycle").GetDouble(), 0.1, 2.0);
        Assert.InRange(row.GetProperty("layer_dequantize_per_cycle").GetDouble(), 0.1, 2.0);
        Assert.Contains("2x2", latency.RootElement.GetProperty("title").GetString());

        var units = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0",
            "--target", "sim", "--units", "3", "-o", _cli.PathOf("y.edqa"));
        Assert.Equal(2, units.Code);
        Assert.Contains("--units 3", units.Error);
        var lanes = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0",
            "--target", "sim", "--lanes", "4", "-o", _cli.PathOf("y.edqa"));
        Assert.Equal(2, lanes.Code);
        Assert.Contains("--lanes 4", lanes.Error);
        var golden = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0",
            "--target", "reference", "--units", "2", "-o", _cli.PathOf("y.edqa"));
        Assert.Equal(2, golden.Code);
        Assert.Contains("--target sim", golden.Error);
    }

    [Fact]
    public void Dse_sweeps_every_configuration_within_the_stream_and_the_DDR()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        var (code, output, error) = _cli.Run("dse", "--layers", "cnn-relu4", "--coding", "adaptive,static",
            "--format", "json", "--resources", Path.Combine(root, "docs", "resources.json"),
            "--activations", Path.Combine(root, "tests", "vectors", "real"), "--plot", _cli.PathOf("pareto.png"));
        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        System.Text.Json.JsonElement[] rows = json.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(12, rows.Length);  // six configurations x two codings
        foreach (System.Text.Json.JsonElement row in rows)
        {
            int lanes = row.GetProperty("lanes").GetInt32();
            double quantize = row.GetProperty("quantize_per_cycle").GetDouble();
            // No more activations a cycle than the stream's words (quantizing reads one float a word), nor than the
            // DDR's and the DMA's traffic allows; per second at the default 150 MHz.
            Assert.InRange(quantize, 0.05, lanes);
            Assert.True(quantize <= row.GetProperty("quantize_memory_bound").GetDouble() * 1.02, row.ToString());
            Assert.True(row.GetProperty("dequantize_per_cycle").GetDouble()
                <= row.GetProperty("dequantize_memory_bound").GetDouble() * 1.02, row.ToString());
            Assert.Equal(quantize * 150, row.GetProperty("quantize_mact_per_second").GetDouble(), 6);
            Assert.Equal(System.Text.Json.JsonValueKind.Number, row.GetProperty("lut").ValueKind);
            Assert.True(row.GetProperty("fits").ValueKind is System.Text.Json.JsonValueKind.True
                or System.Text.Json.JsonValueKind.False);
        }

        // The paper's configuration fits the xc7z020 with room to route (the larger ones need not).
        Assert.Contains(rows, r => r.GetProperty("units").GetInt32() == 1 && r.GetProperty("lanes").GetInt32() == 1
            && r.GetProperty("fits").GetBoolean());

        Assert.True(new FileInfo(_cli.PathOf("pareto.png")).Length > 1000);
        Assert.Equal(2,
            _cli.Run("dse", "--layers", "resnet50", "--resources", Path.Combine(root, "docs", "resources.json")).Code);
        Assert.Equal(2, _cli.Run("dse", "--coding", "huffman").Code);
        Assert.Equal(2, _cli.Run("dse", "--ddr-efficiency", "0").Code);
        Assert.Equal(2, _cli.Run("dse", "--clock-mhz", "1000").Code);
        Assert.Equal(3, _cli.Run("dse", "--resources", _cli.PathOf("missing.json"), "--layers", "cnn-relu4").Code);
    }

    public void Dispose() => _cli.Dispose();
}
