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
        float[] data = Enumerable.Range(0, 2 * 4 * 25).Select(_ => random.NextDouble() < 0.3 ? 0f : (float)(random.NextDouble() * 3)).ToArray();
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 4, 5, 5], data));
    }

    [Fact]
    public void Every_target_writes_byte_identical_files()
    {
        var files = new List<byte[]>();
        foreach (string target in new[] { "reference", "sim", "sim-process" })
        {
            var (code, output, error) = _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1,2", "--target", target, "-o", _cli.PathOf($"{target}.edqa"));
            Assert.True(code == 0, error);
            if (target != "reference")
            {
                Assert.Contains("accelerator cycles", output);
            }

            files.Add(File.ReadAllBytes(_cli.PathOf($"{target}.edqa")));
        }

        Assert.Equal(files[0], files[1]);
        Assert.Equal(files[0], files[2]);
        var dequantized = _cli.Run("dequantize", "-i", _cli.PathOf("sim.edqa"), "--target", "sim", "-o", _cli.PathOf("sim.npy"));
        Assert.Equal(0, dequantized.Code);
    }

    [Fact]
    public void Verify_reports_bit_exactness_with_counts()
    {
        var (code, output, error) = _cli.Run("verify", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0,3", "--scale", "channel");
        Assert.True(code == 0, error + output);
        Assert.Contains("bit-exact: reference, sim, sim-process agree on layer x: 8 records, 200 elements", output);
        Assert.Equal(2, _cli.Run("verify", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0", "--targets", "sim").Code);
        Assert.Equal(2, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0", "--target", "fpga", "-o", _cli.PathOf("y.edqa")).Code);
    }

    [Fact]
    public void Latency_prints_the_modeled_table_in_every_format()
    {
        var (code, markdown, error) = _cli.Run("latency", "--format", "markdown");
        Assert.True(code == 0, error);
        Assert.Contains("| 1 & 2 | 3136 |", markdown);
        Assert.Contains("465593 / 455", markdown);
        Assert.Contains("Modeled", markdown);
        Assert.Contains("not measured on a board", markdown);
        Assert.Contains("1303 / 205", markdown);
        var csv = _cli.Run("latency", "--format", "csv", "--clock-mhz", "100");
        Assert.Equal(5, csv.Out.Trim().Split('\n').Length);
        Assert.Equal(2, _cli.Run("latency", "--clock-mhz", "0").Code);
        using var json = System.Text.Json.JsonDocument.Parse(_cli.Run("latency", "--format", "json").Out);
        Assert.Equal(4, json.RootElement.GetProperty("rows").GetArrayLength());
    }

    public void Dispose() => _cli.Dispose();
}
