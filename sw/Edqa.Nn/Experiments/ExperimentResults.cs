using System.Text.Json;
using System.Text.Json.Serialization;
using Edqa.Nn.Quantization;

namespace Edqa.Nn.Experiments;

/// <summary>One row of a table: a method at one setting, its accuracy in every run (each with its own calibration
/// subset); RankBits is the N its channel ranking was computed for (rows that take one; null for the others and for
/// files that predate it, which ranked at N = 3); Grid the grid it quantized on (<see cref="GridSetting.Label"/>,
/// rows of methods that take one; null for the others and in files that predate it, which are signed).</summary>
public sealed record AccuracyRow(string Method, int Bits, int ExtraBits, double Ratio, double[] Accuracies,
    int? RankBits = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Grid = null)
{
    /// <summary>The row's grid, "signed" where the file predates grids.</summary>
    [JsonIgnore]
    public string GridLabel => Grid ?? GridSetting.Signed.Label;

    /// <summary>Whether the row quantized on anything but the paper's signed grid.</summary>
    [JsonIgnore]
    public bool IsUnsigned => GridLabel != GridSetting.Signed.Label;

    public double Mean => Accuracies.Average();

    public double StandardDeviation => SampleStandardDeviation(Accuracies);

    /// <summary>The sample standard deviation (n - 1) of the runs' accuracies; 0 for fewer than two runs.</summary>
    public static double SampleStandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        double mean = values.Average();
        return Math.Sqrt(values.Sum(value => (value - mean) * (value - mean)) / (values.Count - 1));
    }
}

/// <summary>Where a result came from: the checkpoint's content (not its name), the base seed of the runs, the command
/// line, and the commit of the code that ran it (null when not run from a git checkout); a note where one is due;
/// and, for a file that merged new rows over older ones, the provenance of those older runs (their rows that were
/// not rerun are still in the file), oldest first. TestImages is set when the accuracies were measured on the first
/// TestImages test images only (eval or sweep --test-images); absent, the whole test set.</summary>
public sealed record ResultProvenance(
    string CheckpointSha256, int BaseSeed, string Command, string? Commit, string? Note = null,
    ResultProvenance[]? Earlier = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TestImages = null)
{
    /// <summary>This run's provenance over <paramref name="previous"/>'s: the older runs keep their place.</summary>
    public ResultProvenance Over(ResultProvenance? previous) =>
        previous is null ? this : this with { Earlier = [.. previous.Earlier ?? [], previous with { Earlier = null }] };
}

