using System.Diagnostics;
using Edqa.Core.Calibration;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>
/// N2UQ-style activation quantization, ADQ's choice (spec §10): per point a step s and L = 2^n - 1 widths a_i
/// (in steps, clamped to at least 1e-3). With u = x / s, segment i spans [b_i, b_i + a_i), b_i = Σ_{k&lt;i} a_k; the
/// thresholds T_i = b_i + a_i / 2 are non-uniform, the output levels uniform: x^ = s #{i : u &gt; T_i}. The gradient is
/// that of the piecewise-linear s Σ_i clamp((u - b_i) / a_i, 0, 1) (N2UQ's generalized straight-through estimator),
/// which reaches x, s and every a_i (zero outside [0, Σ a]). At a point after a ReLU activations below 0 give 0;
/// at a signed point (<see cref="ActivationPoint.Signed"/>, the transformer's) the same quantizer takes |x| with
/// L = 2^(n-1) - 1 levels a side and gives the sign back: symmetric, as every other method here.
/// </summary>
public sealed class N2UqActivations : IActivationQuantizer, IDisposable
{
    private const float MinWidth = 1e-3f;

    private N2UqActivations(int bits, Tensor[] steps, Tensor[] widths)
    {
        Bits = bits;
        Steps = steps;
        Widths = widths;
    }

    public int Bits { get; }

    /// <summary>Levels above zero: L = 2^n - 1 after a ReLU, 2^(n-1) - 1 a side at a signed point.</summary>
    public static int Levels(int bits, bool signed) => (1 << (signed ? bits - 1 : bits)) - 1;

    /// <summary>s per point (a learnable scalar).</summary>
    public Tensor[] Steps { get; }

    /// <summary>a per point (learnable, L values).</summary>
    public Tensor[] Widths { get; }

    /// <summary>Uniform start: a_i = 1, s = max |x| / L over the calibration activations (round to nearest on [0,
    /// max]).</summary>
    /// <param name="signed">Per point whether it is signed (null: none is).</param>
    public static N2UqActivations Initialize(int bits, IReadOnlyList<float> maxima, IReadOnlyList<bool>? signed = null)
    {
        int LevelsAt(int point) => Levels(bits, signed?[point] ?? false);
        return new N2UqActivations(
            bits,
            maxima.Select((m, i) => (Tensor)new TorchSharp.Modules.Parameter(tensor(Math.Max(m, 1e-6f) / LevelsAt(i))))
                .ToArray(),
            maxima.Select((_, i) => (Tensor)new TorchSharp.Modules.Parameter(ones(LevelsAt(i)))).ToArray());
    }

    public IEnumerable<TorchSharp.Modules.Parameter> Parameters() =>
        Steps.Concat(Widths).Cast<TorchSharp.Modules.Parameter>();

    public Tensor Apply(Tensor activation, ActivationPoint point)
    {
        using var scope = NewDisposeScope();
        Tensor step = Steps[point.Index].abs().clamp_min(KeptScalars.Float(1e-8f));
        Tensor widths = Widths[point.Index].clamp_min(KeptScalars.Float(MinWidth));
        Tensor ends = widths.cumsum(0);
        Tensor starts = ends.Minus(widths);
        int levels = (int)Widths[point.Index].shape[0];
        Tensor u = (point.Signed ? activation.abs() : activation).div(step);
        Tensor hard = bucketize(u, starts.Plus(widths.div(KeptScalars.Float(2f))).detach()).to(ScalarType.Float32);
        // The segment holding u (the last one beyond the top), then the linear ramp inside it: memory of a few
        // activation-sized tensors, not L of them.
        Tensor segment = bucketize(u.detach(), ends.detach(), right: true).clamp_max(KeptScalars.Int(levels - 1));
        Tensor soft = segment.to(ScalarType.Float32).Plus(u.Minus(starts.take(segment)).div(widths.take(segment)))
            .clamp(KeptScalars.Float(0f), KeptScalars.Float(levels));
        Tensor magnitude = soft.Plus(hard.Minus(soft).detach()).mul(step);
        return (point.Signed ? magnitude.mul(activation.sign().detach()) : magnitude).MoveToOuterDisposeScope();
    }

