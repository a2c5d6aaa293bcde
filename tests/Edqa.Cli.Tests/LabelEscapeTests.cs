using Edqa.Core.Jobs;

namespace Edqa.Cli.Tests;

/// <summary>
/// Issue 26, item 10 (the C# part): a job's label comes from a file and must not reach the terminal raw: escape
/// sequences would set the title, clear the screen or forge a line of output. `edqa jobs inspect` (every format)
/// and `edqa jobs check`'s DIFFERENCE line show control characters as visible escapes.
/// </summary>
[Collection(CliRunner.Name)]
public sealed class LabelEscapeTests : IDisposable
{
    /// <summary>Six hostile labels: OSC title, clear screen, a forged line, C1 CSI, a bidi override, a line
    /// separator.</summary>
    private static readonly string[] Labels =
    [
        "a\u001b]0;owned\u0007b", "c\u001b[2J\u001b[Hd", "e\r\nbit-exact: forged", "f\u009b31mg", "h\u202Ei",
        "j\u2028k",
    ];

    private static readonly System.Buffers.SearchValues<char> Unprintable = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Where(c => char.IsControl((char)c) && c != '\n').Select(c => (char)c),
            '\u202E', '\u2028']);

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string HostileStream()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        IReadOnlyList<AcceleratorJob> jobs = JobStream.Read(Path.Combine(root, "tests", "vectors", "golden.jobs"));
        Assert.True(jobs.Count >= Labels.Length);
        string path = _cli.PathOf("hostile.jobs");
        File.WriteAllBytes(path, JobStream.ToBytes(jobs.Select((j, i) =>
            i < Labels.Length ? j with { Label = Labels[i] } : j).ToList()));
        return path;
    }

    private static void AssertPrintable(string output)
    {
        int bad = output.AsSpan().IndexOfAny(Unprintable);
        Assert.True(bad < 0, bad < 0 ? null : $"U+{(int)output[bad]:X4} reached the output: {output}");
        Assert.DoesNotContain("\nbit-exact: forged", output);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("csv")]
    [InlineData("markdown")]
    [InlineData("json")]
    public void Inspect_shows_control_characters_in_labels_escaped(string format)
    {
        var (code, output, error) = _cli.Run("jobs", "inspect", HostileStream(), "--format", format);
        Assert.True(code == 0, error);
        AssertPrintable(output);
        Assert.Contains(@"x1B]0;owned", output);
    }

    [Fact]
    public void Check_shows_the_label_of_the_difference_escaped()
    {
        string jobsPath = HostileStream();
        IReadOnlyList<AcceleratorJob> jobs = JobStream.Read(jobsPath);
        IReadOnlyList<JobResult> golden = GoldenJobRunner.Reference.Run(jobs);
        for (int job = 0; job < Labels.Length; job++)
        {
            // One output word of this job differs: the DIFFERENCE line names the job by its label.
            int record = golden[job].Records.ToList().FindIndex(r => r.Output.Length > 0);
            Assert.True(record >= 0);
            uint[] output = [.. golden[job].Records[record].Output];
            output[0] ^= 1;
            var records = golden[job].Records.ToList();
            records[record] = records[record] with { Output = output };
            var results = golden.ToList();
            results[job] = golden[job] with { Records = records };
            string resultsPath = _cli.PathOf("hostile.results");
            File.WriteAllBytes(resultsPath, ResultStream.ToBytes(results));

            var (code, printed, error) = _cli.Run("jobs", "check", jobsPath, "--results", resultsPath);
            Assert.True(code == 1, error + printed);
            Assert.Contains($"job {job} (", printed);
            AssertPrintable(printed + error);
        }
    }
}
