using Edqa.Core;

namespace Edqa.Cli.Tests;

/// <summary>
/// issue 25, part 1: the shipped defaults (models/cnn.bin, its ranking, docs/resources.json, tests/vectors/real) are
/// found from where the tool is installed, not from the current folder, which here is a temporary folder outside the
/// checkout; EDQA_HOME overrides that, and a default found nowhere is an error naming it (exit 3).
/// </summary>
[Collection(CliRunner.Name)]
public sealed class ShippedDefaultTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public void Run_outside_the_checkout_finds_the_shipped_checkpoint_and_ranking()
    {
        // --config naming an absent file fails right after the checkpoint and its ranking are loaded.
        (int code, _, string error) = InTemporaryFolder(() => _cli.Run("run", "--config", _cli.PathOf("absent.json")));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("absent.json", error);
        Assert.DoesNotContain("cnn.bin", error);
        Assert.DoesNotContain("cnn-rank.json", error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dse_outside_the_checkout_keeps_the_real_activation_layers(bool resourcesGiven)
    {
        string resources = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "docs", "resources.json");
        string[] args = resourcesGiven
            ? ["dse", "--resources", resources, "--layers", "no-such-layer"]
            : ["dse", "--layers", "no-such-layer"];
        // An unknown --layers lists the layers there are, after the resources and the layers are loaded.
        (int code, _, string error) = InTemporaryFolder(() => _cli.Run(args));
        Assert.Equal(ExitCodes.Usage, code);
        for (int relu = 1; relu <= 4; relu++)
        {
            Assert.Contains($"cnn-relu{relu}", error);
        }
    }

    [Fact]
    public void A_default_found_nowhere_is_an_error_naming_it()
    {
        string? home = Environment.GetEnvironmentVariable(ShippedFile.HomeVariable);
        Environment.SetEnvironmentVariable(ShippedFile.HomeVariable, _cli.Directory);
        try
        {
            (int code, _, string error) = InTemporaryFolder(() => _cli.Run("dse", "--layers", "no-such-layer"));
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("docs/resources.json", error);
            Assert.Contains(ShippedFile.HomeVariable, error);

            string resources = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "docs", "resources.json");
            (code, _, error) = InTemporaryFolder(() => _cli.Run("dse", "--resources", resources));
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("tests/vectors/real", error);

            (code, _, error) = InTemporaryFolder(() => _cli.Run("run", "--skip-accuracy"));
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("models/cnn.bin", error);
            Assert.Contains(ShippedFile.HomeVariable, error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ShippedFile.HomeVariable, home);
        }
    }

    /// <summary>Runs <paramref name="action"/> with the current folder set to an empty folder outside the
    /// checkout.</summary>
    private T InTemporaryFolder<T>(Func<T> action)
    {
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Directory.CreateDirectory(_cli.PathOf("elsewhere")).FullName;
        try
        {
            return action();
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    public void Dispose() => _cli.Dispose();
}
