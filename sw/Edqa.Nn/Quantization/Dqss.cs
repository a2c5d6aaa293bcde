using System.Diagnostics;
using Edqa.Core.Calibration;
using Edqa.Core.Quantization;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>A fixed clipping threshold per point and spec §9's quantizer on the point's grid (null: all signed), as
/// tensor operations equal to <see cref="ThresholdQuantizer"/> element by element.</summary>
public sealed class ThresholdTensorQuantizer(int bits, float[] thresholds, QuantGrid[]? grids = null)
    : IActivationQuantizer
{
    public IReadOnlyList<float> Thresholds => thresholds;

    public Tensor Apply(Tensor activation, ActivationPoint point) =>
        Quantize(activation, thresholds[point.Index], bits, grids?[point.Index] ?? QuantGrid.Signed);

    public static Tensor Quantize(Tensor x, float threshold, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        int levels = ThresholdQuantizer.Levels(bits, grid);
        if (threshold == 0f)
        {
            return zeros_like(x);
        }

        using var scope = NewDisposeScope();
        Scalar step = KeptScalars.Float(ThresholdQuantizer.Step(threshold, bits, grid));
        // + 0 turns a rounded -0 into the integer code 0's +0, as the golden model has it.
        return x.div(step).round()
            .clamp(KeptScalars.Int(ThresholdQuantizer.CodeMin(bits, grid)), KeptScalars.Int(levels))
            .Plus(KeptScalars.Float(0f)).mul(step).MoveToOuterDisposeScope();
    }
}

/// <summary>The four candidates' thresholds at every point (indexed [point][finder]), from float activations, for
/// the quantizer on each point's grid (null: all signed).</summary>
public sealed record DqssCandidates(int Bits, float[][] Thresholds, QuantGrid[]? Grids = null)
{
    /// <summary>How many calibration images the finders see (the search itself uses them all).</summary>
    public const int Images = 512;

    public static readonly ThresholdFinder[] Finders = Enum.GetValues<ThresholdFinder>();

    public ThresholdTensorQuantizer Quantizer(ThresholdFinder finder) =>
        new(Bits, Thresholds.Select(t => t[(int)finder]).ToArray(), Grids);

    /// <summary>The grid of point <paramref name="point"/>.</summary>
    public QuantGrid GridOf(int point) => Grids?[point] ?? QuantGrid.Signed;

    public static DqssCandidates Find(QuantizableModel model, FashionMnist calibration, int bits,
        QuantGrid[]? grids = null)
    {
        (Tensor images, _) = calibration.Batch(0, Math.Min(Images, calibration.Count));
        (Tensor logits, var activations) = CapturingQuantizer.Run(model, images, null);
        logits.Dispose();
        images.Dispose();
        float[][] thresholds = activations.Select(a => Finders
            .Select(f => ThresholdFinders.Find(f, a.Data, bits, grids?[a.Point.Index] ?? QuantGrid.Signed))
            .ToArray()).ToArray();
        return new DqssCandidates(bits, thresholds, grids);
    }
}

/// <summary>What the search chose at one point: the finder, and the final softmax weights of all four (at the final
/// temperature, so the weights of the mixture the search ended with), and the point's grid.</summary>
public sealed record DqssChoice(string Point, ThresholdFinder Finder, float Threshold, float[] Weights,
    QuantGrid Grid = QuantGrid.Signed);

/// <summary>How the search runs (spec §9). The DQSS paper (summary, "Method Summary" and §3.2) relaxes the choice to
/// softmax(α) but gives no schedule for the post-training search; these are our choices. <paramref name="Steps"/>
/// Adam steps of <paramref name="BatchSize"/> images (cycling through the shuffled calibration set) at
/// <paramref name="LearningRate"/>; the softmax temperature τ falls geometrically from 1 to
/// <paramref name="FinalTemperature"/> over the steps, so the mixture the search optimizes ends near the one-hot
/// strategy it keeps (τ = 1 throughout is plain DARTS, whose argmax of a near-uniform mixture is what issue 27
/// measured).</summary>
public sealed record DqssSettings(int Steps = 300, double LearningRate = 0.1, double FinalTemperature = 0.02,
    int BatchSize = 128)
{
    /// <summary>The search before issue 27: one pass over the calibration set, τ = 1 throughout.</summary>
    public static DqssSettings OnePass(int calibrationImages) =>
        new((calibrationImages + 127) / 128, 0.1, 1.0, 128);

    public DqssSettings Checked() =>
        Steps is >= 1 and <= 100_000 && LearningRate is > 0 and <= 10 && FinalTemperature is > 0 and <= 1
            && BatchSize is >= 1 and <= 4096
            ? this
            : throw new ArgumentException("DQSS settings: steps in [1, 100000], learning rate in (0, 10], final "
                + $"temperature in (0, 1], batch in [1, 4096] (got {this})");

    /// <summary>τ at step <paramref name="step"/> of <see cref="Steps"/>: 1 at the first, the final one at the
    /// last.</summary>
    public double Temperature(int step) =>
        Steps == 1 ? FinalTemperature : Math.Pow(FinalTemperature, (double)step / (Steps - 1));
}