    /// <summary>The learned thresholds T_i x s of every point (for the record).</summary>
    public float[][] Thresholds()
    {
        using var noGrad = no_grad();
        return Steps.Zip(Widths, (s, a) =>
        {
            using var scope = NewDisposeScope();
            Tensor w = a.clamp_min(KeptScalars.Float(MinWidth));
            return w.cumsum(0).Minus(w.div(KeptScalars.Float(2f))).mul(s.abs()).data<float>().ToArray();
        }).ToArray();
    }

    public void Dispose()
    {
        foreach (Tensor t in Steps.Concat(Widths))
        {
            t.Dispose();
        }
    }
}

/// <summary>The quantized weights of a network: one <see cref="WeightCodebook"/> per convolution and linear
/// layer.</summary>
public sealed class WeightQuantization(IReadOnlyList<string> names, IReadOnlyList<WeightCodebook> codebooks)
{
    /// <summary>Bits of the first convolution and the classifier, which stay out of the allocation (as in most QAT
    /// work).</summary>
    public const int EdgeLayerBits = 8;

    public static readonly int[] CandidateWidths = [2, 3, 4];

    public IReadOnlyList<string> Names => names;

    public IReadOnlyList<WeightCodebook> Codebooks => codebooks;

    /// <summary>The weights quantized here, by name, in the model's order: every weight of dimension 2 or 4.</summary>
    public static IReadOnlyList<(string Name, Tensor Weight)> QuantizedWeights(QuantizableModel model) =>
        model.named_parameters().Where(p =>
            p.name.EndsWith("weight", StringComparison.Ordinal) && p.parameter.dim() is 2 or 4)
            .Select(p => (p.name, (Tensor)p.parameter)).ToList();

    /// <summary>Average bits per weight over the quantized layers.</summary>
    public double AverageBits(QuantizableModel model)
    {
        long[] counts = QuantizedWeights(model).Select(w => w.Weight.numel()).ToArray();
        return counts.Zip(codebooks, (n, c) => (double)n * c.Bits).Sum() / counts.Sum();
    }

    /// <summary>
    /// Sensitivity-driven allocation under an average budget for the inner layers: s_l = the calibration loss
    /// increase when layer l alone is quantized to 2 bits, per unit of its squared error (at least 1e-12); then
    /// <see cref="BitAllocation"/> over 2, 3, 4 bits; quantile codebooks at the chosen widths.
    /// </summary>
    public static WeightQuantization Allocate(QuantizableModel model, Tensor images, Tensor labels, double averageBits)
    {
        using var noGrad = no_grad();
        var weights = QuantizedWeights(model);
        double baseline = nn.functional.cross_entropy(model.call(images), labels).item<float>();
        var inner = new List<LayerBitCost>();
        for (int l = 1; l < weights.Count - 1; l++)
        {
            float[] values = weights[l].Weight.data<float>().ToArray();
            var errors =
                CandidateWidths.ToDictionary(b => b, b => WeightCodebook.FromQuantiles(values, b).SquaredError(values));
            double loss;
            using (var swap = new WeightSwap([weights[l].Weight],
                [WeightCodebook.FromQuantiles(values, CandidateWidths[0])]))
            {
                loss = nn.functional.cross_entropy(model.call(images), labels).item<float>();
            }

            inner.Add(new LayerBitCost(weights[l].Name, values.Length,
                Math.Max(1e-12, (loss - baseline) / Math.Max(errors[CandidateWidths[0]], 1e-30)), errors));
        }

        int[] bits = BitAllocation.Allocate(inner, CandidateWidths, averageBits);
        var codebooks = weights.Select((w, l) =>
            WeightCodebook.FromQuantiles(w.Weight.data<float>().ToArray(),
                    l == 0 || l == weights.Count - 1 ? EdgeLayerBits : bits[l - 1])).ToArray();
        return new WeightQuantization(weights.Select(w => w.Name).ToArray(), codebooks);
    }

