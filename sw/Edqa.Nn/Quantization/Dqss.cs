using System.Diagnostics;
using Edqa.Core.Calibration;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>A fixed clipping threshold per point and spec §9's symmetric quantizer, as tensor operations equal to
/// <see cref="ThresholdQuantizer"/> element by element.</summary>
public sealed class ThresholdTensorQuantizer(int bits, float[] thresholds) : IActivationQuantizer
{
    public IReadOnlyList<float> Thresholds => thresholds;

    public Tensor Apply(Tensor activation, ActivationPoint point) =>
        Quantize(activation, thresholds[point.Index], bits);

    public static Tensor Quantize(Tensor x, float threshold, int bits)
    {
        int levels = ThresholdQuantizer.Levels(bits);
        if (threshold == 0f)
        {
            return zeros_like(x);
        }

        using var scope = NewDisposeScope();
        Scalar step = KeptScalars.Float(ThresholdQuantizer.Step(threshold, bits));
        // + 0 turns a rounded -0 into the integer code 0's +0, as the golden model has it.
        return x.div(step).round().clamp(KeptScalars.Int(-levels - 1), KeptScalars.Int(levels))
            .Plus(KeptScalars.Float(0f)).mul(step).MoveToOuterDisposeScope();
    }
}

/// <summary>The four candidates' thresholds at every point (indexed [point][finder]), from float activations.</summary>
public sealed record DqssCandidates(int Bits, float[][] Thresholds)
{
    /// <summary>How many calibration images the finders see (the search itself uses them all).</summary>
    public const int Images = 512;

    public static readonly ThresholdFinder[] Finders = Enum.GetValues<ThresholdFinder>();

    public ThresholdTensorQuantizer Quantizer(ThresholdFinder finder) =>
        new(Bits, Thresholds.Select(t => t[(int)finder]).ToArray());

    public static DqssCandidates Find(QuantizableModel model, FashionMnist calibration, int bits)
    {
        (Tensor images, _) = calibration.Batch(0, Math.Min(Images, calibration.Count));
        (Tensor logits, var activations) = CapturingQuantizer.Run(model, images, null);
        logits.Dispose();
        images.Dispose();
        float[][] thresholds =
            activations.Select(a => Finders.Select(f => ThresholdFinders.Find(f, a.Data, bits)).ToArray()).ToArray();
        return new DqssCandidates(bits, thresholds);
    }
}

/// <summary>What the search chose at one point: the finder, and the final softmax weights of all four.</summary>
public sealed record DqssChoice(string Point, ThresholdFinder Finder, float Threshold, float[] Weights);

/// <summary>One search: the choice per point and how long it took (candidates included).</summary>
public sealed record DqssSearchResult(int Bits, int Seed, DqssChoice[] Choices, double Seconds)
{
    public ThresholdTensorQuantizer Quantizer() => new(Bits, Choices.Select(c => c.Threshold).ToArray());
}

/// <summary>
/// DQSS's differentiable search in post-training mode (spec §9): each point's activation becomes the
/// softmax(α_p)-weighted sum of the four candidates' quantized outputs, rounding passed straight through; one pass
/// of Adam over the calibration set's cross-entropy learns the α with every network weight frozen; the strategy
/// per point is the argmax.
/// </summary>
public static class DqssSearch
{
    public const int BatchSize = 128;
    public const double LearningRate = 0.1;

    public static DqssSearchResult Run(QuantizableModel model, FashionMnist calibration, int bits, int seed,
        DqssCandidates? candidates = null, Action<double>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        if (candidates is null)
        {
            using var noGrad = no_grad();
            candidates = DqssCandidates.Find(model, calibration, bits);
        }

        var points = model.ActivationPoints;
        var alphas = new TorchSharp.Modules.Parameter(zeros(points.Count, DqssCandidates.Finders.Length));
        var optimizer = optim.Adam([alphas], lr: LearningRate);
        var weights = model.parameters().ToArray();
        bool[] trainable = weights.Select(w => w.requires_grad).ToArray();
        foreach (var w in weights)
        {
            w.requires_grad = false;
        }

        try
        {
            model.eval();
            var mixture = new Mixture(candidates, alphas);
            using var hooks = new QuantizationHooks(model, mixture);
            int[] shuffled = Enumerable.Range(0, calibration.Count).ToArray();
            new Random(seed).Shuffle(shuffled);
            for (int start = 0; start < calibration.Count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(BatchSize, calibration.Count - start);
                (Tensor images, Tensor labels) = calibration.Gather(shuffled.AsSpan(start, count));
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(model.call(images), labels);
                loss.backward();
                optimizer.step();
                progress?.Invoke((double)count / calibration.Count);
            }
        }
        finally
        {
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i].requires_grad = trainable[i];
            }
        }

        float[][] softmax;
        using (no_grad())
        {
            using Tensor w = nn.functional.softmax(alphas, 1).contiguous();
            float[] flat = w.data<float>().ToArray();
            softmax = flat.Chunk(DqssCandidates.Finders.Length).ToArray();
        }

        alphas.Dispose();
        var choices = points.Select(p =>
        {
            float[] w = softmax[p.Index];
            int best = Array.IndexOf(w, w.Max());
            return new DqssChoice(p.Name, DqssCandidates.Finders[best], candidates.Thresholds[p.Index][best], w);
        }).ToArray();
        return new DqssSearchResult(bits, seed, choices, watch.Elapsed.TotalSeconds);
    }

    /// <summary>x + Σ_i softmax(α_p)_i (q_i(x) - x), the differences held constant: the forward value is the mixture
    /// of the quantized outputs, the gradient reaches x unchanged (straight through) and α_p through the
    /// weights.</summary>
    private sealed class Mixture(DqssCandidates candidates, Tensor alphas) : IActivationQuantizer
    {
        public Tensor Apply(Tensor activation, ActivationPoint point)
        {
            Tensor weights = nn.functional.softmax(alphas[point.Index], 0);
            Tensor mixed = activation;
            for (int i = 0; i < DqssCandidates.Finders.Length; i++)
            {
                Tensor difference;
                using (no_grad())
                {
                    difference = ThresholdTensorQuantizer.Quantize(activation, candidates.Thresholds[point.Index][i],
                        candidates.Bits).Minus(activation);
                }

                mixed = mixed.Plus(weights[i].mul(difference));
            }

            return mixed;
        }
    }
}

/// <summary>One run's DQSS work, shared by the rows that need it: the candidates' thresholds and the search, per
/// bit width, each computed once.</summary>
public sealed class DqssRun(QuantizableModel model, FashionMnist calibration, int seed)
{
    private readonly Dictionary<int, DqssCandidates> _candidates = [];
    private readonly Dictionary<int, DqssSearchResult> _searches = [];

    public IEnumerable<DqssSearchResult> Searches => _searches.Values;

    public DqssCandidates Candidates(int bits) => _candidates.GetOrCompute(bits, () =>
    {
        using var noGrad = no_grad();
        return DqssCandidates.Find(model, calibration, bits);
    });

    public DqssSearchResult Search(int bits) => _searches.GetOrCompute(bits, () =>
    {
        using var enableGrad = enable_grad();
        return DqssSearch.Run(model, calibration, bits, seed, Candidates(bits));
    });
}
