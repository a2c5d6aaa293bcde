using System.Diagnostics;
using Edqa.Core.Io;

namespace Edqa.Cli.Tests;

/// <summary>
/// Bad input, odd options and odd output paths, as a careful user tries them: each ends in one clear line on
/// stderr with the documented exit code, and whatever output existed before is untouched.
/// </summary>
[Collection(CliRunner.Name)]
public sealed class HardeningTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly byte[] _good;

    public HardeningTests()
    {
        var random = new Random(5);
        NpyFile.Write(_cli.PathOf("x.npy"),
            new NpyArray([2, 3, 4], Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble()).ToArray()));
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0",
            "-o", _cli.PathOf("y.edqa")).Code);
        _good = File.ReadAllBytes(_cli.PathOf("y.edqa"));
    }

    [Theory]
    [InlineData("--scale", "2")]
    [InlineData("--scale", "1")]
    [InlineData("--scale", "layers")]
    [InlineData("--bits", "0x3")]
    [InlineData("--ratio", "0x1", "--rank", "r.json")]
    [InlineData("--important", "0,")]
    [InlineData("--important", "-1")]
    [InlineData("--important", "0", "--format", "2")]
    [InlineData("--important", "0", "--target", "1")]
    public void Malformed_options_exit_2_and_leave_the_old_output(params string[] options)
    {
        string[] args =
            ["quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", .. options, "-o", _cli.PathOf("y.edqa")];
        if (!options.Contains("--bits"))
        {
            args = args.Where((a, i) => !(a == "-n" || (i > 0 && args[i - 1] == "-n"))).Concat(["-n", "3"]).ToArray();
        }

        var (code, _, error) = _cli.Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("edqa: ", error);
        Assert.Equal(_good, File.ReadAllBytes(_cli.PathOf("y.edqa")));
    }

    [Fact]
    public void Enum_options_take_their_names_only()
    {
        Assert.Equal(0, _cli.Run("inspect", _cli.PathOf("y.edqa"), "--format", "JSON").Code);
        var (code, _, error) = _cli.Run("inspect", _cli.PathOf("y.edqa"), "--format", "3");
        Assert.Equal(2, code);
        Assert.Contains("'3' is not one of text, csv, json, markdown", error);
    }

    [Fact]
    public void Output_to_dev_null_writes_through_and_a_symlink_replaces_its_target()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1",
            "-o", "/dev/null").Code);
        Assert.Equal("character special file", FileType("/dev/null"));

        File.CreateSymbolicLink(_cli.PathOf("link.edqa"), _cli.PathOf("y.edqa"));
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1,2",
            "-o", _cli.PathOf("link.edqa")).Code);
        Assert.Equal("symbolic link", FileType(_cli.PathOf("link.edqa")));
        Assert.NotEqual(_good, File.ReadAllBytes(_cli.PathOf("y.edqa")));
    }

    [Fact]
    public void Empty_or_directory_outputs_are_errors_that_leave_no_temporary_files()
    {
        Assert.Equal(2, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0",
            "-o", "").Code);
        Directory.CreateDirectory(_cli.PathOf("out"));
        var (code, _, error) = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3",
            "--important", "0", "-o", _cli.PathOf("out"));
        Assert.Equal(3, code);
        Assert.Contains("is a directory", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(_cli.Directory, "*.tmp-*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFileSystemEntries(_cli.PathOf("out")));
        Assert.Equal(2, _cli.Run("dequantize", "-i", _cli.PathOf("y.edqa"), "-o", " ").Code);
    }

    [Fact]
    public void A_shape_whose_product_overflows_is_a_bad_input_file()
    {
        string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 5000000000000000000), }";
        header += new string(' ', 117 - header.Length) + "\n";
        byte[] bytes =
        [
            0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0,
            .. System.Text.Encoding.Latin1.GetBytes(header),
        ];
        File.WriteAllBytes(_cli.PathOf("huge.npy"), bytes);
        var (code, _, error) = _cli.Run("quantize", "-i", _cli.PathOf("huge.npy"), "-n", "3", "-m", "3",
            "--important", "0", "-o", _cli.PathOf("y.edqa"));
        Assert.Equal(3, code);
        Assert.Contains("huge.npy", error);
        Assert.Contains("more than", error);
        Assert.Equal(_good, File.ReadAllBytes(_cli.PathOf("y.edqa")));
    }

    [Fact]
    public void A_crafted_header_announcing_two_billion_channels_allocates_nothing_large()
    {
        // 28 bytes: "EDQA", version 1, N = m = 3, layer scale, rank 2, axis 0, then C = 2^31 - 64 and L = 0.
        byte[] file =
        [
            (byte)'E', (byte)'D', (byte)'Q', (byte)'A', 1, 0, 3, 3, 0, 2, 0, 0, 0xC0, 0xFF, 0xFF, 0x7F,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        File.WriteAllBytes(_cli.PathOf("crafted.edqa"), file);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        foreach (string[] command in new[]
        {
            new[] { "inspect", _cli.PathOf("crafted.edqa") },
            ["dequantize", "-i", _cli.PathOf("crafted.edqa"), "-o", _cli.PathOf("out.npy")],
        })
        {
            var (code, _, error) = _cli.Run(command);
            Assert.Equal(3, code);
            Assert.Contains("truncated", error);
        }

        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024,
            "the reader allocated what the header announced before checking the file holds it");
        Assert.False(File.Exists(_cli.PathOf("out.npy")));
    }

    [Fact]
    public void Records_longer_than_the_accelerator_are_one_line_and_exit_3_on_every_hardware_target()
    {
        NpyFile.Write(_cli.PathOf("long.npy"), new NpyArray([1, 5000], new float[5000]));
        foreach (string target in new[] { "sim", "sim-process" })
        {
            var (code, _, error) = _cli.Run("quantize", "-i", _cli.PathOf("long.npy"), "-n", "3", "-m", "3",
                "--important", "0", "--target", target, "-o", _cli.PathOf("y.edqa"));
            Assert.Equal(3, code);
            Assert.Contains("long.npy: records of 5000 elements exceed the 4096 elements the accelerator holds", error);
            Assert.Single(error.Trim().Split('\n'));
        }

        Assert.Equal(_good, File.ReadAllBytes(_cli.PathOf("y.edqa")));
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("long.npy"), "-n", "3", "-m", "3", "--important", "0",
            "-o", _cli.PathOf("long.edqa")).Code);
    }

    [Theory]
    [InlineData(
        "{\"format\": \"edqa-rank/1\", \"model\": \"m\", \"bits\": 3, \"calibrationSize\": 1, \"seed\": 1, "
            + "\"layers\": [null]}",
        "layer 0 is null")]
    [InlineData(
        "{\"format\": \"edqa-rank/1\", \"model\": \"m\", \"bits\": 3, \"calibrationSize\": 1, \"seed\": 1, "
            + "\"layers\": [{\"name\": \"x\", \"channels\": 4, \"order\": [0, 1, 2]}]}",
        "orders 3 channels but has 4")]
    [InlineData(
        "{\"format\": \"edqa-rank/1\", \"model\": \"m\", \"bits\": 3, \"calibrationSize\": 1, \"seed\": 1, "
            + "\"layers\": [{\"name\": \"x\", \"channels\": 3, \"order\": [0, 1, 1]}]}",
        "not a permutation")]
    [InlineData(
        "{\"format\": \"edqa-rank/1\", \"model\": \"m\", \"bits\": 3, \"calibrationSize\": 1, \"seed\": 1, "
            + "\"layers\": [{\"channels\": 3, \"order\": [0, 1, 2]}]}",
        "has no name")]
    [InlineData("[1, 2", "not valid JSON")]
    public void Malformed_rank_files_exit_3_with_the_problem_named(string json, string message)
    {
        File.WriteAllText(_cli.PathOf("r.json"), json);
        var (code, _, error) = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3",
            "--ratio", "0.5", "--rank", _cli.PathOf("r.json"), "-o", _cli.PathOf("y.edqa"));
        Assert.Equal(3, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(_good, File.ReadAllBytes(_cli.PathOf("y.edqa")));
    }

    [Fact]
    public void A_damaged_edqa_file_fails_every_reader_and_target_alike_and_the_old_output_stays()
    {
        NpyFile.Write(_cli.PathOf("old.npy"), new NpyArray([1], [42f]));
        byte[] old = File.ReadAllBytes(_cli.PathOf("old.npy"));
        var random = new Random(11);
        for (int trial = 0; trial < 24; trial++)
        {
            byte[] damaged = (byte[])_good.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(_cli.PathOf("damaged.edqa"), damaged);
            string target = new[] { "reference", "sim", "sim-process" }[trial % 3];
            var (code, _, error) = _cli.Run("dequantize", "-i", _cli.PathOf("damaged.edqa"), "--target", target,
                "-o", _cli.PathOf("old.npy"));
            Assert.Equal(3, code);
            Assert.StartsWith($"edqa: {_cli.PathOf("damaged.edqa")}: ", error);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Equal(old, File.ReadAllBytes(_cli.PathOf("old.npy")));
        }
    }

    [Fact]
    public void Saved_jobs_re_run_on_the_standalone_runner_and_check_against_the_golden_model()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0,2",
            "--target", "sim", "-o", _cli.PathOf("z.edqa"), "--save-jobs", _cli.PathOf("z.jobs")).Code);
        using var runner = Process.Start(new ProcessStartInfo(Targets.SimulationProcessTarget.DefaultRunner(),
            ["run", _cli.PathOf("z.jobs"), _cli.PathOf("z.results")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        runner.WaitForExit();
        Assert.Equal(0, runner.ExitCode);
        var (code, output, error) = _cli.Run("jobs", "check", _cli.PathOf("z.jobs"),
            "--results", _cli.PathOf("z.results"));
        Assert.True(code == 0, error + output);
        Assert.Contains("answer all 1 jobs (6 records)", output);

        // A result stream whose record was tampered with: the difference is named with the command that re-runs it.
        var results = Core.Jobs.ResultStream.Read(_cli.PathOf("z.results"));
        Core.Jobs.RecordResult first = results[0].Records[0];
        first.Output[0] ^= 1;
        Core.Jobs.ResultStream.Write(_cli.PathOf("tampered.results"), results);
        var tampered = _cli.Run("jobs", "check", _cli.PathOf("z.jobs"), "--results", _cli.PathOf("tampered.results"),
            "--failure-dir", _cli.Directory);
        Assert.Equal(1, tampered.Code);
        Assert.Contains("job 0 (x), record 0: output word 0", tampered.Out);
        Assert.Contains("edqa-sim run", tampered.Out);
        Assert.Contains($"--vcd {_cli.PathOf(FailingRecord.Stem + ".vcd")}", tampered.Out);
        var table = _cli.Run("jobs", "inspect", _cli.PathOf("z.results"), "--format", "csv");
        Assert.StartsWith("job,accelerator,op,records,failed,first_failure,output_words,total_cycles,host_us",
            table.Out);
    }

    public void Dispose() => _cli.Dispose();

    private static string FileType(string path)
    {
        using var stat = Process.Start(
            new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        string type = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return type;
    }
}
