using System.Diagnostics;
using System.Text.Json;
using Edqa.Core;
using Edqa.Core.Io;
using Edqa.Nn.Experiments;

namespace Edqa.Cli.Tests;

/// <summary>Issue 25 §1, §2 and §5: the hardware tools' front door from another folder, output a script can trust
/// (latency's rows, its text at a terminal's width, one CSV document per command, an unwritable waveform named),
/// one key case across files, and the errors that name what the user typed.</summary>
[Collection(CliRunner.Name)]
public sealed class UserFlowTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    [Trait("Speed", "Slow")]
    public void Latency_rows_do_not_depend_on_which_other_lengths_were_asked()
    {
        JsonElement Row(params string[] lengths)
        {
            var (code, output, error) = _cli.Run("latency", "--format", "json", "--length", string.Join(",", lengths));
            Assert.True(code == 0, error);
            return JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray()
                .Single(r => r.GetProperty("length").GetInt32() == 784).Clone();
        }

        JsonElement alone = Row("784");
        JsonElement beside = Row("49", "784");
        Assert.Equal(alone.ToString(), beside.ToString());
        Assert.True(alone.GetProperty("edqa_quantize_cycles").GetInt64() > 0);
    }

    [Fact]
    public void Latency_text_fits_the_terminal_and_keeps_every_number_whole()
    {
        string? old = Environment.GetEnvironmentVariable("COLUMNS");
        Environment.SetEnvironmentVariable("COLUMNS", "80");
        try
        {
            var (code, text, error) = _cli.Run("latency", "--length", "49");
            Assert.True(code == 0, error);
            Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, line));
            var csv = _cli.Run("latency", "--length", "49", "--format", "csv");
            string[] header = csv.Out.Split('\n')[0].Split(',');
            string[] row = csv.Out.Split('\n')[1].Split(',');
            // Every cycle count of the row appears whole in the text tables.
            foreach (string key in header.Where(k => k.EndsWith("_cycles", StringComparison.Ordinal)))
            {
                Assert.Contains($" {row[Array.IndexOf(header, key)]} ", text);
            }

            // Progress on stderr only, as `progress:` lines when stderr is not a terminal.
            Assert.DoesNotContain("progress", text);
            Assert.Contains("progress: ", error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("COLUMNS", old);
        }
    }

    [Fact]
    public void Several_tables_in_csv_are_one_document_with_a_table_column()
    {
        var layers = new TableOutput("layers", [new("layer", "layer"), new("bytes", "bytes")]);
        layers.AddField(new("model", "model"), "m.bin");
        layers.AddRow("relu1", 10);
        layers.AddRow("relu2", 20);
        var accuracy = new TableOutput("accuracy", [new("method", "method"), new("accuracy_percent", "%")]);
        accuracy.AddField(new("model", "model"), "m.bin");
        accuracy.AddRow("edqa, N=3", 87.5);
        List<string[]> records =
            ParseCsv(TableOutput.RenderAll([("layers", layers), ("accuracy", accuracy)], TableFormat.Csv));
        Assert.Equal(["table", "model", "layer", "bytes", "method", "accuracy_percent"], records[0]);
        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.Equal(6, r.Length));
        Assert.Equal(["accuracy", "m.bin", "", "", "edqa, N=3", "87.5"], records[3]);
        Assert.Equal(["layers", "m.bin", "relu2", "20", "", ""], records[2]);
    }

    [Theory]
    [InlineData("sim")]
    [InlineData("sim-process")]
    [InlineData("board")]
    [InlineData("reference")]
    public void An_unwritable_waveform_is_bad_output_naming_it_on_every_target(string target)
    {
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 8], Enumerable.Range(0, 16).Select(i => i * 0.1f)
            .ToArray()));
        string vcd = Path.Combine(_cli.Directory, "no-such-folder", "w.vcd");
        var (code, _, error) = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "2", "--important",
            "0", "--target", target, "--vcd", vcd, "-o", _cli.PathOf("y.edqa"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(vcd, error);
        Assert.False(File.Exists(_cli.PathOf("y.edqa")));
    }

    [Fact]
    public void The_runner_refuses_an_unwritable_waveform_as_bad_output()
    {
        string vcd = Path.Combine(_cli.Directory, "no-such-folder", "w.vcd");
        (int code, _, string error) = Start(_cli.Directory, Path.Combine(Edqa.Tests.NativeBuild.BinDirectory,
            "edqa-sim"), "run", Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "vectors",
            "golden.jobs"), _cli.PathOf("r.results"), "--vcd", vcd);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(vcd, error);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void The_hardware_tools_answer_through_edqa_hw_from_another_folder()
    {
        string edqa = Path.Combine(Edqa.Tests.NativeBuild.BinDirectory, "edqa");
        var schedule = Start(_cli.Directory, edqa, "hw", "schedule", "--format", "csv");
        Assert.True(schedule.Code == 0, schedule.Error);
        List<string[]> rows = ParseCsv(schedule.Out);
        Assert.Equal(["loop", "ii", "depth", "trip", "reason"], rows[0]);
        Assert.Contains(rows, r => r[0] == "READ_DESCRIPTOR");

        var lint = Start(_cli.Directory, edqa, "hw", "lint");
        Assert.True(lint.Code == 0, lint.Error + lint.Out);
        Assert.Contains("synthesizable subset", lint.Out);

        // The resource estimate ends with the configuration asked for, not the 1 x 1 design of the Table 4 check.
        var resources = Start(_cli.Directory, edqa, "hw", "resources", "--units", "4", "--lanes", "2");
        Assert.True(resources.Code == 0, resources.Error + resources.Out);
        Assert.StartsWith("| 4 x 2 |", resources.Out.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void Tune_files_are_written_in_camel_case_and_snake_case_files_are_still_read()
    {
        var config = new TuneConfig(TuneConfig.FormatTag, "cnn", "SHA", 3, 3.9,
            [new PointChoice("relu1", 0.4, 2), new PointChoice("relu2", 0, 3)], 3.8, 0.9, 3.9, 0.88, 100, 7);
        string camel = config.ToJson();
        Assert.Contains("\"extraBits\"", camel);
        Assert.Contains("\"checkpointSha256\"", camel);
        Assert.DoesNotContain("_", camel.Replace("edqa-tune", string.Empty, StringComparison.Ordinal));
        string snake = camel.Replace("extraBits", "extra_bits", StringComparison.Ordinal)
            .Replace("checkpointSha256", "checkpoint_sha256", StringComparison.Ordinal)
            .Replace("bitsPerActivation", "bits_per_activation", StringComparison.Ordinal);
        File.WriteAllText(_cli.PathOf("camel.json"), camel);
        File.WriteAllText(_cli.PathOf("snake.json"), snake);
        foreach (string file in new[] { "camel.json", "snake.json" })
        {
            TuneConfig read = TuneConfig.Read(_cli.PathOf(file));
            Assert.Equal("SHA", read.CheckpointSha256);
            Assert.Equal([2, 3], read.Points.Select(p => p.ExtraBits));
            Assert.Equal(3.8, read.BitsPerActivation);
        }
    }

    [Fact]
    public void Errors_name_what_the_user_typed_once()
    {
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 8], new float[16]));
        var extra = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "9", "--important", "0", "-o",
            _cli.PathOf("y.edqa"));
        Assert.Equal(ExitCodes.Usage, extra.Code);
        Assert.Contains("--extra-bits", extra.Error);
        Assert.DoesNotContain("extraBits", extra.Error);

        File.Copy(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "models", "cnn.bin"), _cli.PathOf("mycnn.bin"));
        var provenance = _cli.Run("run", "--model", _cli.PathOf("mycnn.bin"));
        Assert.Equal(ExitCodes.BadInput, provenance.Code);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(provenance.Error, "mycnn\\.bin"));

        string table = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "results", "cnn-table2.json");
        var merge = _cli.Run("merge", table, "--output", _cli.PathOf("merged.json"));
        Assert.Equal(ExitCodes.BadInput, merge.Code);
        Assert.Contains($"{table}: not a shard file", merge.Error);
        Assert.False(File.Exists(_cli.PathOf("merged.json")));
        // Nor is a file that is not JSON at all: bad input too, named, not an internal error.
        File.WriteAllText(_cli.PathOf("notes.md"), "# notes\n");
        var notJson = _cli.Run("merge", _cli.PathOf("notes.md"), "--output", _cli.PathOf("merged.json"));
        Assert.Equal(ExitCodes.BadInput, notJson.Code);
        Assert.StartsWith($"edqa: {_cli.PathOf("notes.md")}: not the JSON expected", notJson.Error);
    }

    [Fact]
    public void Dse_plot_draws_every_layer_asked()
    {
        string png = _cli.PathOf("pareto.png");
        var (code, output, error) = _cli.Run("dse", "--layers", "resnet18-layer4,cnn-relu4", "--coding", "static",
            "--plot", png, "--format", "csv");
        Assert.True(code == 0, error);
        Assert.Contains("progress: ", error);
        Assert.Equal(["resnet18-layer4", "cnn-relu4"],
            ParseCsv(output).Skip(1).Select(r => r[3]).Distinct());
        // One panel of 800 x 480 per layer, two a row (the PNG's IHDR: width and height, big-endian).
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(1600, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(480, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    private static (int Code, string Out, string Error) Start(string directory, string program,
        params string[] args)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["SYSTEMC_DISABLE_COPYRIGHT_MESSAGE"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    private static List<string[]> ParseCsv(string text) => ScriptOutputTests.ParseCsv(text);

    public void Dispose() => _cli.Dispose();
}