/// <summary>The search's own measurements, on the first <see cref="DqssSearch.LossImages"/> calibration images
/// (cross-entropy, nats per image): the mixture at the final temperature, the one strategy kept, each candidate
/// alone at every point (indexed as <see cref="DqssCandidates.Finders"/>); and the trace of the search.</summary>
public sealed record DqssDiagnosis(int Images, double Mixture, double Chosen, double[] Candidates,
    DqssTracePoint[] Trace);

/// <summary>One point of the search's trace: the step, τ, the batch's loss and the mean over points of the largest
/// softmax weight (1: every point one-hot; 0.25: uniform).</summary>
public sealed record DqssTracePoint(int Step, double Temperature, double BatchLoss, double MeanMaxWeight);

/// <summary>One search: the choice per point, how long it took (candidates included), how it ran and what it
/// measured (both null in result files from before issue 27).</summary>
public sealed record DqssSearchResult(int Bits, int Seed, DqssChoice[] Choices, double Seconds,
    DqssSettings? Settings = null, DqssDiagnosis? Diagnosis = null)
{
    public ThresholdTensorQuantizer Quantizer() =>
        new(Bits, Choices.Select(c => c.Threshold).ToArray(), Choices.Select(c => c.Grid).ToArray());
}

/// <summary>
/// DQSS's differentiable search in post-training mode (spec §9; DQSS summary, "Method Summary", Mechanism 1 and
/// §3.2): each point's activation becomes the softmax(α_p / τ)-weighted sum of the four candidates' quantized
/// outputs, rounding passed straight through. Only the α are trained: the network's weights are float, frozen and
/// shared by every branch (§3.4's shared W; with float weights the paper's β over weight quantizers has one branch
/// and drops out, and §3.3's pre-summed "efficient convolution" is exactly this one sum per point). §3.4's single
/// forward-backward pass over weights and α together is its quantization-aware mode; post-training, each pass updates
/// the α alone. The loss is the task's, cross-entropy on the calibration labels, as in DARTS. The strategy per point
/// is the argmax of α (the paper's discretization); the temperature annealing of <see cref="DqssSettings"/> is ours.
/// </summary>
public static class DqssSearch
{
    /// <summary>How many calibration images the diagnosis's losses are measured on.</summary>
    public const int LossImages = 1024;