/// <summary>A set of accuracy rows with how they were made (and, when DQSS or ADQ ran, what each search chose and
/// each fine-tune allocated). A shard's partial file (<see cref="Shard"/> set) holds NaN for the units of the other
/// shards; <see cref="MergeShards"/> makes the whole file of them.</summary>
public sealed record AccuracyResults(
    string Experiment, string Model, string Checkpoint, double Float32Accuracy, int Runs, int CalibrationSize,
    string Granularity, int BatchSize, double Seconds, AccuracyRow[] Rows,
    DqssSearchResult[]? DqssSearches = null, AdqRecord[]? AdqFineTunes = null, ResultProvenance? Provenance = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Shard? Shard = null)
{
    /// <summary>The unsharded result of every shard's partial file: each row's value in each run from the one shard
    /// that computed it, the searches and fine-tunes of all, the seconds summed. Throws <see cref="ArgumentException"/>
    /// naming the problem when the parts are not the K shards of one experiment, each once.</summary>
    public static AccuracyResults MergeShards(IReadOnlyList<AccuracyResults> parts)
    {
        if (parts.Count == 0 || parts.Any(p => p.Shard is null))
        {
            throw new ArgumentException("merge takes shard result files only (each written with --shard I/K)");
        }

        AccuracyResults first = parts[0];
        int count = first.Shard!.Count;
        int[] indices = parts.Select(p => p.Shard!.Index).Order().ToArray();
        if (parts.Any(p => p.Shard!.Count != count) || !indices.SequenceEqual(Enumerable.Range(0, count)))
        {
            throw new ArgumentException(
                $"the parts are shards {string.Join(", ", parts.Select(p => $"{p.Shard!.Index}/{p.Shard.Count}"))}; "
                + $"merge needs each of 0/{count} .. {count - 1}/{count} once");
        }

        foreach (AccuracyResults part in parts)
        {
            bool sameRows = part.Rows.Select(r => (r.Method, r.Bits, r.ExtraBits, r.Ratio, r.RankBits, r.Grid))
                .SequenceEqual(first.Rows.Select(r => (r.Method, r.Bits, r.ExtraBits, r.Ratio, r.RankBits, r.Grid)));
            if (!part.SameExperimentAs(first) || !sameRows || part.Experiment != first.Experiment
                || part.Provenance?.Command != first.Provenance?.Command)
            {
                throw new ArgumentException(
                    $"shard {part.Shard!.Index}/{count} is of another experiment (checkpoint, settings, rows or "
                    + $"command differ)");
            }
        }

        var rows = first.Rows.Select((row, i) =>
        {
            var accuracies = new double[first.Runs];
            for (int run = 0; run < first.Runs; run++)
            {
                double[] values = parts.Select(p => p.Rows[i].Accuracies[run]).Where(v => !double.IsNaN(v)).ToArray();
                accuracies[run] = values.Length == 1 ? values[0]
                    : throw new ArgumentException(
                        $"{row.Method} N = {row.Bits}, run {run + 1}: {values.Length} shards hold a value; "
                        + $"exactly one must");
            }

            return row with { Accuracies = accuracies };
        }).ToArray();
        DqssSearchResult[] searches =
            parts.SelectMany(p => p.DqssSearches ?? []).OrderBy(s => s.Seed).ThenBy(s => s.Bits).ToArray();
        AdqRecord[] fineTunes =
            parts.SelectMany(p => p.AdqFineTunes ?? []).OrderBy(f => f.Seed).ThenBy(f => f.Bits).ToArray();
        return first with
        {
            Rows = rows, Seconds = parts.Sum(p => p.Seconds), DqssSearches = searches.Length == 0 ? null : searches,
            AdqFineTunes = fineTunes.Length == 0 ? null : fineTunes, Shard = null,
        };
    }

    /// <summary>These rows laid over <paramref name="previous"/>'s (same experiment, model, checkpoint, runs,
    /// calibration size, scales and batch): rows of a method, N and grid run now replace the old ones, the others
    /// stay (an unsigned row stands beside the signed one).
    /// Lets <c>edqa eval --methods</c> add methods to a table without re-running it; an incompatible or missing
    /// previous result is replaced.</summary>
    public AccuracyResults MergeOver(AccuracyResults? previous)
    {
        if (previous is null || !SameExperimentAs(previous))
        {
            return this;
        }

        var ran = Rows.Select(r => (r.Method, r.Bits, r.GridLabel)).ToHashSet();
        AccuracyRow[] rows = previous.Rows.Where(r => !ran.Contains((r.Method, r.Bits, r.GridLabel))).Concat(Rows)
            .OrderBy(r => Methods.Names.ToList().IndexOf(r.Method)).ThenBy(r => r.Bits).ThenBy(r => r.ExtraBits)
                .ThenBy(r => r.Ratio).ThenBy(r => r.IsUnsigned).ToArray();
        // The provenance is this run's, with the earlier runs whose rows stay (checkpoint and settings are the same).
        return this with
        {
            Rows = rows, Seconds = previous.Seconds + Seconds,
            DqssSearches = OverByRun(DqssSearches, previous.DqssSearches, d => (d.Seed, d.Bits)),
            AdqFineTunes = OverByRun(AdqFineTunes, previous.AdqFineTunes, f => (f.Seed, f.Bits)),
            Provenance = Provenance?.Over(previous.Provenance) ?? previous.Provenance,
        };
    }

    /// <summary>The searches or fine-tunes of this run, and the previous ones of every (seed, N) not run again: the
    /// rows that stay keep the records they came from.</summary>
    private static T[]? OverByRun<T>(T[]? now, T[]? previous, Func<T, (int Seed, int Bits)> key)
    {
        var ran = (now ?? []).Select(key).ToHashSet();
        T[] merged = (previous ?? []).Where(p => !ran.Contains(key(p))).Concat(now ?? []).OrderBy(r => key(r).Seed)
            .ThenBy(r => key(r).Bits).ToArray();
        return merged.Length == 0 ? null : merged;
    }

    /// <summary>The test images of a subset run (<see cref="ResultProvenance.TestImages"/>); null: the whole test
    /// set.</summary>
    [JsonIgnore]
    public int? TestImages => Provenance?.TestImages;

    /// <summary>Whether rows of <paramref name="other"/> can stand in one table with these: same experiment, model,
    /// checkpoint (by content where both know it), base seed, runs, calibration size, scales, batch and test images
    /// (a file without provenance predates test subsets: the whole test set).</summary>
    public bool SameExperimentAs(AccuracyResults other) =>
        (other.Experiment, other.Model, other.Checkpoint, other.Runs, other.CalibrationSize, other.Granularity,
            other.BatchSize)
        == (Experiment, Model, Checkpoint, Runs, CalibrationSize, Granularity, BatchSize)
        && other.TestImages == TestImages
        && (other.Provenance is null || Provenance is null
            || (other.Provenance.CheckpointSha256, other.Provenance.BaseSeed) == (Provenance.CheckpointSha256,
                Provenance.BaseSeed));
}

