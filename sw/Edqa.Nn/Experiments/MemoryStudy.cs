using System.Diagnostics;
using Edqa.Core.Container;
using Edqa.Core.Huffman;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Nn.Data;
using Edqa.Nn.Quantization;
using static TorchSharp.torch;

namespace Edqa.Nn.Experiments;

/// <summary>One point's activation as a format stores it: the activation the point receives under that format's
/// inference (upstream quantization included), its N and m, its important channels and scale groups.</summary>
/// <param name="CodeStaticCode">The point's codes' static code (spec §3.8) for a format that codes its codes, from
/// calibration images; null: packed.</param>
public sealed record StoredActivation(
    CapturedActivation Activation, QuantFormat Format, bool[] Important, ScaleGranularity Granularity,
    CanonicalCode? CodeStaticCode = null)
{
    /// <summary>The layer through the golden model, stored as a whole .edqa container (header, scales, records,
    /// checksums): its real size in bytes.</summary>
    public long ContainerBytes()
    {
        TensorLayout layout = TensorLayout.Create(Activation.Shape, 1);
        QuantizedLayer layer = LayerQuantizer.Optimized.Quantize(Activation.Data, layout, Format, Granularity,
            Important, Activation.Point.Name, codeStaticCode: CodeStaticCode).Layer;
        return EdqaFile.ToBytes(layer).LongLength;
    }
}

/// <summary>
/// One way to keep the activations between layers: its name (in result files), its label, how it quantizes the
/// network (a method on a grid and scale groups, at each N or at a fixed one; null for float32) and how many bytes
/// it stores a point in. A further format (say the entropy-coded codes of a container version 3) is one more entry
/// of <see cref="All"/>: its bytes from its own container, its accuracy that of the method whose codes it stores.
/// </summary>
/// <param name="FixedBits">The N it always runs at (int8: 8), or null: each N of the study.</param>
/// <param name="Measured">Its bytes are a real container's; false: a formula (float32, int8 have no container
/// here).</param>
/// <param name="CodedCodes">Its codes are coded with each point's codes' static code (spec §3.8, container version
/// 3), computed from calibration images; lossless, so its accuracy is that of the same method on the same
/// grid.</param>
public sealed record MemoryFormat(
    string Name, string Label, Method Method, GridChoice Grid, ScaleGranularity? Scales, int? FixedBits,
    bool Measured, Func<StoredActivation, long> Bytes, bool CodedCodes = false)
{
    public static MemoryFormat Float32 { get; } = new("float32", "float32", Methods.Float32, GridChoice.Signed, null,
        32, false, s => 4L * s.Activation.Data.Length);

    /// <summary>The usual edge baseline: 8-bit codes, one float32 scale for the whole tensor.</summary>
    public static MemoryFormat Int8 { get; } = new("int8", "int8 per tensor", Methods.Direct, GridChoice.Signed,
        ScaleGranularity.Layer, 8, false, s => s.Activation.Data.Length + 4L);

    public static MemoryFormat Direct { get; } = new("direct", "Direct N (paper's grid)", Methods.Direct,
        GridChoice.Signed, null, null, true, s => s.ContainerBytes());

    public static MemoryFormat DirectUnsigned { get; } = new("direct-unsigned", "Direct N, unsigned grid",
        Methods.Direct, GridChoice.Auto, null, null, true, s => s.ContainerBytes());

    public static MemoryFormat Edqa { get; } = new("edqa", "eDQA (N, m, r), the paper's", Methods.Edqa,
        GridChoice.Signed, null, null, true, s => s.ContainerBytes());

    public static MemoryFormat EdqaUnsigned { get; } = new("edqa-unsigned", "eDQA (N, m, r), unsigned grid",
        Methods.Edqa, GridChoice.Auto, null, null, true, s => s.ContainerBytes());

    public static MemoryFormat EdqaCoded { get; } = new("edqa-coded", "eDQA (N, m, r), coded codes", Methods.Edqa,
        GridChoice.Signed, null, null, true, s => s.ContainerBytes(), CodedCodes: true);

    public static MemoryFormat EdqaUnsignedCoded { get; } = new("edqa-unsigned-coded",
        "eDQA (N, m, r), unsigned grid, coded codes", Methods.Edqa, GridChoice.Auto, null, null, true,
        s => s.ContainerBytes(), CodedCodes: true);

    /// <summary>Every format, in the order tables list them.</summary>
    public static IReadOnlyList<MemoryFormat> All { get; } =
        [Float32, Int8, Direct, DirectUnsigned, Edqa, EdqaUnsigned, EdqaCoded, EdqaUnsignedCoded];

    /// <summary>The grid setting its network runs on (auto: by the architecture).</summary>
    public GridSetting GridSetting => new(Grid);
}

