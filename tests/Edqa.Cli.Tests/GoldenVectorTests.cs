namespace Edqa.Cli.Tests;

/// <summary>The committed golden vectors (tests/vectors) are exactly what the golden model produces today: a
/// change to the numerics that forgets to regenerate them fails here, not silently in the hardware tests.</summary>
[Collection(CliRunner.Name)]
public sealed class GoldenVectorTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public void Committed_vectors_match_a_fresh_generation()
    {
        var (code, _, error) = _cli.Run("golden-vectors", "--output", _cli.Directory,
            "--real", Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "vectors", "real"));
        Assert.True(code == 0, error);
        string committed = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "vectors");
        foreach (string name in
            new[] { "golden.jobs", "golden.results", "layer.npy", "layer.edqa", "layer.dequantized.npy" })
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(committed, name));
            byte[] actual = File.ReadAllBytes(_cli.PathOf(name));
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                $"tests/vectors/{name} is stale: run build/bin/edqa golden-vectors --output tests/vectors");
        }
    }

    public void Dispose() => _cli.Dispose();

}