/// <summary>Histogram of shifting errors at one N (m fixed), summed over every important record of the test
/// set.</summary>
public sealed record ErrorHistogram(int Bits, int ExtraBits, long[] Counts);

/// <summary>One compressor on the real shifting errors: bits out per error, ratio against m raw bits, time per
/// batch.</summary>
public sealed record CompressionRow(string Method, long InputErrors, long CompressedBits, double Ratio,
    double MillisecondsPerBatch);

/// <summary>Bits per activation of the quantized network's activations (all points, the whole test set).</summary>
public sealed record MemoryRow(int Bits, int ExtraBits, double Ratio, double DirectBits, double EdqaBits,
    double WideBits);

/// <summary>One coding of the important records (docs/spec.md §4.2) on the real activations: bits per activation of
/// the whole layer files' contents (codes, coding words, codebooks, payloads, the static code) and how many
/// important records took each mode.</summary>
public sealed record ModeRow(string Coding, double BitsPerActivation, long AdaptiveRecords, long StaticRecords,
    long RawRecords);

/// <summary>The record modes at one N: each coding, the raw errors and the per-record entropy bound, in bits per
/// activation; the static codes computed from <paramref name="CalibrationImages"/> calibration images.</summary>
public sealed record ModeStudy(int Bits, int ExtraBits, int CalibrationImages, ModeRow[] Codings, double RawBits,
    double EntropyBoundBits);

/// <summary>The shifting-error study: histograms (Figure 2), compression (Table 1), memory and the record
/// modes.</summary>
public sealed record ErrorStudyResults(string Model, string Checkpoint, int Batches, ErrorHistogram[] Histograms,
    CompressionRow[] Compression, double EntropyBoundBits, MemoryRow[] Memory, double Seconds,
    ResultProvenance? Provenance = null, ModeStudy? Modes = null);

public static class ResultFiles
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Write<T>(string path, T value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Core.Io.OutputFile.WriteAllBytes(path,
            System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Options)));
    }

    public static T? Read<T>(string path) where T : class =>
        File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) : null;
}