/// <summary>Bytes one format stores one point in, per inference (the test batch's bytes over its images).</summary>
public sealed record PointBytes(string Format, int Bits, string Point, long ElementsPerImage, double BytesPerImage);

/// <summary>One format at one N: the bytes a whole inference writes between layers (each point's tensor written
/// once and read once: traffic = 2 x stored), bits per activation, and the test accuracy of every run (null where
/// the study did not measure accuracy).</summary>
public sealed record FormatSummary(string Format, string Label, int Bits, bool Measured, double StoredBytesPerImage,
    double TrafficBytesPerImage, double BitsPerActivation, double[]? Accuracies)
{
    public double? Mean => Accuracies is { Length: > 0 } a ? a.Average() : null;

    public double? StandardDeviation =>
        Accuracies is null ? null : AccuracyRow.SampleStandardDeviation(Accuracies);
}

/// <summary>What a whole inference moves (issue 24 §3): per format and N, bytes per point and in total, and the
/// accuracy; NoisyQuant's accuracy beside them (it keeps N-bit codes and has no container here).</summary>
public sealed record MemoryStudyResults(
    string Model, string Checkpoint, int Batch, int Images, int[] Bits, int ExtraBits, double Ratio, int Runs,
    int CalibrationSize, string Granularity, double Float32Accuracy, PointBytes[] Points, FormatSummary[] Formats,
    AccuracyRow[] References, double Seconds, ResultProvenance? Provenance = null,
    ModeledDdr? Ddr = null)
{
    /// <summary>The modeled time one inference's traffic of <paramref name="summary"/> takes on the DDR, in
    /// microseconds; null without a DDR model.</summary>
    public double? DdrMicroseconds(FormatSummary summary) =>
        Ddr is { } ddr ? summary.TrafficBytesPerImage / ddr.MegabytesPerSecond : null;
}

/// <summary>The DDR a study's traffic is timed at (a model, not a measurement): its effective bandwidth, both
/// directions together, and what it stands for.</summary>
public sealed record ModeledDdr(double MegabytesPerSecond, string Description);

/// <summary>
/// Measures what each <see cref="MemoryFormat"/> stores between layers on real activations of one test batch
/// (captured as each point receives them under that format's own inference, stored through the golden model), and
/// each format's test accuracy over the runs, Direct, NoisyQuant and eDQA on the paper's grid and on the unsigned
/// one through <see cref="AccuracyExperiments.Table2"/>.
/// </summary>
public static class MemoryStudy
{
    /// <summary>The units of work <see cref="Run"/> reports through its progress callback, in test-set
    /// evaluations: each run, N and method of each accuracy table is one, and a format and N whose bytes it
    /// measures (one batch captured, a coded format's codes' static codes from 512 images) is
    /// <see cref="BytesStep"/> of one, so that the time left is estimated at the rate of the slow part.</summary>
    public static double Units(int bitCount, int runs, bool accuracy)
    {
        int Settings(MemoryFormat format) => format.FixedBits is null ? bitCount : 1;
        return (MemoryFormat.All.Sum(Settings) * BytesStep)
            + (accuracy ? runs * AccuracyGroups().Sum(group => Settings(group.First()) * GroupMethods(group).Count)
                : 0);
    }

    /// <summary>A bytes step's share of a test-set evaluation (about 600 images of 10000).</summary>
    private const double BytesStep = 0.06;

