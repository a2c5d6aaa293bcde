using System.Text;

namespace Edqa.Cli.Tests;

/// <summary>
/// Issue 26, item 6: the vendor parsers (`hls report` on csynth.xml, `board map` on x&lt;top&gt;_hw.h) on generated
/// deep or long inputs. Each must end, in bounded time, with exit 3 naming the problem (or read a legitimate input):
/// no stack overflow, no quadratic walk or regex backtracking. The time limits below only guard against a hang;
/// they are not performance claims.
/// </summary>
[Collection(CliRunner.Name)]
public sealed class VendorParserTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private static readonly string CsynthFixture =
        Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "fixtures", "hls", "EdqaAccelerator_csynth.xml");
    private static readonly string HeaderFixture =
        Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "fixtures", "hls", "xedqaaccelerator_hw.h");

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Runs edqa on a worker thread with a time limit: a hang fails the test instead of the run.</summary>
    private (int Code, string Out, string Error) RunGuarded(params string[] args)
    {
        var run = Task.Run(() => _cli.Run(args));
        Assert.True(run.Wait(HangGuard), $"edqa {string.Join(' ', args.Take(2))} did not end within {HangGuard}");
        return run.Result;
    }

    /// <summary><paramref name="depth"/> loops, each nested in the one before, in the fixture's loop summary.</summary>
    private static string NestedLoops(int depth)
    {
        var loops = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            loops.Append("<L").Append(i).Append("><TripCount>4</TripCount>");
        }

        for (int i = depth - 1; i >= 0; i--)
        {
            loops.Append("</L").Append(i).Append('>');
        }

        string xml = File.ReadAllText(CsynthFixture);
        return xml.Replace("<SummaryOfLoopLatency>", "<SummaryOfLoopLatency>" + loops, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15_000)]
    [InlineData(100_000)]
    public void Deeply_nested_loops_are_refused_naming_the_depth(int depth)
    {
        string path = _cli.PathOf("csynth.xml");
        File.WriteAllText(path, NestedLoops(depth));
        var (code, _, error) = RunGuarded("hls", "report", "--from", path);
        Assert.True(code == 3, error);
        Assert.Contains("csynth.xml", error);
        Assert.Contains("nested", error);
    }

    [Theory]
    [InlineData("element", 15_000)]
    [InlineData("element", 200_000)]
    [InlineData("text", 200_000)]
    public void Deep_nesting_anywhere_is_refused(string where, int depth)
    {
        var deep = new StringBuilder();
        deep.Insert(0, "<a>", depth).Append('x').Insert(deep.Length, "</a>", depth);
        string xml = File.ReadAllText(CsynthFixture);
        xml = where == "element"
            ? xml.Replace("<UserAssignments>", "<UserAssignments>" + deep, StringComparison.Ordinal)
            : xml.Replace("<Part>", "<Part>" + deep, StringComparison.Ordinal);
        string path = _cli.PathOf("csynth.xml");
        File.WriteAllText(path, xml);
        var (code, _, error) = RunGuarded("hls", "report", "--from", path);
        Assert.True(code == 3, error);
        Assert.Contains("nested", error);
    }

    [Fact]
    public void Loops_nested_as_deep_as_a_real_design_are_still_read()
    {
        string path = _cli.PathOf("csynth.xml");
        File.WriteAllText(path, NestedLoops(20));
        var (code, output, error) = RunGuarded("hls", "report", "--from", path, "--format", "csv");
        Assert.True(code == 0, error);
        Assert.Contains(",L19,", output);
    }

    /// <summary>Long lines that made the define regex backtrack (each is one line of the header).</summary>
    [Theory]
    [InlineData("repeated bundle", 20_000)]
    [InlineData("underscores", 200_000)]
    [InlineData("no value", 20_000)]
    [InlineData("spaces", 200_000)]
    public void A_long_define_line_ends_in_bounded_time(string shape, int count)
    {
        string line = shape switch
        {
            "repeated bundle" => "#define X" + string.Concat(Enumerable.Repeat("A_CTRL_ADDR_", count)) + "B_DATA 0x10!",
            "underscores" => "#define X" + new string('_', count) + "CTRL_ADDR_B_DATA 0x10",
            "no value" => "#define XA_CTRL_ADDR_" + string.Concat(Enumerable.Repeat("B_DATA", count)) + " 0x",
            _ => "#define XA_CTRL_ADDR_B_DATA" + new string(' ', count) + "0x10" + new string(' ', count) + "!",
        };
        string path = _cli.PathOf("x_hw.h");
        File.WriteAllText(path, File.ReadAllText(HeaderFixture) + line + "\n");
        var (code, _, error) = RunGuarded("board", "map", "--from", path);
        Assert.True(code == 3, error);
        Assert.Contains("x_hw.h", error);
    }

    [Theory]
    [InlineData("010", "octal")]
    [InlineData("0x", "not a number")]
    public void A_define_value_C_reads_otherwise_is_refused(string value, string message)
    {
        string[] lines = File.ReadAllLines(HeaderFixture).Select(l =>
            l.StartsWith("#define XEDQAACCELERATOR_CTRL_ADDR_OP_V_DATA", StringComparison.Ordinal)
                ? $"#define XEDQAACCELERATOR_CTRL_ADDR_OP_V_DATA {value}"
                : l).ToArray();
        string path = _cli.PathOf("x_hw.h");
        File.WriteAllLines(path, lines);
        var (code, _, error) = RunGuarded("board", "map", "--from", path);
        Assert.True(code == 3, error);
        Assert.Contains(message, error);
    }

    [Fact]
    public void The_header_with_CRLF_lines_gives_the_same_map()
    {
        string crlf = _cli.PathOf("crlf_hw.h");
        File.WriteAllText(crlf, File.ReadAllText(HeaderFixture).ReplaceLineEndings("\r\n"));
        var lf = RunGuarded("board", "map", "--from", HeaderFixture);
        var dos = RunGuarded("board", "map", "--from", crlf);
        Assert.True(lf.Code == 0 && dos.Code == 0, lf.Error + dos.Error);
        Assert.Equal(lf.Out.Replace("xedqaaccelerator_hw.h", "crlf_hw.h", StringComparison.Ordinal), dos.Out);
    }
}
