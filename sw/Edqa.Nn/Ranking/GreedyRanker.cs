using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Training;
using static TorchSharp.torch;

namespace Edqa.Nn.Ranking;

/// <summary>Settings of the greedy search: the bits the other channels are quantized to, their scale groups, and
/// the batch over which each dynamic scale is taken.</summary>
public sealed record RankingOptions(int Bits, ScaleGranularity Granularity, int BatchSize = Evaluation.BatchSize,
    int CandidatesPerPass = 2)
{
    /// <summary>Direct quantization only uses N; m is irrelevant here.</summary>
    public QuantFormat Format => new(Bits, 1);
}

/// <summary>
/// The paper's Algorithm 3: layer by layer in forward order, each channel in turn is left in float32 while the rest
/// of its layer is quantized to N bits; earlier layers are quantized except the most important channel already
/// chosen for each; later layers stay in float32. A channel's score is the calibration accuracy (ties broken by
/// the lower calibration loss, then the lower channel id); the best channel is fixed before the next layer.
/// <see cref="RankNaive"/> is the algorithm as written (a full forward pass per candidate);
/// <see cref="RankFast"/> computes the same numbers with the activations before the layer computed once per batch
/// and several candidates stacked into one pass of the rest of the network.
/// </summary>
public static class GreedyRanker
{
    public static LayerRanking[] RankNaive(QuantizableModel model, FashionMnist calibration, RankingOptions options,
        Action<double>? progress = null)
    {
        var chosen = new List<int>();
        var layers = new List<LayerRanking>();
        using var noGrad = no_grad();
        foreach (ActivationPoint point in model.ActivationPoints)
        {
            var scores = new List<ChannelScore>();
            for (int candidate = 0; candidate < point.Channels; candidate++)
            {
                var quantizer = new EdqaTensorQuantizer(options.Format, options.Granularity,
                    Plan(model, chosen, point.Index, candidate));
                using (new QuantizationHooks(model, quantizer))
                {
                    (double accuracy, double loss) = Evaluation.Run(model, calibration, options.BatchSize);
                    scores.Add(new ChannelScore(candidate, accuracy, loss));
                }

                progress?.Invoke(1);
            }

            layers.Add(Finish(point, scores, chosen));
        }

        return layers.ToArray();
    }

    public static LayerRanking[] RankFast(QuantizableModel model, FashionMnist calibration, RankingOptions options,
        Action<double>? progress = null)
    {
        var chosen = new List<int>();
        var layers = new List<LayerRanking>();
        int batches = (calibration.Count + options.BatchSize - 1) / options.BatchSize;
        using var noGrad = no_grad();
        foreach (ActivationPoint point in model.ActivationPoints)
        {
            var correct = new long[point.Channels];
            var loss = new double[point.Channels];
            ChannelMode[][] prefix = Plan(model, chosen, point.Index, candidate: -1);
            using var hooks =
                new QuantizationHooks(model, new EdqaTensorQuantizer(options.Format, options.Granularity, prefix));
            for (int start = 0; start < calibration.Count; start += options.BatchSize)
            {
                using var batchScope = NewDisposeScope();
                int count = Math.Min(options.BatchSize, calibration.Count - start);
                (Tensor images, Tensor labels) = calibration.Batch(start, count);
                Tensor output = model.ForwardTo(point.Index, images);
                Tensor activation = point.Activation(output);
                // Quantizing all channels once and putting candidate c's float channel back equals quantizing with c
                // skipped: every channel is quantized on its own, against the same scales.
                Tensor quantized = point.WithActivation(output,
                    EdqaTensorQuantizer.Quantize(activation,
                        Enumerable.Repeat(ChannelMode.Direct, point.Channels).ToArray(), options.Format,
                        options.Granularity));
                for (int first = 0; first < point.Channels; first += options.CandidatesPerPass)
                {
                    using var passScope = NewDisposeScope();
                    int candidates = Math.Min(options.CandidatesPerPass, point.Channels - first);
                    Tensor stacked = quantized.repeat([candidates, .. Enumerable.Repeat(1L, (int)quantized.dim() - 1)]);
                    for (int k = 0; k < candidates; k++)
                    {
                        stacked.narrow(0, k * count, count).narrow(1, first + k, 1)
                            .copy_(activation.narrow(1, first + k, 1));
                    }

                    Tensor logits = model.ForwardFrom(point.Index, stacked);
                    for (int k = 0; k < candidates; k++)
                    {
                        Tensor slice = logits.narrow(0, k * count, count);
                        correct[first + k] += slice.argmax(1).eq(labels).sum().item<long>();
                        loss[first + k] += nn.functional.cross_entropy(slice, labels, reduction: nn.Reduction.Sum)
                            .item<float>();
                    }

                    progress?.Invoke((double)candidates / batches);
                }
            }

            var scores = Enumerable.Range(0, point.Channels)
                .Select(c => new ChannelScore(c, (double)correct[c] / calibration.Count, loss[c] / calibration.Count))
                .ToList();
            layers.Add(Finish(point, scores, chosen));
        }

        return layers.ToArray();
    }

    /// <summary>Channel modes of every point while <paramref name="layer"/> is studied: earlier points Direct except
    /// their chosen channel, the studied point Direct except the candidate (none for -1: all Float, the caller
    /// quantizes it), later points Float.</summary>
    private static ChannelMode[][] Plan(QuantizableModel model, List<int> chosen, int layer, int candidate) =>
        model.ActivationPoints.Select(p => p.Index < layer ? SkipOne(p.Channels, chosen[p.Index])
            : p.Index == layer && candidate >= 0 ? SkipOne(p.Channels, candidate)
            : Enumerable.Repeat(ChannelMode.Float, p.Channels).ToArray()).ToArray();

    private static ChannelMode[] SkipOne(int channels, int skipped)
    {
        var modes = Enumerable.Repeat(ChannelMode.Direct, channels).ToArray();
        modes[skipped] = ChannelMode.Float;
        return modes;
    }

    private static LayerRanking Finish(ActivationPoint point, List<ChannelScore> scores, List<int> chosen)
    {
        ChannelScore[] ordered =
            scores.OrderByDescending(s => s.Accuracy).ThenBy(s => s.Loss).ThenBy(s => s.Channel).ToArray();
        chosen.Add(ordered[0].Channel);
        return new LayerRanking(point.Name, point.Channels, ordered.Select(s => s.Channel).ToArray(), ordered);
    }
}
