using System.Text.Json;

namespace Edqa.Cli.Tests;

/// <summary>Issue 25 §4: <c>edqa trace</c> on the shipped CNN, its JSON read by a standard parser, its metrics as
/// quantization says they must be.</summary>
[Collection(CliRunner.Name)]
public sealed class TraceTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public void Trace_measures_every_point_against_the_float_network()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string[] trace =
        [
            "trace", "--model", Path.Combine(root, "models", "cnn.bin"), "--rank",
            Path.Combine(root, "models", "cnn-rank.json"), "--test-images", "16", "--format", "json",
        ];
        var three = _cli.Run([.. trace, "-n", "3", "--plot", _cli.PathOf("snr.png")]);
        Assert.True(three.Code == 0, three.Error + three.Out);
        var five = _cli.Run([.. trace, "-n", "5"]);
        Assert.True(five.Code == 0, five.Error + five.Out);
        var direct = _cli.Run([.. trace, "-n", "3", "--method", "direct"]);
        Assert.True(direct.Code == 0, direct.Error + direct.Out);
        // Direct reads no ranking: a rank file that is not there stops eDQA (exit 3) but not Direct.
        string[] noRank = [.. trace.Select(a => a.EndsWith("cnn-rank.json", StringComparison.Ordinal)
            ? _cli.PathOf("none.json") : a)];
        var directWithout = _cli.Run([.. noRank, "-n", "3", "--method", "direct"]);
        Assert.True(directWithout.Code == 0, directWithout.Error + directWithout.Out);
        Assert.Equal(JsonValueKind.Null,
            JsonDocument.Parse(directWithout.Out).RootElement.GetProperty("rank").ValueKind);
        Assert.Equal(3, _cli.Run([.. noRank, "-n", "3"]).Code);
        Assert.True(new FileInfo(_cli.PathOf("snr.png")).Length > 1000);

        using var n3 = JsonDocument.Parse(three.Out);
        using var n5 = JsonDocument.Parse(five.Out);
        using var plain = JsonDocument.Parse(direct.Out);
        Assert.Equal(3, n3.RootElement.GetProperty("bits").GetInt32());
        Assert.Equal(16, n3.RootElement.GetProperty("test_images").GetInt32());
        JsonElement[] points3 = Rows(n3, "points");
        JsonElement[] points5 = Rows(n5, "points");
        JsonElement[] pointsDirect = Rows(plain, "points");
        Assert.Equal(["relu1", "relu2", "relu3", "relu4"], points3.Select(p => p.GetProperty("point").GetString()));
        for (int p = 0; p < points3.Length; p++)
        {
            double snr3 = points3[p].GetProperty("snr_db").GetDouble();
            Assert.True(double.IsFinite(snr3) && snr3 > 0, $"point {p}: SNR {snr3}");
            Assert.True(points5[p].GetProperty("snr_db").GetDouble() > snr3 + 6, $"point {p}: N=5 not above N=3");
            // eDQA keeps its important channels at N+m: no worse than Direct at the same N, point by point.
            Assert.True(points3[p].GetProperty("own_snr_db").GetDouble()
                > pointsDirect[p].GetProperty("own_snr_db").GetDouble());
            double mse = points3[p].GetProperty("mse").GetDouble();
            double max = points3[p].GetProperty("max_abs_error").GetDouble();
            Assert.True(mse > 0 && mse <= max * max, $"point {p}: MSE {mse}, max error {max}");
            // On the signed grid a group's largest value, M, lands on 2^(N-1) (or 2^(N+m-1)) and is clamped: every
            // point clips something, and far from everything.
            double clipped = points3[p].GetProperty("clipped_percent").GetDouble();
            Assert.True(clipped is > 0 and < 50, $"point {p}: {clipped}% clipped");
        }

        // The first point sees the float input: its error is its own.
        Assert.Equal(points3[0].GetProperty("snr_db").GetDouble(), points3[0].GetProperty("own_snr_db").GetDouble(),
            9);
        // Errors accumulate: the last point is further from float32 than its own quantizer alone makes it.
        Assert.True(points3[^1].GetProperty("snr_db").GetDouble() < points3[^1].GetProperty("own_snr_db").GetDouble());

        // One row per important channel, each at N+m far above the point's direct channels.
        JsonElement[] channels = Rows(n3, "channels");
        Assert.Equal(points3.Sum(p => p.GetProperty("important").GetInt32()), channels.Length);
        double relu1 = points3[0].GetProperty("own_snr_db").GetDouble();
        Assert.All(channels.Where(c => c.GetProperty("point").GetString() == "relu1"),
            c => Assert.True(c.GetProperty("own_snr_db").GetDouble() > relu1));
        Assert.Empty(Rows(plain, "channels"));

        // Bad options are refused before any work: a figure with nowhere to go is exit 3, a count out of range 2.
        var nowhere = _cli.Run([.. trace, "--plot", Path.Combine(_cli.PathOf("missing"), "snr.png")]);
        Assert.Equal(3, nowhere.Code);
        Assert.Contains("no such folder", nowhere.Error);
        Assert.DoesNotContain("progress", nowhere.Error);
        Assert.Equal(2, _cli.Run([.. trace, "--test-images", "0"]).Code);
    }

    public void Dispose() => _cli.Dispose();

    private static JsonElement[] Rows(JsonDocument document, string table) =>
        document.RootElement.GetProperty(table).GetProperty("rows").EnumerateArray().ToArray();
}