    /// <summary>Writes the quantized weights into <paramref name="model"/> for good.</summary>
    public void Apply(QuantizableModel model)
    {
        var swap = new WeightSwap(QuantizedWeights(model).Select(w => w.Weight).ToArray(), codebooks);
        swap.Keep();
    }
}

/// <summary>
/// Puts Q(W) in place of each latent weight W until disposed, then restores W: a forward and backward pass in
/// between computes the gradient at Q(W), which the optimizer then applies to W (the straight-through estimator).
/// Q is the C# golden <see cref="WeightCodebook"/>, so the weights used are exactly spec §10's.
/// </summary>
public sealed class WeightSwap : IDisposable
{
    private readonly Tensor[] _weights;
    private Tensor[]? _latent;

    public WeightSwap(Tensor[] weights, IReadOnlyList<WeightCodebook> codebooks)
    {
        _weights = weights;
        using var noGrad = no_grad();
        _latent = weights.Select(w => w.detach().clone()).ToArray();
        for (int i = 0; i < weights.Length; i++)
        {
            float[] values = weights[i].data<float>().ToArray();
            WeightCodebook codebook = codebooks[i];
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = codebook.Quantize(values[k]);
            }

            using Tensor quantized = tensor(values, weights[i].shape);
            weights[i].copy_(quantized);
        }
    }

    /// <summary>Leaves the quantized weights in place.</summary>
    public void Keep()
    {
        foreach (Tensor t in _latent ?? [])
        {
            t.Dispose();
        }

        _latent = null;
    }

    public void Dispose()
    {
        if (_latent is null)
        {
            return;
        }

        using var noGrad = no_grad();
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i].copy_(_latent[i]);
            _latent[i].Dispose();
        }

        _latent = null;
    }
}

/// <summary>What an ADQ fine-tune produced: the network with quantized weights, its activation quantizer, the
/// weight bits per layer and the time it took.</summary>
public sealed record AdqResult(QuantizableModel Model, N2UqActivations Activations, WeightQuantization Weights,
    double AverageWeightBits, double Seconds);

/// <summary>What an ADQ fine-tune records in the result file.</summary>
public sealed record AdqRecord(int Bits, int Seed, double AverageWeightBits, string[] Layers, int[] WeightBits,
    double Seconds);

/// <summary>
/// ADQ (quantization-aware training, spec §10) on a copy of a trained network: N2UQ activations at every point,
/// sensitivity-allocated quantile codebooks for the weights with an EMA update after every step, fine-tuned with
/// Adam on the calibration images (optionally distilling from the float network), batch norm statistics frozen.
/// </summary>
public static class AdqTraining
{
    public const int BatchSize = 128;
    public const double WeightLearningRate = 1e-4;
    public const double QuantizerLearningRate = 1e-3;

    /// <summary>Calibration images used to initialize the activation steps and measure layer sensitivity.</summary>
    public const int ProbeImages = 512;

    public sealed record Options(int Epochs = 2, double AverageWeightBits = 3, bool Distill = true);

