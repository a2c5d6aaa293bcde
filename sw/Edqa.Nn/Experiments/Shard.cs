using System.Globalization;

namespace Edqa.Nn.Experiments;

/// <summary>
/// One deterministic slice of an experiment, for cluster schedulers' job arrays: shard <see cref="Index"/> of
/// <see cref="Count"/> (0-based) runs the work units whose position in the unsharded order is Index modulo Count. A
/// work unit is a row in one run, or a row whose value is the same in every run (float32, Direct and PoT with
/// dynamic scales) in all of them at once, so no shard recomputes another's work.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole experiment, unsharded.</summary>
    public static Shard All { get; } = new(0, 1);

    public bool IsAll => Count == 1;

    public bool Owns(int unit) => unit % Count == Index;

    /// <summary>The result file's name for this shard: results/cnn-table2.json becomes
    /// cnn-table2.shard-1-of-4.json.</summary>
    public string FileName(string unsharded) =>
        IsAll ? unsharded : Path.ChangeExtension(unsharded, null) + $".shard-{Index}-of-{Count}.json";

    /// <summary>"I/K" from --shard; else a Slurm array task (SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN, of
    /// SLURM_ARRAY_TASK_COUNT); else a Kubernetes Indexed Job's JOB_COMPLETION_INDEX of EDQA_SHARDS; else the whole.
    /// A malformed value is an <see cref="ArgumentException"/> naming where it came from.</summary>
    public static Shard Resolve(string? option, Func<string, string?> environment)
    {
        if (option is not null)
        {
            string[] parts = option.Split('/');
            return parts.Length == 2
                ? Parse(parts[0], parts[1], "--shard")
                : throw new ArgumentException($"--shard '{option}' is not I/K (0 <= I < K)");
        }

        if (environment("SLURM_ARRAY_TASK_ID") is { } task)
        {
            string count = environment("SLURM_ARRAY_TASK_COUNT")
                ?? throw new ArgumentException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not");
            int first = environment("SLURM_ARRAY_TASK_MIN") is { } min ? Number(min, "SLURM_ARRAY_TASK_MIN") : 0;
            return Parse((Number(task, "SLURM_ARRAY_TASK_ID") - first).ToString(CultureInfo.InvariantCulture), count,
                "SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT");
        }

        if (environment("JOB_COMPLETION_INDEX") is { } index)
        {
            string count = environment("EDQA_SHARDS")
                ?? throw new ArgumentException(
                    "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but EDQA_SHARDS, the job's "
                    + "completions, is not");
            return Parse(index, count, "JOB_COMPLETION_INDEX of EDQA_SHARDS");
        }

        return All;
    }

    private static Shard Parse(string index, string count, string source)
    {
        int i = Number(index, source);
        int k = Number(count, source);
        return k is >= 1 and <= 10_000 && i >= 0 && i < k
            ? new Shard(i, k)
            : throw new ArgumentException($"{source}: shard {i} of {k} is not 0 <= I < K <= 10000");
    }

    private static int Number(string text, string source) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"{source}: '{text}' is not a number");
}
