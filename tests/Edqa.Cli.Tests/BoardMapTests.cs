using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Edqa.Cli.Tests;

/// <summary>
/// <c>edqa board map --from x&lt;top&gt;_hw.h</c> on fixtures written to the layout Vivado HLS 2019.2 generates
/// (tests/fixtures/hls): the offsets land in the map, the board runner reads the map back to the same offsets, and
/// every way a header can disagree with hw/edqa_registers.h is refused with the register named.
/// </summary>
[Collection(CliRunner.Name)]
public sealed partial class BoardMapTests : IDisposable
{
    private readonly CliRunner _cli = new();

    private static string Fixture(string name) =>
        Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "fixtures", "hls", name);

    private static readonly string EdqaHeader = Fixture("xedqaaccelerator_hw.h");
    private static readonly string NoisyHeader = Fixture("xnoisyquantaccelerator_hw.h");

    [GeneratedRegex(@"^(EDQA_BOARD_\w+)=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex Entry();

    private static Dictionary<string, string> Entries(string text) =>
        Entry().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [Fact]
    public void The_map_has_the_offsets_HLS_assigned_and_the_board_runner_reads_them_back()
    {
        string map = _cli.PathOf("board.map");
        var (code, _, error) = _cli.Run("board", "map", "--from", EdqaHeader, "--from", NoisyHeader, "--output", map);
        Assert.True(code == 0, error);
        Dictionary<string, string> written = Entries(File.ReadAllText(map));
        // From the fixture: ctrl starts at 0x10 after the reserved words, every register takes 8 bytes (data and a
        // reserved or valid word); the counters bundle starts over at 0x10.
        Assert.Equal("0x10", written["EDQA_BOARD_REG_START"]);
        Assert.Equal("0x18", written["EDQA_BOARD_REG_DONE"]);
        Assert.Equal("0x38", written["EDQA_BOARD_REG_RECORDS"]);
        Assert.Equal("0x10", written["EDQA_BOARD_REG_CYCLES_TOTAL"]);
        Assert.Equal("0x30", written["EDQA_BOARD_REG_CYCLES_DEQUANTIZER"]);
        Assert.Equal("0x40", written["EDQA_BOARD_NOISY_REG_SIDE"]);
        Assert.Equal("1", written["EDQA_BOARD_NOISYQUANT"]);
        Assert.Equal(11 + 8 + 1, written.Count);  // every register of both tables, and which accelerators exist

        var runner = new ProcessStartInfo(
            Path.Combine(Edqa.Tests.NativeBuild.BinDirectory, "edqa-board-runner"), ["show-map"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        runner.Environment["EDQA_BOARD_MAP"] = map;
        using Process process = Process.Start(runner)!;
        string shown = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        Dictionary<string, string> read = Entries(shown);
        foreach ((string name, string value) in written)
        {
            Assert.Equal(Convert.ToUInt32(value, 16), Convert.ToUInt32(read[name], 16));
        }
    }

    [Fact]
    public void A_bitstream_without_NoisyQuant_says_so_and_the_board_runner_reads_it()
    {
        string map = _cli.PathOf("edqa-only.map");
        var (code, _, error) = _cli.Run("board", "map", "--from", EdqaHeader, "--output", map);
        Assert.True(code == 0, error);
        Assert.Equal("0", Entries(File.ReadAllText(map))["EDQA_BOARD_NOISYQUANT"]);
        var runner = new ProcessStartInfo(
            Path.Combine(Edqa.Tests.NativeBuild.BinDirectory, "edqa-board-runner"), ["show-map"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        runner.Environment["EDQA_BOARD_MAP"] = map;
        using Process process = Process.Start(runner)!;
        string shown = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        Assert.Equal("0", Entries(shown)["EDQA_BOARD_NOISYQUANT"]);

        // A flag that is neither 0 nor 1 is refused by name.
        runner.Environment["EDQA_BOARD_NOISYQUANT"] = "2";
        using Process refused = Process.Start(runner)!;
        string message = refused.StandardError.ReadToEnd();
        refused.WaitForExit();
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("EDQA_BOARD_NOISYQUANT is 2", message);
    }

    [Fact]
    public void Standard_output_by_default_and_one_header_is_enough()
    {
        var (code, output, error) = _cli.Run("board", "map", "--from", NoisyHeader);
        Assert.True(code == 0, error);
        Assert.Contains("EDQA_BOARD_NOISY_REG_START=0x10", output);
        Assert.DoesNotContain("EDQA_BOARD_REG_", output);
    }

    [Theory]
    [InlineData("drop", "XEDQAACCELERATOR_CTRL_ADDR_RECORDS_V_DATA", "RECORDS (port records) is missing")]
    [InlineData("narrow", "XEDQAACCELERATOR_CTRL_BITS_RECORDS_V_DATA", "needs 16")]
    [InlineData("extra", "", "DEBUG_V is not a register of the Edqa accelerator")]
    [InlineData("bundle", "XEDQAACCELERATOR_CTRL_ADDR_RECORDS_V_DATA", "is in the AXI-Lite bundle counters")]
    [InlineData("unaligned", "XEDQAACCELERATOR_CTRL_ADDR_OP_V_DATA", "is not a word offset")]
    [InlineData("huge", "XEDQAACCELERATOR_CTRL_ADDR_OP_V_DATA", "does not fit 64 bits")]
    public void A_header_that_disagrees_with_the_register_table_is_refused(string damage, string define, string message)
    {
        string[] lines = File.ReadAllLines(EdqaHeader);
        IEnumerable<string> damaged = damage switch
        {
            "drop" => lines.Where(l => !l.Contains(define, StringComparison.Ordinal)),
            "narrow" => lines.Select(l => l.Contains(define, StringComparison.Ordinal) ? $"#define {define} 12" : l),
            "extra" => lines.Append("#define XEDQAACCELERATOR_CTRL_ADDR_DEBUG_V_DATA 0x80")
                .Append("#define XEDQAACCELERATOR_CTRL_BITS_DEBUG_V_DATA 32"),
            "bundle" => lines.Select(l => l
                .Replace("XEDQAACCELERATOR_CTRL_ADDR_RECORDS_V_DATA", "XEDQAACCELERATOR_COUNTERS_ADDR_RECORDS_V_DATA",
                    StringComparison.Ordinal)
                .Replace("XEDQAACCELERATOR_CTRL_BITS_RECORDS_V_DATA", "XEDQAACCELERATOR_COUNTERS_BITS_RECORDS_V_DATA",
                    StringComparison.Ordinal)),
            "huge" => lines.Select(l =>
                l.Contains(define, StringComparison.Ordinal) ? $"#define {define} 0x1FFFFFFFFFFFFFFFF0" : l),
            _ => lines.Select(l => l.Contains(define, StringComparison.Ordinal) ? $"#define {define} 0x42" : l),
        };
        string path = _cli.PathOf("x_hw.h");
        File.WriteAllLines(path, damaged);
        string map = _cli.PathOf("board.map");
        var (code, _, error) = _cli.Run("board", "map", "--from", path, "--output", map);
        Assert.Equal(3, code);
        Assert.Contains(message, error);
        Assert.False(File.Exists(map));
    }

    [Fact]
    public void Files_that_are_not_HLS_headers_and_two_headers_of_one_accelerator_are_refused()
    {
        string text = _cli.PathOf("notes.h");
        File.WriteAllText(text, "#define SOMETHING 1\n");
        var (code, _, error) = _cli.Run("board", "map", "--from", text);
        Assert.Equal(3, code);
        Assert.Contains("not a Vivado HLS x<top>_hw.h", error);

        (code, _, error) = _cli.Run("board", "map", "--from", EdqaHeader, "--from", EdqaHeader);
        Assert.Equal(3, code);
        Assert.Contains("a second header for the Edqa accelerator", error);

        (code, _, error) = _cli.Run("board", "map", "--from", _cli.PathOf("missing_hw.h"));
        Assert.Equal(3, code);
        Assert.Contains("missing_hw.h", error);
    }

    public void Dispose() => _cli.Dispose();
}
