using System.Text;
using System.Text.Json;

namespace Edqa.Nn.Experiments;

/// <summary>The checkpoint a result file's numbers came from, as far as the checks need it: by content (null in
/// files from before provenance), by file name (null where the file does not record it), and the test images of a
/// subset run (null: the whole test set).</summary>
public sealed record ResultOrigin(string? CheckpointSha256, string? Checkpoint, int? TestImages)
{
    /// <summary>Whether the numbers came from this checkpoint: by content where the file knows it, else by file
    /// name.</summary>
    public bool IsOf(string checkpointSha256, string checkpointPath) => CheckpointSha256 is not null
        ? string.Equals(CheckpointSha256, checkpointSha256, StringComparison.OrdinalIgnoreCase)
        : Checkpoint == Path.GetFileName(checkpointPath);
}

/// <summary>What a report section sees: the markdown so far, the model, where its figures go (and that directory
/// relative to the markdown), the model's results of every experiment (the thresholds read Table 2's), and the
/// directory they came from (hand-written readings beside them).</summary>
public sealed record ReportSection(
    StringBuilder Text, string Model, string FiguresDirectory, string RelativeFigures,
    IReadOnlyDictionary<Experiment, object> Results, string? ResultsDirectory = null)
{
    public T? ResultOf<T>(Experiment<T> experiment) where T : class => Results.GetValueOrDefault(experiment) as T;
}

/// <summary>
/// One experiment of the study: its name, the result file it keeps per model (and per shard), where the file's
/// numbers came from, and the section of <c>edqa report</c> that shows it. The registry is <see cref="All"/>, in
/// the order the report shows the sections; <see cref="Methods"/> is its model.
/// </summary>
public abstract class Experiment(string name)
{
    public string Name { get; } = name;

    /// <summary>The result file of <paramref name="model"/>: MODEL-NAME.json, or a shard's partial file beside it
    /// (MODEL-NAME.shard-I-of-K.json).</summary>
    public string FileName(string model, Shard? shard = null) => (shard ?? Shard.All).FileName($"{model}-{Name}.json");

    public string PathIn(string directory, string model, Shard? shard = null) =>
        Path.Combine(directory, FileName(model, shard));

    /// <summary>Where the result file at <paramref name="path"/> came from; null when there is none. A file that
    /// is not this experiment's JSON is a <see cref="JsonException"/>.</summary>
    public abstract ResultOrigin? OriginOf(string path);

    /// <summary>The result at <paramref name="path"/> as the report takes it (null when absent); a result of a test
    /// subset is never drawn as a result: an <see cref="InvalidDataException"/>.</summary>
    internal abstract object? ReadReported(string path);

    internal abstract void AppendSection(ReportSection section, object result);

    public override string ToString() => Name;

    /// <summary>Table 2 (<c>edqa eval</c>): a rerun of some methods merges over the rows of the others.</summary>
    public static AccuracyExperiment Table2 { get; } = new("table2", mergesOver: true, ResultsReport.Table2);

    public static Experiment<ThresholdStudyResults> Thresholds { get; } = new(
        "thresholds", ResultFiles.Read<ThresholdStudyResults>, ResultFiles.Write,
        t => new(t.Provenance?.CheckpointSha256, t.Checkpoint, t.Provenance?.TestImages), ResultsReport.Thresholds);

    /// <summary>Figure 3 (<c>edqa sweep</c>): written whole.</summary>
    public static AccuracyExperiment RatioSweep { get; } =
        new("ratio-sweep", mergesOver: false, ResultsReport.RatioSweep);

    /// <summary>Figure 4 (<c>edqa sweep</c>): written whole.</summary>
    public static AccuracyExperiment ExtraBitsSweep { get; } =
        new("extra-bits-sweep", mergesOver: false, ResultsReport.ExtraBitsSweep);

    /// <summary>Figure 2, Table 1, memory and record modes (<c>edqa errors</c>).</summary>
    public static Experiment<ErrorStudyResults> Errors { get; } = new(
        "errors", ResultFiles.Read<ErrorStudyResults>, ResultFiles.Write,
        e => new(e.Provenance?.CheckpointSha256, e.Checkpoint, e.Provenance?.TestImages), ResultsReport.Errors);