    /// <remarks><paramref name="progress"/> gets a description and the units (<see cref="Units"/>) just
    /// done.</remarks>
    public static MemoryStudyResults Run(ExperimentSetup setup, int[] bits, int extraBits, double ratio, int batch,
        bool accuracy, Action<string, double>? progress = null, ModeledDdr? ddr = null)
    {
        var watch = Stopwatch.StartNew();
        var model = setup.Model;
        int start = batch * Training.Evaluation.BatchSize;
        int images = Math.Min(Training.Evaluation.BatchSize, setup.Test.Count - start);
        (Tensor batchImages, _) = setup.Test.Batch(start, images);
        var points = new List<PointBytes>();
        var stored = new Dictionary<(MemoryFormat Format, int Bits), double>();
        long elementsPerImage = 0;
        foreach (MemoryFormat format in MemoryFormat.All)
        {
            foreach (int n in format.FixedBits is int fixedBits ? [fixedBits] : bits)
            {
                string step = $"bytes: {format.Name} N={n}";
                progress?.Invoke(step, 0);
                bool quantizes = format.Method != Methods.Float32;
                // float32 stores no codes: its format here only shapes the (unused) modes.
                var quantFormat = new QuantFormat(quantizes ? n : 8, ExtraBitsAt(quantizes ? n : 8, extraBits));
                ScaleGranularity scales = format.Scales ?? setup.Granularity;
                Core.Ranking.RankFile? rank = format.Method.TakesRanking ? setup.Rank(0, n) : null;
                QuantFormat[] formats =
                    EdqaTensorQuantizer.PointFormats(model.ActivationPoints, quantFormat, format.Grid);
                ChannelMode[][] modes = Methods.EdqaModes(model, rank, format.Method.TakesRanking ? ratio : 0);
                IActivationQuantizer? quantizer = !quantizes ? null
                    : new EdqaTensorQuantizer(quantFormat, scales, modes, pointFormats: formats);
                IReadOnlyList<CapturedActivation> captured =
                    ExperimentSetup.NoGrad(() => CapturingQuantizer.Run(model, batchImages, quantizer).Activations);
                CanonicalCode[]? codeStaticCodes = format.CodedCodes
                    ? CodeCalibration.StaticCodes(model, setup.Calibration(0), quantizer, formats, modes, scales)
                    : null;
                double total = 0;
                foreach (CapturedActivation activation in captured)
                {
                    int p = activation.Point.Index;
                    long bytes = format.Bytes(new StoredActivation(activation, formats[p],
                        Methods.ImportantMask(modes[p]), scales, codeStaticCodes?[p]));
                    long elements = activation.Data.Length / images;
                    points.Add(new PointBytes(format.Name, n, activation.Point.Name, elements, (double)bytes / images));
                    total += (double)bytes / images;
                }

                elementsPerImage = captured.Sum(a => (long)a.Data.Length) / images;
                stored[(format, n)] = total;
                progress?.Invoke(step, BytesStep);
            }
        }

        // Accuracy: the signed methods in one table, the unsigned ones in another, int8 with its per-tensor scale.
        var accuracies = new Dictionary<(string Method, int Bits, bool Unsigned, bool Layer), double[]>();
        var references = new List<AccuracyRow>();
        double float32 = double.NaN;
        if (accuracy)
        {
            foreach (var group in AccuracyGroups())
            {
                ExperimentSetup groupSetup = setup.With(group.First().GridSetting, group.Key.Scales);
                List<Method> methods = GroupMethods(group);

                // One table per m = min(m, N) (N = 2 takes m = 2): float32 measured once per table, not per N.
                int[] groupBits = group.Key.FixedBits is int f ? [f] : bits;
                foreach (var sameM in groupBits.GroupBy(n => ExtraBitsAt(n, extraBits)))
                {
                    int[] tableBits = [.. sameM];
                    // Table2 reports a run as one unit; here a run of k N's and M methods is k M (Units).
                    AccuracyResults table = AccuracyExperiments.Table2(groupSetup, tableBits, sameM.Key, ratio,
                        step => progress?.Invoke(step.Description, step.Done * tableBits.Length * methods.Count),
                        methods);
                    float32 = table.Float32Accuracy;
                    foreach (AccuracyRow row in table.Rows)
                    {
                        if (row.Method == Methods.NoisyQuant.Name)
                        {
                            references.Add(row);
                        }

                        accuracies[(row.Method, row.Bits, row.IsUnsigned,
                            group.Key.Scales == ScaleGranularity.Layer)] = row.Accuracies;
                    }
                }
            }
        }

        var summaries = stored.Select(kv =>
        {
            (MemoryFormat format, int n) = kv.Key;
            double[]? measured = format.Method == Methods.Float32
                ? (accuracy ? Enumerable.Repeat(float32, setup.Runs).ToArray() : null)
                : accuracies.GetValueOrDefault((format.Method.Name, n, format.Grid != GridChoice.Signed,
                    format.Scales == ScaleGranularity.Layer));
            return new FormatSummary(format.Name, format.Label, n, format.Measured, kv.Value, 2 * kv.Value,
                8 * kv.Value / elementsPerImage, measured);
        }).ToArray();
        return new MemoryStudyResults(model.Architecture, Path.GetFileName(setup.Checkpoint), batch, images, bits,
            extraBits, ratio, setup.Runs, setup.CalibrationSize,
            GranularityOf(setup),
            float32, [.. points], summaries, [.. references], watch.Elapsed.TotalSeconds, setup.Provenance, ddr);
    }

    /// <summary>The formats whose accuracy one table measures together: same grid, scale groups and fixed N (the
    /// signed methods, the unsigned ones, int8 with its per-tensor scale).</summary>
    private static IEnumerable<IGrouping<(GridChoice Grid, ScaleGranularity? Scales, int? FixedBits), MemoryFormat>>
        AccuracyGroups() =>
        MemoryFormat.All.Where(f => f.Method != Methods.Float32).GroupBy(f => (f.Grid, f.Scales, f.FixedBits));

