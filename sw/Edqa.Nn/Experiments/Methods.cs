using Edqa.Core.Calibration;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;

namespace Edqa.Nn.Experiments;

/// <summary>What a method needs to build its network and activation quantizer for one run.</summary>
/// <param name="Rank">eDQA's channel ranking of the run.</param>
/// <param name="Maxima">Calibrated M per point, or null for dynamic per-batch scales.</param>
/// <param name="Dqss">The run's DQSS candidates and search (computed once, shared by the rows that need them).</param>
/// <param name="Adq">The run's ADQ fine-tunes.</param>
/// <param name="NegativeOnCalibration">Per point, whether its calibration activations went below 0, for a grid auto
/// judged on calibration (<see cref="GridSetting"/>); null: auto follows the architecture.</param>
public sealed record MethodContext(
    QuantizableModel Model, QuantFormat Format, ScaleGranularity Granularity, RankFile? Rank = null, double Ratio = 0.4,
    FashionMnist? Calibration = null, int Seed = 1, float[][]? Maxima = null, DqssRun? Dqss = null, AdqRun? Adq = null,
    GridChoice Grid = GridChoice.Signed, bool[]? NegativeOnCalibration = null)
{
    /// <summary>Per point, the format on the grid <see cref="Grid"/> gives it (spec §2.1): Direct, eDQA, PoT and the
    /// DQSS candidates take the same grid, so their comparison stays fair.</summary>
    public QuantFormat[] PointFormats =>
        EdqaTensorQuantizer.PointFormats(Model.ActivationPoints, Format, Grid, NegativeOnCalibration);

    /// <summary>Per point its grid (<see cref="PointFormats"/>'s).</summary>
    public QuantGrid[] PointGrids => PointFormats.Select(f => f.Grid).ToArray();
}

/// <summary>
/// One activation-quantization method of the comparison: its name (in result files and on the command line), its
/// label in the report, what it depends on, and how it builds the network it runs and that network's activation
/// quantizer (null for float32).
/// </summary>
/// <param name="NeedsCalibration">Its result depends on the run's calibration subset (searched, ranked or trained on
/// it).</param>
/// <param name="Retrains">It trains the network (quantization-aware), so the report marks it QAT.</param>
/// <param name="QuantizesWeights">Its weights are quantized too.</param>
/// <param name="TakesRanking">It is eDQA: it takes m, r and a channel ranking.</param>
/// <param name="Finder">The DQSS candidate it uses alone at every point, if it is one.</param>
public sealed record Method(
    string Name, string Label, bool NeedsCalibration, bool Retrains, bool QuantizesWeights, bool TakesRanking,
    ThresholdFinder? Finder,
    Func<MethodContext, (QuantizableModel Model, IActivationQuantizer? Quantizer)> Build)
{
    /// <summary>The row label of a results table: ADQ's rows and those with quantized weights carry their average
    /// weight bits, so no one reads them as post-training activation-only results.</summary>
    public string TableLabel(double? averageWeightBits) =>
        QuantizesWeights && averageWeightBits is double bits && Label.EndsWith(')')
            ? FormattableString.Invariant($"{Label[..^1]}, weights {bits:F2} bits)")
            : Label;

    /// <summary>It quantizes on the run's grid (spec §2.3: Direct, PoT, eDQA, DQSS and its candidates); float32,
    /// NoisyQuant (its noise makes any point signed) and ADQ's N2UQ do not, and their rows record no grid.</summary>
    public bool TakesGrid { get; init; } = true;

    public override string ToString() => Name;
}

/// <summary>The methods the paper compares and the related baselines: one registry entry per method.</summary>
public static class Methods
{
    public static Method Float32 { get; } =
        new("float32", "float32", false, false, false, false, null, c => (c.Model, null)) { TakesGrid = false };

    public static Method Direct { get; } = new("direct", "direct", false, false, false, false, null,
        c => (c.Model,
            new EdqaTensorQuantizer(c.Format, c.Granularity, EdqaModes(c.Model, null, 0), c.Maxima, c.PointFormats)));

    public static Method PowerOfTwo { get; } = new("pot", "pot", false, false, false, false, null,
        c => (c.Model, new PotTensorQuantizer(c.Format.Bits, c.Granularity, c.Maxima,
            c.PointFormats.Select(f => f.Grid).ToArray())));

    public static Method NoisyQuant { get; } = new("noisyquant", "noisyquant", true, false, false, false, null,
        c =>
            (c.Model,
                    NoisyQuantQuantizer.Calibrate(c.Model,
                        c.Calibration ?? throw new ArgumentException("NoisyQuant needs calibration images"),
                        c.Format.Bits, c.Seed))) { TakesGrid = false };