    public static DqssSearchResult Run(QuantizableModel model, FashionMnist calibration, int bits, int seed,
        DqssCandidates? candidates = null, DqssSettings? settings = null, Action<double>? progress = null)
    {
        settings = (settings ?? new DqssSettings()).Checked();
        var watch = Stopwatch.StartNew();
        if (candidates is null)
        {
            using var noGrad = no_grad();
            candidates = DqssCandidates.Find(model, calibration, bits);
        }

        var points = model.ActivationPoints;
        using var alphas = new TorchSharp.Modules.Parameter(zeros(points.Count, DqssCandidates.Finders.Length));
        var optimizer = optim.Adam([alphas], lr: settings.LearningRate);
        var weights = model.parameters().ToArray();
        bool[] trainable = weights.Select(w => w.requires_grad).ToArray();
        foreach (var w in weights)
        {
            w.requires_grad = false;
        }

        var mixture = new Mixture(candidates, alphas);
        var trace = new List<DqssTracePoint>();
        int traceEvery = Math.Max(1, settings.Steps / 10);
        try
        {
            model.eval();
            using var hooks = new QuantizationHooks(model, mixture);
            int[] shuffled = Enumerable.Range(0, calibration.Count).ToArray();
            var random = new Random(seed);
            random.Shuffle(shuffled);
            int start = 0;
            for (int step = 0; step < settings.Steps; step++)
            {
                if (start >= calibration.Count)
                {
                    random.Shuffle(shuffled);
                    start = 0;
                }

                using var scope = NewDisposeScope();
                int count = Math.Min(settings.BatchSize, calibration.Count - start);
                (Tensor images, Tensor labels) = calibration.Gather(shuffled.AsSpan(start, count));
                start += count;
                mixture.Temperature = settings.Temperature(step);
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(model.call(images), labels);
                loss.backward();
                optimizer.step();
                if (step % traceEvery == 0 || step == settings.Steps - 1)
                {
                    trace.Add(new DqssTracePoint(step + 1, mixture.Temperature, loss.item<float>(),
                        Softmax(alphas, mixture.Temperature).Average(w => w.Max())));
                }

                progress?.Invoke(1.0 / settings.Steps);
            }
        }
        finally
        {
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i].requires_grad = trainable[i];
            }
        }

        float[][] softmax = Softmax(alphas, mixture.Temperature);
        // The argmax of α is that of the softmax at any temperature (ties: the first finder).
        var choices = points.Select(p =>
        {
            float[] w = softmax[p.Index];
            int best = Array.IndexOf(w, w.Max());
            return new DqssChoice(p.Name, DqssCandidates.Finders[best], candidates.Thresholds[p.Index][best], w,
                candidates.GridOf(p.Index));
        }).ToArray();
        var result = new DqssSearchResult(bits, seed, choices, watch.Elapsed.TotalSeconds, settings);
        return result with { Diagnosis = Diagnose(model, calibration, candidates, mixture, result, trace) };
    }

    /// <summary>Cross-entropy (nats per image) of the network with <paramref name="quantizer"/> on the first
    /// <see cref="LossImages"/> calibration images.</summary>
    public static double CalibrationLoss(QuantizableModel model, FashionMnist calibration,
        IActivationQuantizer quantizer)
    {
        using var hooks = new QuantizationHooks(model, quantizer);
        return Evaluation.Run(model, LossSubset(calibration)).Loss;
    }

    private static FashionMnist LossSubset(FashionMnist calibration) => calibration.Count <= LossImages
        ? calibration
        : calibration.Subset(Enumerable.Range(0, LossImages).ToArray());

    private static DqssDiagnosis Diagnose(QuantizableModel model, FashionMnist calibration,
        DqssCandidates candidates, IActivationQuantizer mixture, DqssSearchResult result,
        List<DqssTracePoint> trace)
    {
        FashionMnist subset = LossSubset(calibration);
        return new DqssDiagnosis(subset.Count, CalibrationLoss(model, subset, mixture),
            CalibrationLoss(model, subset, result.Quantizer()),
            DqssCandidates.Finders.Select(f => CalibrationLoss(model, subset, candidates.Quantizer(f))).ToArray(),
            trace.ToArray());
    }

    private static float[][] Softmax(Tensor alphas, double temperature)
    {
        using var noGrad = no_grad();
        using Tensor scaled = alphas.div(temperature);
        using Tensor w = nn.functional.softmax(scaled, 1).contiguous();
        return w.data<float>().ToArray().Chunk(DqssCandidates.Finders.Length).ToArray();
    }

    /// <summary>x + Σ_i softmax(α_p / τ)_i (q_i(x) - x), the differences held constant: the forward value is the
    /// mixture of the quantized outputs, the gradient reaches x unchanged (straight through) and α_p through the
    /// weights.</summary>
    private sealed class Mixture(DqssCandidates candidates, Tensor alphas) : IActivationQuantizer
    {
        public double Temperature { get; set; } = 1.0;

        public Tensor Apply(Tensor activation, ActivationPoint point)
        {
            Tensor weights = nn.functional.softmax(alphas[point.Index].div(Temperature), 0);
            Tensor mixed = activation;
            for (int i = 0; i < DqssCandidates.Finders.Length; i++)
            {
                Tensor difference;
                using (no_grad())
                {
                    difference = ThresholdTensorQuantizer.Quantize(activation, candidates.Thresholds[point.Index][i],
                        candidates.Bits, candidates.GridOf(point.Index)).Minus(activation);
                }

                mixed = mixed.Plus(weights[i].mul(difference));
            }

            return mixed;
        }
    }
}

/// <summary>One run's DQSS work, shared by the rows that need it: the candidates' thresholds and the search, per
/// bit width, each computed once; the candidates quantize on <paramref name="grids"/> per point (null: all signed).
/// </summary>
public sealed class DqssRun(QuantizableModel model, FashionMnist calibration, int seed, DqssSettings? settings = null,
    QuantGrid[]? grids = null)
{
    private readonly Dictionary<int, DqssCandidates> _candidates = [];
    private readonly Dictionary<int, DqssSearchResult> _searches = [];

    public IEnumerable<DqssSearchResult> Searches => _searches.Values;

    public DqssCandidates Candidates(int bits) => _candidates.GetOrCompute(bits, () =>
    {
        using var noGrad = no_grad();
        return DqssCandidates.Find(model, calibration, bits, grids);
    });

    public DqssSearchResult Search(int bits) => _searches.GetOrCompute(bits, () =>
    {
        using var enableGrad = enable_grad();
        return DqssSearch.Run(model, calibration, bits, seed, Candidates(bits), settings);
    });
}
