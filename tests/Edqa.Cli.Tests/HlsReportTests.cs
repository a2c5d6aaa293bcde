using System.Text.Json;

namespace Edqa.Cli.Tests;

/// <summary>
/// <c>edqa hls report</c> on a csynth.xml fixture written to Vivado HLS 2019.2's schema (tests/fixtures/hls): loops
/// matched to hw/edqa_schedule.h by label (a prefixed name and a pipelined loop inside a row's nest too), every
/// disagreement and a missed clock failing --check, resources read, malformed reports refused by name.
/// </summary>
[Collection(CliRunner.Name)]
public sealed class HlsReportTests : IDisposable
{
    private static readonly string Fixture =
        Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "fixtures", "hls", "EdqaAccelerator_csynth.xml");
    private readonly CliRunner _cli = new();

    private string Variant(Func<string, string> change)
    {
        string path = _cli.PathOf("csynth.xml");
        File.WriteAllText(path, change(File.ReadAllText(Fixture)));
        return path;
    }

    private static string RemoveLoop(string xml, string name)
    {
        int start = xml.IndexOf($"<{name}>", StringComparison.Ordinal);
        int end = xml.IndexOf($"</{name}>", StringComparison.Ordinal) + name.Length + 3;
        return xml.Remove(start, end - start);
    }

    [Fact]
    public void Loops_are_held_to_their_schedule_rows_and_disagreements_fail_the_check()
    {
        var (code, output, error) = _cli.Run("hls", "report", "--from", Fixture, "--check", "--format", "json");
        Assert.True(code == 1, error);
        using JsonDocument json = JsonDocument.Parse(output);
        var verdicts = json.RootElement.GetProperty("loops").GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("loop").GetString()!,
                r => (Verdict: r.GetProperty("verdict").GetString()!, Row: r.GetProperty("schedule_row")));
        Assert.Equal("agrees", verdicts["QUANTIZE"].Verdict);
        Assert.Equal("agrees", verdicts["SHIFT"].Verdict);
        Assert.Equal("SORT_INSERT", verdicts["SHIFT"].Row.GetString());
        Assert.StartsWith("a loop nest", verdicts["SORT_INSERT"].Verdict);
        Assert.StartsWith("II differs", verdicts["MERGE_TREE"].Verdict);
        Assert.StartsWith("depth differs", verdicts["run_DECODE"].Verdict);
        Assert.Equal("DECODE", verdicts["run_DECODE"].Row.GetString());
        Assert.StartsWith("no schedule row", verdicts["DRAIN_PIPELINE"].Verdict);

        JsonElement resources = json.RootElement.GetProperty("resources").GetProperty("rows")[0];
        Assert.Equal(18, resources.GetProperty("bram_18k").GetInt32());
        Assert.Equal(6, resources.GetProperty("dsp48e").GetInt32());
        Assert.Equal(12480, resources.GetProperty("lut").GetInt32());
        Assert.Equal(4.375, resources.GetProperty("estimated_clock_ns").GetDouble());

        // Without --check the same report is only shown.
        Assert.Equal(0, _cli.Run("hls", "report", "--from", Fixture).Code);
    }

    [Fact]
    public void A_report_that_agrees_passes_and_a_missed_clock_fails()
    {
        string agreeing = Variant(xml => RemoveLoop(RemoveLoop(xml, "MERGE_TREE"), "run_DECODE"));
        var (code, _, error) = _cli.Run("hls", "report", "--from", agreeing, "--check");
        Assert.True(code == 0, error);

        string slow = Variant(xml => RemoveLoop(RemoveLoop(xml, "MERGE_TREE"), "run_DECODE")
            .Replace("<EstimatedClockPeriod>4.375", "<EstimatedClockPeriod>5.213", StringComparison.Ordinal));
        Assert.Equal(1, _cli.Run("hls", "report", "--from", slow, "--check").Code);
    }

    [Theory]
    [InlineData("not xml", "not XML")]
    [InlineData("<!DOCTYPE profile [<!ENTITY a \"aaaa\">]><profile>&a;</profile>", "not XML")]
    [InlineData("<report/>", "not <profile>")]
    [InlineData("AREA", "has no <AreaEstimates>")]
    [InlineData("LUT", "<LUT> is 'many'")]
    public void Malformed_reports_are_refused_by_name(string damage, string message)
    {
        string path = Variant(xml => damage switch
        {
            "AREA" => xml.Replace("AreaEstimates>", "Area>", StringComparison.Ordinal),
            "LUT" => xml.Replace("<LUT>12480</LUT>", "<LUT>many</LUT>", StringComparison.Ordinal),
            _ => damage,
        });
        var (code, _, error) = _cli.Run("hls", "report", "--from", path);
        Assert.Equal(3, code);
        Assert.Contains(message, error);
        Assert.Contains("csynth.xml", error);
    }

    public void Dispose() => _cli.Dispose();
}