    /// <summary>The methods of an accuracy group's table: its formats' methods, and NoisyQuant beside Direct in the
    /// signed group.</summary>
    private static List<Method> GroupMethods(
        IGrouping<(GridChoice Grid, ScaleGranularity? Scales, int? FixedBits), MemoryFormat> group)
    {
        List<Method> methods = group.Select(f => f.Method).Distinct().ToList();
        if (group.Key.Grid == GridChoice.Signed && group.Key.FixedBits is null)
        {
            methods.Insert(methods.IndexOf(Methods.Direct) + 1, Methods.NoisyQuant);
        }

        return methods;
    }

    /// <summary>The settings a study's accuracies depend on: <see cref="WithAccuracies"/> takes an earlier study's
    /// only when they are all the same.</summary>
    public sealed record Settings(string Model, string Checkpoint, string? CheckpointSha256, int Runs, int[] Bits,
        int ExtraBits, double Ratio, int CalibrationSize, string Granularity)
    {
        public static Settings Of(MemoryStudyResults study) => new(study.Model, study.Checkpoint,
            study.Provenance?.CheckpointSha256, study.Runs, study.Bits, study.ExtraBits, study.Ratio,
            study.CalibrationSize, study.Granularity);

        /// <summary>The settings <see cref="Run"/> records for <paramref name="setup"/>.</summary>
        public static Settings Of(ExperimentSetup setup, int[] bits, int extraBits, double ratio) => new(
            setup.Model.Architecture, Path.GetFileName(setup.Checkpoint), setup.Provenance?.CheckpointSha256,
            setup.Runs, bits, extraBits, ratio, setup.CalibrationSize, GranularityOf(setup));

        /// <summary>Throws <see cref="ArgumentException"/> naming the first setting <paramref name="earlier"/>
        /// differs in, or saying that it is no memory study with accuracies.</summary>
        public void RequireSameAs(MemoryStudyResults earlier)
        {
            if (earlier.Formats is null || earlier.Bits is null || earlier.Formats.All(f => f.Accuracies is null))
            {
                throw new ArgumentException("not a memory study with accuracies (edqa memory without --skip-accuracy)");
            }

            Settings then = Of(earlier);
            void Same<T>(string what, T now, T old)
            {
                if (!EqualityComparer<T>.Default.Equals(now, old))
                {
                    throw new ArgumentException($"the earlier study differs in its {what}: {old}, here {now}");
                }
            }

            Same("model", Model, then.Model);
            Same("checkpoint", Checkpoint, then.Checkpoint);
            Same("checkpoint's SHA-256", CheckpointSha256, then.CheckpointSha256);
            Same("runs", Runs, then.Runs);
            Same("N", string.Join(",", Bits), string.Join(",", then.Bits));
            Same("m", ExtraBits, then.ExtraBits);
            Same("r", Ratio, then.Ratio);
            Same("calibration size", CalibrationSize, then.CalibrationSize);
            Same("scales", Granularity, then.Granularity);
        }
    }

    /// <summary>
    /// The bytes of <paramref name="bytes"/> (a run without accuracy) with the accuracies of
    /// <paramref name="earlier"/>, a study that measured them on the same settings (<see cref="Settings"/>): for a
    /// change that moves what the formats store but not what the network computes (a container format). Throws
    /// <see cref="ArgumentException"/> naming the first thing that differs.
    /// </summary>
    public static MemoryStudyResults WithAccuracies(MemoryStudyResults bytes, MemoryStudyResults earlier, string note)
    {
        Settings.Of(bytes).RequireSameAs(earlier);
        FormatSummary[] formats = bytes.Formats.Select(summary =>
        {
            FormatSummary then =
                earlier.Formats.FirstOrDefault(f => f.Format == summary.Format && f.Bits == summary.Bits)
                ?? throw new ArgumentException($"the earlier study has no {summary.Format} at N = {summary.Bits}");
            return summary with
            {
                Accuracies = then.Accuracies
                    ?? throw new ArgumentException($"the earlier study measured no accuracy of {summary.Format}")
            };
        }).ToArray();
        ResultProvenance? provenance = bytes.Provenance is { } p ? (p with { Note = note }).Over(earlier.Provenance)
            : earlier.Provenance;
        return bytes with
        {
            Float32Accuracy = earlier.Float32Accuracy, Formats = formats, References = earlier.References,
            Seconds = bytes.Seconds + earlier.Seconds, Provenance = provenance,
        };
    }

    /// <summary>How the study's scales were set, as it records them ("dynamic per channel").</summary>
    private static string GranularityOf(ExperimentSetup setup) =>
        $"{setup.ScaleSource.ToString().ToLowerInvariant()} per {setup.Granularity.ToString().ToLowerInvariant()}";

    /// <summary>m at N: the asked m, at most N (the spec's m &lt;= N).</summary>
    public static int ExtraBitsAt(int bits, int extraBits) => Math.Min(bits, extraBits);
}