    /// <summary>r and m per layer under a budget (<c>edqa tune</c>, which writes where --output says; the report
    /// reads this name).</summary>
    public static Experiment<TuneConfig> Tune { get; } = new(
        "tune", path => File.Exists(path) ? TuneConfig.Read(path) : null,
        (path, config) => Core.Io.OutputFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(config.ToJson())),
        t => new(t.CheckpointSha256, null, null), ResultsReport.Tune);

    /// <summary>Bytes a whole inference moves and accuracy per format (<c>edqa memory</c>, issue 24 §3).</summary>
    public static Experiment<MemoryStudyResults> Memory { get; } = new(
        "memory", ResultFiles.Read<MemoryStudyResults>, ResultFiles.Write,
        m => new(m.Provenance?.CheckpointSha256, m.Checkpoint, m.Provenance?.TestImages), MemoryReport.Section);

    /// <summary>Every experiment, in the order the report shows them.</summary>
    public static IReadOnlyList<Experiment> All { get; } =
        [Table2, Thresholds, RatioSweep, ExtraBitsSweep, Errors, Tune, Memory];

    public static IReadOnlyList<AccuracyExperiment> Accuracy { get; } = [Table2, RatioSweep, ExtraBitsSweep];

    /// <summary>The accuracy experiment of a result file's <see cref="AccuracyResults.Experiment"/>; an unknown name is
    /// an <see cref="ArgumentException"/> listing the names.</summary>
    public static AccuracyExperiment AccuracyNamed(string name) => Accuracy.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"unknown experiment '{name}'; choose from {string.Join(", ", Accuracy)}");
}

/// <summary>An experiment whose result is a <typeparamref name="T"/>, read and written by the given functions.
/// </summary>
public class Experiment<T>(
    string name, Func<string, T?> read, Action<string, T> write, Func<T, ResultOrigin> origin,
    Action<ReportSection, T> appendSection) : Experiment(name)
    where T : class
{
    /// <summary>The result at <paramref name="path"/>, null when there is no file.</summary>
    public T? Read(string path) => read(path);

    /// <summary>Writes <paramref name="result"/> at <paramref name="path"/>, replacing what was there.</summary>
    public void Write(string path, T result) => write(path, result);

    public override ResultOrigin? OriginOf(string path) =>
        !File.Exists(path) ? null : origin(Read(path) ?? throw new JsonException("the file holds no result"));

    internal override object? ReadReported(string path)
    {
        T? result = Read(path);
        return result is null || origin(result).TestImages is not int images ? result
            : throw new InvalidDataException($"{path} was measured on the first {images} test images (--test-images), "
                + "not the test set: rerun it without --test-images, or keep quick runs apart with --results DIR");
    }

    internal override void AppendSection(ReportSection section, object result) => appendSection(section, (T)result);
}

/// <summary>An accuracy experiment (<see cref="AccuracyResults"/>): a table, or a sweep, of methods at settings.
/// </summary>
public sealed class AccuracyExperiment(string name, bool mergesOver, Action<ReportSection, AccuracyResults> section)
    : Experiment<AccuracyResults>(
        name, ResultFiles.Read<AccuracyResults>, ResultFiles.Write,
        r => new(r.Provenance?.CheckpointSha256, r.Checkpoint, r.TestImages), section)
{
    /// <summary>Whether a rerun's rows merge over the file's (<see cref="AccuracyResults.MergeOver"/>) rather than
    /// replace it.</summary>
    public bool MergesOver { get; } = mergesOver;

    /// <summary>Writes a whole result file at <paramref name="path"/>, merged over the rows already there where this
    /// experiment merges; an older file of another setting is kept aside, never dropped silently. Returns the path
    /// it was kept as, or null.</summary>
    public string? WriteWhole(string path, AccuracyResults results)
    {
        AccuracyResults? previous = MergesOver ? Read(path) : null;
        string? kept = null;
        if (previous is not null && !results.SameExperimentAs(previous))
        {
            kept = Path.ChangeExtension(path, $".replaced-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
            File.Move(path, kept);
        }

        Write(path, results.MergeOver(previous));
        return kept;
    }
}
