using Edqa.Core.Calibration;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;

namespace Edqa.Nn.Experiments;

/// <summary>The activation-quantization methods the paper compares, by name.</summary>
public static class Methods
{
    public const string Float32 = "float32";
    public const string Direct = "direct";
    public const string PowerOfTwo = "pot";
    public const string NoisyQuant = "noisyquant";
    public const string Edqa = "edqa";
    public const string Dqss = "dqss";
    public const string MaxAbs = "maxabs";
    public const string Kl = "kl";
    public const string EasyQuant = "easyquant";
    public const string Admm = "admm";
    public const string Adq = "adq";
    public const string EdqaQuantizedWeights = "edqa-qw";

    /// <summary>Every method, in the order tables list them: the paper's comparison, then DQSS and its candidates
    /// (each used alone at every point), then ADQ (quantization-aware training, weights quantized too) and eDQA's
    /// activations on ADQ's fine-tuned network.</summary>
    public static IReadOnlyList<string> All { get; } = [Float32, Direct, PowerOfTwo, NoisyQuant, Edqa, Dqss, MaxAbs, Kl, EasyQuant, Admm, Adq, EdqaQuantizedWeights];

    /// <summary>Methods whose result depends on the run's calibration subset (searched, ranked or trained on it).</summary>
    public static bool DependsOnCalibration(string method) => method is NoisyQuant or Edqa or Dqss or Adq or EdqaQuantizedWeights || Finder(method) is not null;

    /// <summary>Methods that are eDQA: they take m, r and a channel ranking.</summary>
    public static bool IsEdqa(string method) => method is Edqa or EdqaQuantizedWeights;

    /// <summary>Methods whose weights are quantized too.</summary>
    public static bool QuantizesWeights(string method) => method is Adq or EdqaQuantizedWeights;

    /// <summary>The network a method runs and its activation quantizer: <paramref name="model"/> and
    /// <see cref="Create"/>'s quantizer, except for ADQ (its fine-tuned copy and N2UQ activations) and eDQA with
    /// quantized weights (the same fine-tuned copy, eDQA's activations).</summary>
    public static (QuantizableModel Model, IActivationQuantizer? Quantizer) Network(
        string method, QuantizableModel model, QuantFormat format, ScaleGranularity granularity, RankFile? rank, double ratio,
        FashionMnist? calibration, int seed, float[][]? maxima, DqssRun? dqss, AdqRun? adq)
    {
        switch (method)
        {
            case Adq:
                AdqResult result = (adq ?? throw new ArgumentException("ADQ needs its calibration run")).FineTune(format.Bits);
                return (result.Model, result.Activations);
            case EdqaQuantizedWeights:
                // ADQ's fine-tuned network with its N2UQ activations replaced by eDQA's: the same weights, only the
                // activation quantizer differs. Scales are dynamic (calibrated maxima of the float network do not fit it).
                QuantizableModel fineTuned = (adq ?? throw new ArgumentException($"{method} needs its calibration run")).FineTune(format.Bits).Model;
                return (fineTuned, Create(Edqa, fineTuned, format, granularity, rank, ratio, calibration, seed, maxima: null));
            default:
                return (model, Create(method, model, format, granularity, rank, ratio, calibration, seed, maxima, dqss));
        }
    }

    /// <summary>The DQSS candidate a method uses alone, or null.</summary>
    public static ThresholdFinder? Finder(string method) => method switch
    {
        MaxAbs => ThresholdFinder.MaxAbs,
        Kl => ThresholdFinder.Kl,
        EasyQuant => ThresholdFinder.EasyQuant,
        Admm => ThresholdFinder.Admm,
        _ => null,
    };

    /// <summary>Parses a comma-separated method list (names as in <see cref="All"/>).</summary>
    public static string[] Parse(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => All.Contains(name)
            ? name
            : throw new ArgumentException($"unknown method '{name}'; choose from {string.Join(", ", All)}")).Distinct().ToArray();

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

    /// <summary>The quantizer of a method, or null for float32. NoisyQuant is calibrated here, on
    /// <paramref name="calibration"/> with <paramref name="seed"/>; eDQA needs <paramref name="rank"/>.
    /// <paramref name="maxima"/> fixes Direct's, PoT's and eDQA's scales (<see cref="CalibratedScales"/>); null keeps
    /// the dynamic per-batch scale. DQSS and its candidates take their thresholds from <paramref name="dqss"/>.</summary>
    public static IActivationQuantizer? Create(
        string method, QuantizableModel model, QuantFormat format, ScaleGranularity granularity, RankFile? rank = null, double ratio = 0.4,
        FashionMnist? calibration = null, int seed = 1, float[][]? maxima = null, DqssRun? dqss = null) => method switch
    {
        Float32 => null,
        Direct => new EdqaTensorQuantizer(format, granularity, EdqaModes(model, null, 0), maxima),
        PowerOfTwo => new PotTensorQuantizer(format.Bits, granularity, maxima),
        NoisyQuant => NoisyQuantQuantizer.Calibrate(model, calibration ?? throw new ArgumentException("NoisyQuant needs calibration images"), format.Bits, seed),
        Edqa => new EdqaTensorQuantizer(format, granularity, EdqaModes(model, rank ?? throw new ArgumentException("eDQA needs a rank file"), ratio), maxima),
        Dqss => (dqss ?? throw new ArgumentException("DQSS needs its calibration run")).Search(format.Bits).Quantizer(),
        MaxAbs or Kl or EasyQuant or Admm => (dqss ?? throw new ArgumentException($"{method} needs its calibration run")).Candidates(format.Bits).Quantizer(Finder(method)!.Value),
        _ => throw new ArgumentException($"unknown method '{method}'; choose one of {string.Join(", ", All)}"),
    };
}
