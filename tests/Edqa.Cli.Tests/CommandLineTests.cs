using Edqa.Core.Container;
using Edqa.Core.Io;
using Edqa.Core.Ranking;

namespace Edqa.Cli.Tests;

/// <summary>The command line's contract: round trips, exit codes 0/2/3, one-line errors.</summary>
[Collection(CliRunner.Name)]
public sealed class CommandLineTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public CommandLineTests()
    {
        var random = new Random(3);
        float[] data = Enumerable.Range(0, 2 * 5 * 4 * 4).Select(_ => (float)((random.NextDouble() * 4) - 1)).ToArray();
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 5, 4, 4], data));
        File.WriteAllText(_cli.PathOf("rank.json"),
            new RankFile(RankFile.FormatTag, "test", null, 3, 10, 1, [new LayerRanking("l", 5, [4, 2, 0, 1, 3])])
                .ToJson());
    }

    [Fact]
    public void Quantize_then_dequantize_round_trips_within_half_a_step()
    {
        var (code, output, _) = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--ratio", "0.4",
            "--rank", _cli.PathOf("rank.json"), "-o", _cli.PathOf("y.edqa"));
        Assert.Equal(0, code);
        Assert.Contains("2/5 channels important", output);
        // k = floor(0.4 * 5 + 0.5) = 2: the first two of the ranking [4, 2, 0, 1, 3].
        Assert.Equal(new[] { false, false, true, false, true }, EdqaFile.Read(_cli.PathOf("y.edqa")).Important);

        Assert.Equal(0, _cli.Run("dequantize", "-i", _cli.PathOf("y.edqa"), "-o", _cli.PathOf("xhat.npy")).Code);
        NpyArray original = NpyFile.Read(_cli.PathOf("x.npy"));
        NpyArray restored = NpyFile.Read(_cli.PathOf("xhat.npy"));
        Assert.Equal(original.Shape, restored.Shape);
        float max = original.Data.Max(Math.Abs);
        float step = max / 8;
        for (int i = 0; i < original.Data.Length; i++)
        {
            Assert.True(Math.Abs(original.Data[i] - restored.Data[i]) <= step * 1.0001, $"element {i}");
        }
    }

    [Fact]
    public void Inspect_reports_text_and_json()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1,3",
            "--scale", "channel", "-o", _cli.PathOf("y.edqa")).Code);
        var (code, text, _) = _cli.Run("inspect", _cli.PathOf("y.edqa"));
        Assert.Equal(0, code);
        Assert.Contains("entropy bound", text);
        var (jsonCode, json, _) = _cli.Run("inspect", _cli.PathOf("y.edqa"), "--format", "json");
        Assert.Equal(0, jsonCode);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(new[] { 1, 3 },
            document.RootElement.GetProperty("important_channels").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(5, document.RootElement.GetProperty("scales").GetArrayLength());
        System.Text.Json.JsonElement channel1 = document.RootElement.GetProperty("channels")[1];
        Assert.True(channel1.GetProperty("important").GetBoolean());
        Assert.Equal(2, channel1.GetProperty("records").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, channel1.GetProperty("payload_bits").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null,
            document.RootElement.GetProperty("channels")[0].GetProperty("payload_bits").ValueKind);
        var csv = _cli.Run("inspect", _cli.PathOf("y.edqa"), "--format", "csv");
        Assert.StartsWith("file,bits,extra_bits,grid,scale_granularity,static_code,code_static_code,"
            + "bits_per_activation,channel,important,records,code_bits,code_raw_bits,coded_codes,codebook_bits,"
            + "payload_bits,entropy_bound_bits,payload_over_bound",
            csv.Out);
    }

    [Fact]
    public void Code_coding_static_writes_version_3_and_inspect_counts_the_codes_against_raw()
    {
        // After a ReLU most codes are 0: three in four values here, so zero runs make the coded codes win.
        var random = new Random(5);
        NpyFile.Write(_cli.PathOf("sparse.npy"), new NpyArray([2, 5, 4, 4], Enumerable.Range(0, 160)
            .Select(_ => random.Next(4) == 0 ? (float)random.NextDouble() : 0f).ToArray()));
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("sparse.npy"), "-n", "3", "-m", "3", "--important",
            "1,3", "--scale", "channel", "--code-coding", "static", "-o", _cli.PathOf("c.edqa")).Code);
        var (code, json, _) = _cli.Run("inspect", _cli.PathOf("c.edqa"), "--format", "json");
        Assert.Equal(0, code);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(8 + 15, document.RootElement.GetProperty("code_static_code").GetArrayLength());
        System.Text.Json.JsonElement totals = document.RootElement.GetProperty("totals");
        System.Text.Json.JsonElement[] channels = [.. document.RootElement.GetProperty("channels").EnumerateArray()];
        long raw = totals.GetProperty("code_raw_bits").GetInt64();
        Assert.Equal(raw, channels.Sum(c => c.GetProperty("code_raw_bits").GetInt64()));
        Assert.Equal(10 * 16 * 3, raw);
        // Coded where shorter, and no record more than its mode bit above packed.
        Assert.True(channels.Sum(c => c.GetProperty("coded_codes").GetInt32()) > 0);
        Assert.True(totals.GetProperty("code_bits").GetInt64() < raw, json);
        Assert.All(channels, c => Assert.True(c.GetProperty("code_bits").GetInt64()
            <= c.GetProperty("code_raw_bits").GetInt64() + c.GetProperty("records").GetInt32()));
        Assert.Equal(0, _cli.Run("dequantize", "-i", _cli.PathOf("c.edqa"), "-o", _cli.PathOf("c.npy")).Code);
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("sparse.npy"), "-n", "3", "-m", "3", "--important",
            "1,3", "--scale", "channel", "-o", _cli.PathOf("p.edqa")).Code);
        Assert.Equal(0, _cli.Run("dequantize", "-i", _cli.PathOf("p.edqa"), "-o", _cli.PathOf("p.npy")).Code);
        Assert.Equal(NpyFile.Read(_cli.PathOf("p.npy")).Data, NpyFile.Read(_cli.PathOf("c.npy")).Data);
    }

    /// <summary>Spec §3.8 and §7 through the command line: a layer of code coding static, quantized by the golden
    /// model, de-quantizes on the SystemC model (in process and as the runner) to the golden model's values, and the
    /// SystemC model quantizes it to the golden model's file.</summary>
    [Fact]
    public void Code_coding_static_quantizes_and_dequantizes_alike_on_the_accelerator()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1,3",
            "--scale", "channel", "--code-coding", "static", "-o", _cli.PathOf("c.edqa")).Code);
        Assert.Equal(0, _cli.Run("dequantize", "-i", _cli.PathOf("c.edqa"), "-o", _cli.PathOf("r.npy")).Code);
        foreach (string target in new[] { "sim", "sim-process" })
        {
            Assert.Equal(0, _cli.Run("dequantize", "-i", _cli.PathOf("c.edqa"), "-o", _cli.PathOf($"{target}.npy"),
                "--target", target).Code);
            Assert.Equal(NpyFile.Read(_cli.PathOf("r.npy")).Data, NpyFile.Read(_cli.PathOf($"{target}.npy")).Data);
        }

        // The accelerator's encoder codes them too (spec §7): the same file byte for byte.
        foreach (string target in new[] { "sim", "sim-process" })
        {
            Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important",
                "1,3", "--scale", "channel", "--code-coding", "static", "-o", _cli.PathOf($"{target}.edqa"),
                "--target", target).Code);
            Assert.Equal(File.ReadAllBytes(_cli.PathOf("c.edqa")), File.ReadAllBytes(_cli.PathOf($"{target}.edqa")));
        }
    }

    /// <summary>Spec §2.3 through the command line: the unsigned grid on the golden model and the SystemC model in its
    /// runner, byte for byte, its negatives counted; auto judges calibration data only.</summary>
    [Fact]
    public void The_unsigned_grid_is_written_alike_on_every_target_and_auto_needs_calibration()
    {
        string[] layer = ["-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0,3"];
        long negatives = NpyFile.Read(_cli.PathOf("x.npy")).Data.Count(x => x < 0f);
        foreach (string target in new[] { "reference", "sim-process" })
        {
            var (code, output, error) = _cli.Run([
                "quantize", .. layer, "--grid", "unsigned", "--target", target, "-o", _cli.PathOf($"{target}.edqa")]);
            Assert.True(code == 0, error);
            Assert.Contains($"unsigned grid: {negatives} negative inputs clamped to 0", output);
        }

        Assert.True(negatives > 0);
        Assert.Equal(File.ReadAllBytes(_cli.PathOf("reference.edqa")),
            File.ReadAllBytes(_cli.PathOf("sim-process.edqa")));
        Assert.Equal(Core.Quantization.QuantGrid.Unsigned, EdqaFile.Read(_cli.PathOf("reference.edqa")).Format.Grid);
        var (_, inspected, _) = _cli.Run("inspect", _cli.PathOf("reference.edqa"), "--format", "json");
        using (var document = System.Text.Json.JsonDocument.Parse(inspected))
        {
            Assert.Equal("unsigned", document.RootElement.GetProperty("grid").GetString());
        }


        NpyFile.Write(_cli.PathOf("relu.npy"), new NpyArray([2, 5, 4, 4], new float[160]));
        Assert.Equal(0, _cli.Run(["quantize", .. layer, "--grid", "auto", "--grid-from", _cli.PathOf("relu.npy"), "-o",
            _cli.PathOf("auto.edqa")]).Code);
        Assert.Equal(Core.Quantization.QuantGrid.Unsigned, EdqaFile.Read(_cli.PathOf("auto.edqa")).Format.Grid);
        Assert.Equal(0, _cli.Run(["quantize", .. layer, "--grid", "auto", "--grid-from", _cli.PathOf("x.npy"), "-o",
            _cli.PathOf("auto.edqa")]).Code);
        Assert.Equal(Core.Quantization.QuantGrid.Signed, EdqaFile.Read(_cli.PathOf("auto.edqa")).Format.Grid);
        var (usage, _, message) = _cli.Run(["quantize", .. layer, "--grid", "auto", "-o", _cli.PathOf("bad.edqa")]);
        Assert.Equal(2, usage);
        Assert.Contains("--grid-from", message);
        Assert.Equal(2, _cli.Run(["quantize", .. layer, "--grid-from", _cli.PathOf("relu.npy"), "-o",
            _cli.PathOf("bad.edqa")]).Code);
        Assert.False(File.Exists(_cli.PathOf("bad.edqa")));
    }

    /// <summary>Spec §4.2 through the command line: coding static and smallest (the static code computed from the
    /// input, or from a calibration file), inspect naming the modes, and the same values back as adaptive's, on the
    /// golden model and the SystemC model.</summary>
    [Fact]
    public void Every_coding_round_trips_and_inspect_shows_the_modes()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important",
            "0,1,2,3,4", "-o", _cli.PathOf("adaptive.edqa")).Code);
        Assert.Equal(0,
            _cli.Run("dequantize", "-i", _cli.PathOf("adaptive.edqa"), "-o", _cli.PathOf("adaptive.npy")).Code);
        float[] expected = NpyFile.Read(_cli.PathOf("adaptive.npy")).Data;
        foreach ((string coding, string target, string[] extra) in new[]
        {
            ("static", "reference", Array.Empty<string>()),
            ("smallest", "sim-process", ["--static-code-from", _cli.PathOf("x.npy")]),
        })
        {
            string file = _cli.PathOf($"{coding}.edqa");
            var (code, _, error) = _cli.Run(["quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3",
                "--important", "0,1,2,3,4", "--coding", coding, "--target", target, "-o", file, .. extra]);
            Assert.True(code == 0, error);
            Assert.NotNull(EdqaFile.Read(file).StaticCode);
            Assert.Equal(0,
                _cli.Run("dequantize", "-i", file, "-o", _cli.PathOf($"{coding}.npy"), "--target", target).Code);
            Assert.Equal(expected, NpyFile.Read(_cli.PathOf($"{coding}.npy")).Data);
            var (_, json, _) = _cli.Run("inspect", file, "--format", "json");
            using var document = System.Text.Json.JsonDocument.Parse(json);
            long records = document.RootElement.GetProperty("modes").EnumerateArray()
                .Sum(m => m.GetProperty("records").GetInt64());
            Assert.Equal(10, records);
            Assert.Equal(8, document.RootElement.GetProperty("static_code").GetArrayLength());
            Assert.Contains("static   records", _cli.Run("inspect", file).Out);
        }

        // A calibration file of another shape, and a static code asked of the adaptive coding, are refused.
        NpyFile.Write(_cli.PathOf("other.npy"), new NpyArray([2, 4, 4, 4], new float[128]));
        Assert.Equal(3, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0",
            "--coding", "static", "--static-code-from", _cli.PathOf("other.npy"), "-o", _cli.PathOf("bad.edqa")).Code);
        Assert.Equal(2, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0",
            "--static-code-from", _cli.PathOf("x.npy"), "-o", _cli.PathOf("bad.edqa")).Code);
        Assert.False(File.Exists(_cli.PathOf("bad.edqa")));
    }

    [Theory]
    [InlineData("quantize", "-n", "9", "-m", "3", "--important", "0")]
    [InlineData("quantize", "-n", "3", "-m", "4", "--important", "0")]
    [InlineData("quantize", "-n", "3", "-m", "3")]
    [InlineData("quantize", "-n", "3", "-m", "3", "--important", "0,0")]
    [InlineData("quantize", "-n", "3", "-m", "3", "--important", "7")]
    [InlineData("quantize", "-n", "3", "-m", "3", "--important", "a")]
    [InlineData("quantize", "-n", "3", "-m", "3", "--important", "0", "--ratio", "0.5")]
    [InlineData("quantize", "-n", "3", "-m", "3", "--ratio", "1.5", "--rank", "RANK")]
    [InlineData("quantize", "-n", "three", "-m", "3", "--important", "0")]
    [InlineData("frobnicate")]
    [InlineData("eval", "--methods", "edqa,frob")]
    [InlineData("eval", "--methods", "adq", "--adq-epochs", "0")]
    [InlineData("eval", "--methods", "adq", "--adq-weight-bits", "5")]
    [InlineData("eval", "--methods", "dqss", "--dqss-steps", "0")]
    [InlineData("eval", "--methods", "dqss", "--dqss-temperature", "0")]
    [InlineData("sweep", "--only", "both")]
    public void Bad_options_exit_2_with_one_message(params string[] args)
    {
        string[] full = args.Select(a => a == "RANK" ? _cli.PathOf("rank.json") : a).ToArray();
        if (full[0] == "quantize")
        {
            full = [.. full, "-i", _cli.PathOf("x.npy"), "-o", _cli.PathOf("y.edqa")];
        }

        var (code, output, error) = _cli.Run(full);
        Assert.Equal(2, code);
        Assert.StartsWith("edqa: ", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        Assert.False(File.Exists(_cli.PathOf("y.edqa")), output);
    }

    [Fact]
    public void Bad_input_files_exit_3_naming_the_file_and_write_nothing()
    {
        File.WriteAllBytes(_cli.PathOf("nan.npy"), NpyFile.ToBytes(new NpyArray([2, 2], [1f, float.NaN, 2f, 3f])));
        File.WriteAllText(_cli.PathOf("junk.edqa"), "not an edqa file");
        File.WriteAllBytes(_cli.PathOf("f64.npy"), NpyFile.ToBytes(new NpyArray([1], [1f])));
        string f64 = _cli.PathOf("f64.npy");
        File.WriteAllBytes(f64, System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1
            .GetString(File.ReadAllBytes(f64)).Replace("<f4", "<f8", StringComparison.Ordinal)));

        var nan = _cli.Run("quantize", "-i", _cli.PathOf("nan.npy"), "-n", "3", "-m", "3", "--important", "0",
            "-o", _cli.PathOf("out.edqa"));
        Assert.Equal(3, nan.Code);
        Assert.Contains("element 1 (sample 0, channel 0, element 1) is NaN", nan.Error);

        var missing = _cli.Run("quantize", "-i", _cli.PathOf("missing.npy"), "-n", "3", "-m", "3", "--important", "0",
            "-o", _cli.PathOf("out.edqa"));
        Assert.Equal(3, missing.Code);
        Assert.Contains("missing.npy: no such file", missing.Error);

        var dtype = _cli.Run("quantize", "-i", f64, "-n", "3", "-m", "3", "--important", "0",
            "-o", _cli.PathOf("out.edqa"));
        Assert.Equal(3, dtype.Code);
        Assert.Contains("float64", dtype.Error);

        var junk = _cli.Run("dequantize", "-i", _cli.PathOf("junk.edqa"), "-o", _cli.PathOf("out.npy"));
        Assert.Equal(3, junk.Code);
        Assert.Contains("magic", junk.Error);
        Assert.False(File.Exists(_cli.PathOf("out.edqa")));
        Assert.False(File.Exists(_cli.PathOf("out.npy")));
    }

    [Fact]
    public void Main_job_checks_the_shipped_network_bit_exactly()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        var (code, output, error) = _cli.Run("run", "--model", Path.Combine(root, "models", "cnn.bin"),
            "--rank", Path.Combine(root, "models", "cnn-rank.json"), "--skip-accuracy");
        Assert.True(code == 0, error + output);
        Assert.Contains("bit-exact: golden model = sim = network tensor path on 4 layers of real activations", output);
        // The improved format's coded layers go through the accelerator both ways as well, with their cycles.
        var coded = System.Text.RegularExpressions.Regex.Match(output,
            @"quantized on sim bit for bit in (\d+) cycles against (\d+) for the paper's format \([0-9.]+x\) and "
            + @"de-quantized in (\d+) against (\d+)");
        Assert.True(coded.Success, output);
        Assert.True(Enumerable.Range(1, 4).All(g => long.Parse(coded.Groups[g].Value) > 0), coded.Value);
        Assert.Equal(2, _cli.Run("run", "--bits", "9").Code);
        Assert.Equal(3, _cli.Run("run", "--model", _cli.PathOf("missing.bin")).Code);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void Tune_chooses_r_and_m_within_the_budget_and_run_takes_its_file()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string model = Path.Combine(root, "models", "cnn.bin");
        string rank = Path.Combine(root, "models", "cnn-rank.json");
        string config = _cli.PathOf("tune.json");
        var (code, output, error) = _cli.Run("tune", "--model", model, "--rank", rank, "--validation", "64",
            "--ratios", "0,0.4,1", "--extra-bits", "2,3", "--budget", "3.8", "--test-images", "500", "-o", config,
            "--format", "json");
        Assert.True(code == 0, error + output);
        // The quick mode is recorded; its estimate is on standard error, the document alone on stdout.
        Assert.Contains("estimate: tune cnn: about ", error);
        Assert.DoesNotContain("estimate", output);
        Assert.Contains("first 500 test images only", output);
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config)))
        {
            System.Text.Json.JsonElement c = json.RootElement;
            Assert.Equal("edqa-tune/1", c.GetProperty("format").GetString());
            Assert.Equal(500, c.GetProperty("testImages").GetInt32());
            // The measured memory keeps to the budget; every point got a choice from the lists.
            Assert.True(c.GetProperty("bitsPerActivation").GetDouble() <= 3.8, c.ToString());
            System.Text.Json.JsonElement[] points = c.GetProperty("points").EnumerateArray().ToArray();
            Assert.Equal(["relu1", "relu2", "relu3", "relu4"], points.Select(p => p.GetProperty("point").GetString()));
            Assert.All(points, p => Assert.Contains(p.GetProperty("ratio").GetDouble(), new[] { 0, 0.4, 1 }));
            Assert.All(points, p => Assert.Contains(p.GetProperty("extraBits").GetInt32(), new[] { 2, 3 }));
        }

        var ran = _cli.Run("run", "--model", model, "--rank", rank, "--config", config, "--skip-accuracy");
        Assert.True(ran.Code == 0, ran.Error + ran.Out);
        Assert.Contains("per-layer r and m of", ran.Out);
        Assert.Contains("bit-exact", ran.Out);

        Assert.Equal(2, _cli.Run("run", "--model", model, "--rank", rank, "--config", config, "-r", "0.5").Code);
        string other = _cli.PathOf("other.json");
        File.WriteAllText(other, File.ReadAllText(config)
            .Replace("\"checkpointSha256\": \"8", "\"checkpointSha256\": \"9", StringComparison.Ordinal));
        var refused = _cli.Run("run", "--model", model, "--rank", rank, "--config", other, "--skip-accuracy");
        Assert.Equal(3, refused.Code);
        Assert.Contains("was tuned for checkpoint 9cfc79c6fba3", refused.Error);
        Assert.Equal(2, _cli.Run("tune", "--model", model, "--rank", rank, "--ratios", "0.2,0.4",
            "-o", _cli.PathOf("x.json")).Code);
        Assert.Equal(2, _cli.Run("tune", "--model", model, "--rank", rank, "--budget", "0.5", "--validation", "64",
            "--ratios", "0,0.4", "--extra-bits", "3", "-o", _cli.PathOf("x.json")).Code);
    }

    [Theory]
    [InlineData(
        "{\"checkpoint\": \"cnn.bin\", \"provenance\": {\"checkpointSha256\": "
            + "\"0011223344556677889900112233445566778899001122334455667788990011\"}}",
        "SHA-256 001122334455")]
    [InlineData("{\"checkpoint\": \"hidden.bin\"}", "another checkpoint (hidden.bin)")]
    [InlineData("[1, 2]", "not a result file of edqa")]
    [InlineData(
        "{\"checkpoint\": \"cnn.bin\", \"provenance\": {\"checkpointSha256\": 5}}", "not a result file of edqa")]
    [InlineData(
        "{\"checkpoint\": \"cnn.bin\", \"provenance\": {\"checkpointSha256\": \"abc\"}}", "not a result file of edqa")]
    public void Results_of_another_checkpoint_are_refused_before_any_work(string previous, string message)
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string results = _cli.PathOf("results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "cnn-table2.json"), previous);
        var (code, _, error) = _cli.Run("eval", "--model", Path.Combine(root, "models", "cnn.bin"),
            "--results", results, "--methods", "direct", "--runs", "1");
        Assert.Equal(3, code);
        Assert.Contains(message, error);
        Assert.Contains("--results DIR", error);
        Assert.Equal(previous, File.ReadAllText(Path.Combine(results, "cnn-table2.json")));
        Assert.False(Directory.Exists(Path.Combine(results, "ranks")));
    }

    [Fact]
    public void A_ranking_computed_for_other_weights_is_refused()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string shipped = File.ReadAllText(Path.Combine(root, "models", "cnn-rank.json"));
        string other = _cli.PathOf("other-rank.json");
        File.WriteAllText(other,
            shipped.Replace("\"checkpointSha256\": \"8", "\"checkpointSha256\": \"9", StringComparison.Ordinal));
        var (code, _, error) = _cli.Run("run", "--model", Path.Combine(root, "models", "cnn.bin"), "--rank", other,
            "--skip-accuracy");
        Assert.Equal(3, code);
        Assert.Contains("ranked for the checkpoint with SHA-256 9cfc79c6fba3", error);

        string shortHash = _cli.PathOf("short-rank.json");
        File.WriteAllText(shortHash, System.Text.RegularExpressions.Regex.Replace(shipped,
            "\"checkpointSha256\": \"[0-9a-f]+\"", "\"checkpointSha256\": \"8cfc\""));
        (code, _, error) = _cli.Run("run", "--model", Path.Combine(root, "models", "cnn.bin"), "--rank", shortHash,
            "--skip-accuracy");
        Assert.Equal(3, code);
        Assert.Contains("is not 64 hex digits", error);

        string unhashed = _cli.PathOf("unhashed-rank.json");
        File.WriteAllText(unhashed, System.Text.RegularExpressions.Regex.Replace(shipped,
            "\\s*\"checkpointSha256\": \"[0-9a-f]+\",", string.Empty));
        (code, _, error) = _cli.Run("capture", "--model", Path.Combine(root, "models", "cnn.bin"), "--rank", unhashed,
            "--output", _cli.PathOf("captured"));
        Assert.Equal(3, code);
        Assert.Contains("no checkpointSha256", error);
    }

    [Fact]
    public void A_checkpoint_loads_as_the_architecture_its_provenance_names_and_nothing_else()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string Checkpoint(string name, Func<string, string>? provenance)
        {
            string path = _cli.PathOf(name + ".bin");
            File.Copy(Path.Combine(root, "models", "cnn.bin"), path);
            if (provenance is not null)
            {
                File.WriteAllText(_cli.PathOf(name + ".json"),
                    provenance(File.ReadAllText(Path.Combine(root, "models", "cnn.json"))));
            }

            return path;
        }

        string rank = Path.Combine(root, "models", "cnn-rank.json");
        // Named like a ResNet-20, it is still the CNN its provenance says it is.
        var named = _cli.Run("capture", "--model", Checkpoint("resnet20-lookalike", p => p), "--rank", rank,
            "-o", _cli.PathOf("captured"));
        Assert.True(named.Code == 0, named.Error);
        Assert.Equal(4, Directory.GetFiles(_cli.PathOf("captured"), "*.npy").Length);

        var missing = _cli.Run("capture", "--model", Checkpoint("bare", null), "--rank", rank, "-o", _cli.PathOf("c2"));
        Assert.Equal(3, missing.Code);
        Assert.Contains("no provenance file", missing.Error);
        var unknown = _cli.Run("capture",
            "--model", Checkpoint("vgg", p => p.Replace("\"cnn\"", "\"vgg\"", StringComparison.Ordinal)),
            "--rank", rank, "-o", _cli.PathOf("c3"));
        Assert.Equal(3, unknown.Code);
        Assert.Contains("architecture 'vgg' is not one of resnet20, cnn", unknown.Error);
        var other = _cli.Run("capture",
            "--model", Checkpoint("other", p => p.Replace("8cfc79", "000000", StringComparison.Ordinal)),
            "--rank", rank, "-o", _cli.PathOf("c4"));
        Assert.Equal(3, other.Code);
        Assert.Contains("describes another checkpoint", other.Error);
    }

    public void Dispose() => _cli.Dispose();
}
