using Edqa.Nn.Models;

namespace Edqa.Cli.Tests;

/// <summary>
/// Issue 26, item 7: a malformed `edqa run --config` file is a bad input (exit 3) with a message naming the file
/// and what is wrong, never an internal error (a FormatException or NullReferenceException reaching the user).
/// </summary>
[Collection(CliRunner.Name)]
public sealed class MalformedConfigTests : IDisposable
{
    private const string Good =
        "{\"format\": \"edqa-tune/1\", \"model\": \"cnn\", \"checkpoint_sha256\": \"SHA\", \"bits\": 3, "
        + "\"budget\": 4, \"points\": [" + Points + "], \"bits_per_activation\": 4, \"validation_accuracy\": 0.9, "
        + "\"uniform_bits_per_activation\": 4, \"uniform_validation_accuracy\": 0.9, \"validation_images\": 64, "
        + "\"seed\": 7}";

    private const string Points =
        "{\"point\": \"relu1\", \"ratio\": 0.4, \"extra_bits\": 3}, {\"point\": \"relu2\", \"ratio\": 0.4, "
        + "\"extra_bits\": 3}, {\"point\": \"relu3\", \"ratio\": 0.4, \"extra_bits\": 3}, {\"point\": \"relu4\", "
        + "\"ratio\": 0.4, \"extra_bits\": 3}";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>21 malformed files: what each one breaks, and a word the message must contain.</summary>
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>
        {
            { "not JSON", "this is not JSON", "not a tune file" },
            { "empty", "", "not a tune file" },
            { "a JSON array", "[1, 2]", "not a tune file" },
            { "JSON null", "null", "not an edqa-tune/1 file" },
            { "a number", "42", "not a tune file" },
            { "wrong tag", Good.Replace("edqa-tune/1", "edqa-tune/2"), "not an edqa-tune/1 file" },
            { "no tag", Good.Replace("\"format\": \"edqa-tune/1\", ", ""), "not an edqa-tune/1 file" },
            { "N = 0", Good.Replace("\"bits\": 3", "\"bits\": 0"), "N" },
            { "N = 9", Good.Replace("\"bits\": 3", "\"bits\": 9"), "N" },
            { "N = -1", Good.Replace("\"bits\": 3", "\"bits\": -1"), "N" },
            { "N a string", Good.Replace("\"bits\": 3", "\"bits\": \"3\""), "not a tune file" },
            { "r above 1", Good.Replace("\"ratio\": 0.4, \"extra_bits\": 3}, {\"point\": \"relu2\"",
                "\"ratio\": 1.5, \"extra_bits\": 3}, {\"point\": \"relu2\""), "relu1" },
            { "r below 0", Good.Replace("\"ratio\": 0.4, \"extra_bits\": 3}, {\"point\": \"relu2\"",
                "\"ratio\": -0.1, \"extra_bits\": 3}, {\"point\": \"relu2\""), "relu1" },
            { "m = 0", Good.Replace("\"ratio\": 0.4, \"extra_bits\": 3}, {\"point\": \"relu2\"",
                "\"ratio\": 0.4, \"extra_bits\": 0}, {\"point\": \"relu2\""), "relu1" },
            { "m above the spec", Good.Replace("\"ratio\": 0.4, \"extra_bits\": 3}, {\"point\": \"relu2\"",
                "\"ratio\": 0.4, \"extra_bits\": 99}, {\"point\": \"relu2\""), "relu1" },
            { "a missing point", Good.Replace(", {\"point\": \"relu4\", \"ratio\": 0.4, \"extra_bits\": 3}", ""),
                "relu4" },
            { "a null point", Good.Replace($"[{Points}]", "[null]"), "point 1" },
            { "a point without a name", Good.Replace("\"point\": \"relu1\", ", ""), "point 1" },
            { "points null", Good.Replace($"[{Points}]", "null"), "not an edqa-tune/1 file" },
            { "points not an array", Good.Replace($"[{Points}]", "{}"), "not a tune file" },
            { "no checkpoint", Good.Replace("\"checkpoint_sha256\": \"SHA\", ", ""), "not an edqa-tune/1 file" },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_malformed_config_exits_3_naming_the_file(string what, string text, string expected)
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string model = Path.Combine(root, "models", "cnn.bin");
        string rank = Path.Combine(root, "models", "cnn-rank.json");
        string config = _cli.PathOf("config.json");
        File.WriteAllText(config,
            text.Replace("\"SHA\"", $"\"{ModelProvenance.Sha256Of(model)}\"", StringComparison.Ordinal));

        var (code, output, error) = _cli.Run("run", "--model", model, "--rank", rank, "--config", config,
            "--skip-accuracy");

        Assert.True(code == 3, $"{what}: exit {code}: {error}{output}");
        Assert.DoesNotContain("internal error", error);
        Assert.StartsWith("edqa: ", error);
        Assert.Contains(config, error);
        Assert.Contains(expected, error);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void The_good_config_of_these_tests_is_taken()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string model = Path.Combine(root, "models", "cnn.bin");
        string config = _cli.PathOf("config.json");
        File.WriteAllText(config,
            Good.Replace("\"SHA\"", $"\"{ModelProvenance.Sha256Of(model)}\"", StringComparison.Ordinal));
        var (code, output, error) = _cli.Run("run", "--model", model, "--rank",
            Path.Combine(root, "models", "cnn-rank.json"), "--config", config, "--skip-accuracy");
        Assert.True(code == 0, error + output);
    }
}