    public static AdqResult FineTune(QuantizableModel teacher, FashionMnist calibration, int bits, int seed,
        Options options, Action<double>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        QuantizableModel student = Copy(teacher);
        (Tensor probeImages, Tensor probeLabels) = calibration.Batch(0, Math.Min(ProbeImages, calibration.Count));
        float[] maxima;
        using (no_grad())
        {
            (Tensor logits, var captured) = CapturingQuantizer.Run(student, probeImages, null);
            logits.Dispose();
            maxima = captured.Select(a => a.Data.Max(MathF.Abs)).ToArray();
        }

        WeightQuantization weights =
            WeightQuantization.Allocate(student, probeImages, probeLabels, options.AverageWeightBits);
        probeImages.Dispose();
        probeLabels.Dispose();
        var activations =
            N2UqActivations.Initialize(bits, maxima, student.ActivationPoints.Select(p => p.Signed).ToArray());
        Tensor[] latent = WeightQuantization.QuantizedWeights(student).Select(w => w.Weight).ToArray();
        var weightOptimizer = optim.Adam(student.parameters(), lr: WeightLearningRate);
        var quantizerOptimizer = optim.Adam(activations.Parameters(), lr: QuantizerLearningRate);
        var random = new Random(seed);
        int[] order = Enumerable.Range(0, calibration.Count).ToArray();
        int steps = options.Epochs * ((calibration.Count + BatchSize - 1) / BatchSize);
        using (enable_grad())
        using (new QuantizationHooks(student, activations))
        {
            student.eval();
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                random.Shuffle(order);
                for (int start = 0; start < calibration.Count; start += BatchSize)
                {
                    using var scope = NewDisposeScope();
                    (Tensor images, Tensor labels) =
                        calibration.Gather(order.AsSpan(start, Math.Min(BatchSize, calibration.Count - start)));
                    weightOptimizer.zero_grad();
                    quantizerOptimizer.zero_grad();
                    using (new WeightSwap(latent, weights.Codebooks))
                    {
                        Tensor logits = student.call(images);
                        Tensor loss = nn.functional.cross_entropy(logits, labels);
                        if (options.Distill)
                        {
                            Tensor target;
                            using (no_grad())
                            {
                                target = nn.functional.softmax(teacher.call(images), 1);
                            }

                            // KL divergence summed over classes and averaged over the batch ("batchmean", the textbook
                            // definition).
                            loss = loss.Plus(nn.functional.kl_div(nn.functional.log_softmax(logits, 1), target,
                                reduction: nn.Reduction.Sum, log_target: false)
                                .div(KeptScalars.Int((int)images.shape[0])));
                        }

                        loss.backward();
                    }

                    weightOptimizer.step();
                    quantizerOptimizer.step();
                    for (int i = 0; i < latent.Length; i++)
                    {
                        weights.Codebooks[i].Update(latent[i].data<float>().ToArray());
                    }

                    progress?.Invoke(1.0 / steps);
                }
            }
        }

        weights.Apply(student);
        return new AdqResult(student, activations, weights, weights.AverageBits(student), watch.Elapsed.TotalSeconds);
    }

    /// <summary>A separate network with the same weights and batch norm statistics.</summary>
    public static QuantizableModel Copy(QuantizableModel source)
    {
        QuantizableModel copy = QuantizableModel.Create(source.Architecture);
        using (no_grad())
        {
            var from = source.state_dict();
            foreach ((string name, Tensor value) in copy.state_dict())
            {
                value.copy_(from[name]);
            }
        }

        copy.eval();
        return copy;
    }
}

/// <summary>One run's ADQ work, shared by the rows that need it (ADQ itself, and eDQA on the same fine-tuned
/// weights): a fine-tune per activation width.</summary>
public sealed class AdqRun(QuantizableModel model, FashionMnist calibration, int seed, AdqTraining.Options options)
{
    private readonly Dictionary<int, AdqResult> _fineTunes = [];

    public IEnumerable<AdqRecord> Records => _fineTunes.Values.Select(r => new AdqRecord(
        r.Activations.Bits, seed, r.AverageWeightBits, r.Weights.Names.ToArray(),
        r.Weights.Codebooks.Select(c => c.Bits).ToArray(), r.Seconds));

    public AdqResult FineTune(int bits) =>
        _fineTunes.GetOrCompute(bits, () => AdqTraining.FineTune(model, calibration, bits, seed, options));
}
