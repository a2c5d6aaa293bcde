using Edqa.Core.Io;

namespace Edqa.Cli.Tests;

/// <summary>
/// Issue 26, item 12: an impossible board address is a usage error (exit 2) found before anything runs, not a
/// failed target (exit 5): a port outside [1, 65535], an empty host, and a host ssh would read as an option.
/// </summary>
[Collection(CliRunner.Name)]
public sealed class BoardAddressTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public BoardAddressTests() =>
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 3, 4], new float[24]));

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("--host", "")]
    [InlineData("--host", " ")]
    [InlineData("--host", "-oProxyCommand=touch pwned")]
    [InlineData("--host", "xilinx@pynq extra")]
    [InlineData("--port", "0")]
    [InlineData("--port", "-22")]
    [InlineData("--port", "65536")]
    public void An_impossible_address_is_a_usage_error(string option, string value)
    {
        string[] address = option == "--host" ? ["--host", value] : ["--host", "xilinx@pynq", "--port", value];
        var (code, _, error) = _cli.Run(["board", "run", .. address, "-i", _cli.PathOf("x.npy"), "-n", "3", "-m",
            "3", "--important", "0", "--timeout", "1"]);
        Assert.True(code == 2, error);
        Assert.Contains(option, error);
    }
}
