using System.Diagnostics;
using Edqa.Core.Io;

namespace Edqa.Cli.Tests;

/// <summary>
/// Issue 26, item 11: inputs that never end (/dev/zero, a FIFO nobody writes) or are far larger than any real one
/// are refused with exit 3 naming the path, before they are read: no read until memory runs out, no hang. The time
/// limit only guards against a hang.
/// </summary>
[Collection(CliRunner.Name)]
public sealed class BoundedInputTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly CliRunner _cli = new();

    public BoundedInputTests()
    {
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 3, 4], new float[24]));
        var fifo = Process.Start("mkfifo", [_cli.PathOf("fifo")]);
        fifo.WaitForExit();
        Assert.Equal(0, fifo.ExitCode);
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>Every command line that reads the input <c>IN</c> whole (the job stream, .npy, rank file, .edqa,
    /// --from, --config): 13 command lines, each tried with /dev/zero, a FIFO and a directory (39 runs).</summary>
    public static TheoryData<string> CommandLines() =>
    [
        "jobs inspect IN",
        "jobs check IN",
        "jobs check JOBS --results IN",
        "quantize -i IN -n 3 -m 3 --important 0 -o OUT",
        "quantize -i X -n 3 -m 3 --ratio 0.5 --rank IN -o OUT",
        "inspect IN",
        "dequantize -i IN -o OUT",
        "hls report --from IN",
        "board map --from IN",
        "verify -i IN -n 3 -m 3 --important 0",
        "run --model MODEL --rank IN --skip-accuracy",
        "run --model MODEL --rank RANK --config IN --skip-accuracy",
        "run --model IN --rank RANK --skip-accuracy",
    ];

    private string[] Arguments(string line, string input)
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        return line.Split(' ').Select(a => a switch
        {
            "IN" => input,
            "OUT" => _cli.PathOf("out"),
            "X" => _cli.PathOf("x.npy"),
            "JOBS" => Path.Combine(root, "tests", "vectors", "golden.jobs"),
            "MODEL" => Path.Combine(root, "models", "cnn.bin"),
            "RANK" => Path.Combine(root, "models", "cnn-rank.json"),
            _ => a,
        }).ToArray();
    }

    private (int Code, string Out, string Error) RunGuarded(string[] args)
    {
        var run = Task.Run(() => _cli.Run(args));
        Assert.True(run.Wait(HangGuard), $"edqa {string.Join(' ', args)} did not end within {HangGuard}");
        return run.Result;
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Devices_FIFOs_and_directories_are_refused_before_they_are_read(string line)
    {
        foreach (string input in new[] { "/dev/zero", _cli.PathOf("fifo"), _cli.Directory })
        {
            var (code, output, error) = RunGuarded(Arguments(line, input));
            Assert.True(code == 3, $"{line} with {input}: exit {code}: {error}{output}");
            Assert.Contains(input, error);
            Assert.DoesNotContain("internal error", error);
            Assert.False(File.Exists(_cli.PathOf("out")));
        }
    }

    [Theory]
    [InlineData("quantize -i X -n 3 -m 3 --ratio 0.5 --rank IN -o OUT")]
    [InlineData("hls report --from IN")]
    [InlineData("board map --from IN")]
    public void A_text_input_far_larger_than_any_real_one_is_refused_unread(string line)
    {
        // Sparse: 1 GiB of length costs no disk and must cost no memory either.
        string big = _cli.PathOf("big.txt");
        using (var file = new FileStream(big, FileMode.Create))
        {
            file.SetLength(1L << 30);
        }

        var (code, _, error) = RunGuarded(Arguments(line, big));
        Assert.True(code == 3, error);
        Assert.Contains("more than the", error);
        Assert.Contains(big, error);
    }
}