    public static Method Edqa { get; } = new("edqa", "edqa", true, false, false, true, null,
        c =>
            (c.Model,
                    new EdqaTensorQuantizer(c.Format, c.Granularity,
                        EdqaModes(c.Model, c.Rank ?? throw new ArgumentException("eDQA needs a rank file"), c.Ratio),
                        c.Maxima, c.PointFormats)));

    public static Method Dqss { get; } = new("dqss", "dqss", true, false, false, false, null,
        c =>
            (c.Model,
                    (c.Dqss ?? throw new ArgumentException("DQSS needs its calibration run")).Search(c.Format.Bits)
                    .Quantizer()));

    public static Method MaxAbs { get; } = Candidate("maxabs", ThresholdFinder.MaxAbs);

    public static Method Kl { get; } = Candidate("kl", ThresholdFinder.Kl);

    public static Method EasyQuant { get; } = Candidate("easyquant", ThresholdFinder.EasyQuant);

    public static Method Admm { get; } = Candidate("admm", ThresholdFinder.Admm);

    /// <summary>ADQ: its fine-tuned copy of the network with its N2UQ activations.</summary>
    public static Method Adq { get; } = new("adq", "adq (QAT)", true, true, true, false, null, c =>
    {
        AdqResult result =
            (c.Adq ?? throw new ArgumentException("ADQ needs its calibration run")).FineTune(c.Format.Bits);
        return (result.Model, result.Activations);
    }) { TakesGrid = false };

    /// <summary>ADQ's fine-tuned network with its N2UQ activations replaced by eDQA's: the same weights, only the
    /// activation quantizer differs. Scales are dynamic (calibrated maxima of the float network do not fit
    /// it).</summary>
    public static Method EdqaQuantizedWeights { get; } =
        new("edqa-qw", "edqa-qw (eDQA on ADQ's fine-tuned network)", true, false, true, true, null, c =>
    {
        QuantizableModel fineTuned =
            (c.Adq ?? throw new ArgumentException("edqa-qw needs its calibration run")).FineTune(c.Format.Bits).Model;
        return Edqa.Build(c with { Model = fineTuned, Maxima = null });
    });

    /// <summary>Every method, in the order tables list them: the paper's comparison, then DQSS and its candidates
    /// (each used alone at every point), then ADQ (quantization-aware training, weights quantized too) and eDQA's
    /// activations on ADQ's fine-tuned network.</summary>
    public static IReadOnlyList<Method> All { get; } =
        [Float32, Direct, PowerOfTwo, NoisyQuant, Edqa, Dqss, MaxAbs, Kl, EasyQuant, Admm, Adq, EdqaQuantizedWeights];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>The entry of a method by name; an unknown name is an <see cref="ArgumentException"/> listing the
    /// names.</summary>
    public static Method Get(string name) =>
        All.FirstOrDefault(m => m.Name == name)
            ?? throw new ArgumentException($"unknown method '{name}'; choose from {string.Join(", ", Names)}");

    /// <summary>Parses a comma-separated method list (names as in <see cref="All"/>).</summary>
    public static Method[] Parse(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Get).Distinct()
            .ToArray();

    /// <summary>A point's importance bitmap from its channel modes: true where the channel is important.</summary>
    public static bool[] ImportantMask(ChannelMode[] modes) =>
        Array.ConvertAll(modes, mode => mode == ChannelMode.Important);

    /// <summary>eDQA's channel modes from a ranking: the top k = floor(r C + 0.5) channels of each point Important,
    /// the rest Direct (r = 0 is Direct).</summary>
    public static ChannelMode[][] EdqaModes(QuantizableModel model, RankFile? rank, double ratio) =>
        model.ActivationPoints.Select(point =>
        {
            if (rank is null || ratio == 0)
            {
                return Enumerable.Repeat(ChannelMode.Direct, point.Channels).ToArray();
            }

            bool[] important = ImportantChannels.FromRanking(rank.Layer(point.Name).Order, point.Channels, ratio);
            return important.Select(i => i ? ChannelMode.Important : ChannelMode.Direct).ToArray();
        }).ToArray();

    private static Method Candidate(string name, ThresholdFinder finder) =>
        new(name, name, true, false, false, false, finder,
        c =>
            (c.Model,
                    (c.Dqss ?? throw new ArgumentException($"{name} needs its calibration run"))
                    .Candidates(c.Format.Bits).Quantizer(finder)));
}
