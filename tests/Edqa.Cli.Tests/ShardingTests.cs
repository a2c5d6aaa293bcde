using System.Diagnostics;
using System.Text.Json.Nodes;
using Edqa.Nn.Experiments;

namespace Edqa.Cli.Tests;

/// <summary>
/// issue 14, part 5: a sharded eval, K = 2 shards in parallel processes (one by --shard, one by a Slurm array's
/// environment), merged by <c>edqa merge</c>, is the file the unsharded run writes, byte for byte but for timings.
/// Each run works in its own directory with the same relative --results, so the command lines agree. The claim is
/// the merge, not the accuracy: every run measures on the first <see cref="TestImages"/> test images (--test-images).
/// </summary>
public sealed class ShardingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edqa-shards-").FullName;

    [Fact]
    [Trait("Speed", "Slow")]
    public void Two_shards_in_parallel_processes_merge_into_the_unsharded_file()
    {
        string model = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "models", "cnn.bin");
        string[] eval = ["eval", "--model", model, "--runs", "2", "--calibration", "64",
            "--methods", "float32,direct,edqa", "--bits", "3", "--results", "results", "--test-images",
            $"{TestImages}"];
        string whole = Directory.CreateDirectory(Path.Combine(_root, "whole")).FullName;
        string sharded = Directory.CreateDirectory(Path.Combine(_root, "sharded")).FullName;
        Assert.Equal(0, Start(whole, eval, []).WaitForExitCode());

        // The rankings are cached by the first run: the shards read them (their own would be the same, computed again).
        CopyDirectory(Path.Combine(whole, "results", "ranks"), Path.Combine(sharded, "results", "ranks"));
        Process first = Start(sharded, [.. eval, "--shard", "0/2"], []);
        Process second = Start(sharded, eval,
            new() { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "2" });
        Assert.Equal(0, first.WaitForExitCode());
        Assert.Equal(0, second.WaitForExitCode());
        string partial0 = Path.Combine(sharded, "results", "cnn-table2.shard-0-of-2.json");
        string partial1 = Path.Combine(sharded, "results", "cnn-table2.shard-1-of-2.json");
        Assert.False(File.Exists(Path.Combine(sharded, "results", "cnn-table2.json")), "a shard wrote the whole table");
        // Each shard computed some of the units and left the other's NaN, so the merge has to take from both.
        int[] own = [.. new[] { partial0, partial1 }.Select(path => Accuracies(path).Count(a => !double.IsNaN(a)))];
        Assert.All(own, count => Assert.InRange(count, 1, Accuracies(partial0).Length - 1));
        Assert.Equal(Accuracies(partial0).Length, own.Sum());
        Assert.Equal(0, Start(sharded, ["merge", partial0, partial1], []).WaitForExitCode());

        JsonNode expected = WithoutTimings(Path.Combine(whole, "results", "cnn-table2.json"));
        JsonNode merged = WithoutTimings(Path.Combine(sharded, "results", "cnn-table2.json"));
        Assert.Equal(expected.ToJsonString(), merged.ToJsonString());
        Assert.Equal(Commit, (string?)expected["provenance"]!["commit"]);  // EDQA_COMMIT, not the checkout's HEAD
        Assert.Equal(TestImages, (int?)merged["provenance"]!["testImages"]);  // a subset's table says so
        Assert.DoesNotContain(Accuracies(Path.Combine(sharded, "results", "cnn-table2.json")), double.IsNaN);

        // One shard alone, or one twice, is not the whole.
        Assert.NotEqual(0,
            Start(sharded, ["merge", partial0, "--output", Path.Combine(_root, "bad.json")], []).WaitForExitCode());
        Assert.NotEqual(0, Start(sharded, ["merge", partial0, partial0, "--output", Path.Combine(_root, "bad.json")],
            []).WaitForExitCode());
        Assert.False(File.Exists(Path.Combine(_root, "bad.json")));
    }

    [Fact]
    public void The_shard_comes_from_the_option_or_the_schedulers_environment()
    {
        static string? None(string name) => null;
        Assert.Equal(new Nn.Experiments.Shard(2, 5), Nn.Experiments.Shard.Resolve("2/5", None));
        Assert.True(Nn.Experiments.Shard.Resolve(null, None).IsAll);
        var slurm = new Dictionary<string, string>
        {
            ["SLURM_ARRAY_TASK_ID"] = "7", ["SLURM_ARRAY_TASK_MIN"] = "4", ["SLURM_ARRAY_TASK_COUNT"] = "4",
        };
        Assert.Equal(new Nn.Experiments.Shard(3, 4), Nn.Experiments.Shard.Resolve(null, slurm.GetValueOrDefault));
        var kubernetes = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "0", ["EDQA_SHARDS"] = "3" };
        Assert.Equal(new Nn.Experiments.Shard(0, 3), Nn.Experiments.Shard.Resolve(null, kubernetes.GetValueOrDefault));
        Assert.Equal(new Nn.Experiments.Shard(1, 2),
            Nn.Experiments.Shard.Resolve("1/2", kubernetes.GetValueOrDefault));  // the option wins
        foreach (string bad in new[] { "2/2", "-1/2", "1", "a/2", "0/0", "1/2/3" })
        {
            Assert.Throws<ArgumentException>(() => Nn.Experiments.Shard.Resolve(bad, None));
        }

        Assert.Contains("EDQA_SHARDS", Assert.Throws<ArgumentException>(() => Nn.Experiments.Shard.Resolve(null,
            new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" }.GetValueOrDefault)).Message);
        Assert.Contains("SLURM_ARRAY_TASK_COUNT", Assert.Throws<ArgumentException>(() => Nn.Experiments.Shard.Resolve(
            null, new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1" }.GetValueOrDefault)).Message);
        Assert.Equal("cnn-table2.shard-1-of-2.json", new Nn.Experiments.Shard(1, 2).FileName("cnn-table2.json"));
    }

    /// <summary>The test images every eval here measures on: enough that the runs' accuracies differ.</summary>
    private const int TestImages = 500;

    /// <summary>What every process here is told it was built from (result files record EDQA_COMMIT when set).</summary>
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Process Start(string directory, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Path.Combine(Edqa.Tests.NativeBuild.BinDirectory, "edqa"), args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string name in new[]
        {
            "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "JOB_COMPLETION_INDEX",
            "EDQA_SHARDS",
        })
        {
            start.Environment.Remove(name);
        }

        start.Environment["EDQA_COMMIT"] = Commit;
        // One libtorch thread each: two shards at once on a small machine would otherwise spin against each other.
        start.Environment["EDQA_THREADS"] = "1";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>The result file with every wall-clock figure (total seconds; a search's or fine-tune's) set to
    /// 0.</summary>
    private static JsonNode WithoutTimings(string path)
    {
        JsonNode json = JsonNode.Parse(File.ReadAllText(path))!;
        json["seconds"] = 0;
        foreach (string list in new[] { "dqssSearches", "adqFineTunes" })
        {
            foreach (JsonNode? item in json[list] as JsonArray ?? [])
            {
                item!["seconds"] = 0;
            }
        }

        return json;
    }

    /// <summary>Every row's accuracy in every run, in file order (NaN where a shard left another's unit).</summary>
    private static double[] Accuracies(string path) =>
        [.. ResultFiles.Read<AccuracyResults>(path)!.Rows.SelectMany(row => row.Accuracies)];

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}

internal static class ProcessExtensions
{
    /// <summary>Waits (reading both streams, so a full pipe cannot block the child) and returns the exit
    /// code.</summary>
    public static int WaitForExitCode(this Process process)
    {
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"edqa {string.Join(' ', process.StartInfo.ArgumentList)} ran for more than 10 minutes");
        }

        Task.WaitAll(output, error);
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine(
                $"edqa {string.Join(' ', process.StartInfo.ArgumentList)} exited {process.ExitCode}: {error.Result}");
        }

        return process.ExitCode;
    }
}
