using Edqa.Core.Layer;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Ranking;
using Edqa.Nn.Training;
using static TorchSharp.torch;

namespace Edqa.Nn.Experiments;

/// <summary>
/// What every experiment shares: the model, the data, the runs (run r draws its own random calibration subset of
/// the training set with seed BaseSeed + r, and ranks channels on it), and a cache of those rank files so that
/// eval and the sweeps reuse the same rankings.
/// </summary>
public sealed class ExperimentSetup(
    QuantizableModel model, string checkpoint, FashionMnist train, FashionMnist test, int runs, int calibrationSize,
    ScaleGranularity granularity, int baseSeed, string rankDirectory,
    ScaleSource scaleSource = ScaleSource.Dynamic, string command = "", string? commit = null, int? testLimit = null,
    GridSetting? grid = null)
{
    /// <summary>The N of a ranking when none is asked for (the sweeps and the error study run at N = 3).</summary>
    public const int DefaultRankBits = 3;

    /// <summary>The checkpoint's content: what results, rank caches and merges are keyed by, never its file
    /// name.</summary>
    public string CheckpointSha256 { get; } = model.CheckpointSha256 ?? ModelProvenance.Sha256Of(checkpoint);

    public ResultProvenance Provenance => new(CheckpointSha256, baseSeed, command, commit, TestImages: TestLimit);

    /// <summary>The test images of a subset run; null: the whole test set.</summary>
    public int? TestLimit { get; } = testLimit;

    public QuantizableModel Model => model;

    public string Checkpoint => checkpoint;

    /// <summary>The images accuracies are measured on: the test set, or its first <c>testLimit</c> images (a quick
    /// run whose provenance says so, so that its table never passes for the test set's).</summary>
    public FashionMnist Test { get; } = testLimit is not int limit ? test
        : limit is >= 1 && limit <= test.Count ? test.Subset(Enumerable.Range(0, limit).ToArray())
        : throw new ArgumentOutOfRangeException(nameof(testLimit), $"a test subset of {limit} images of {test.Count}");

    public int Runs => runs;

    public int CalibrationSize => calibrationSize;

    public ScaleGranularity Granularity => granularity;

    public ScaleSource ScaleSource => scaleSource;

    /// <summary>The grid the methods that take one quantize on (the paper's signed grid by default).</summary>
    public GridSetting Grid { get; } = grid ?? GridSetting.Signed;

    /// <summary>This setup on another grid and, if given, other scale groups: the same model, data, runs and
    /// provenance.</summary>
    public ExperimentSetup With(GridSetting grid, ScaleGranularity? scales = null) =>
        new(model, checkpoint, train, test, runs, calibrationSize, scales ?? granularity, baseSeed, rankDirectory,
            scaleSource, command, commit, TestLimit, grid);

    /// <summary>Per point, whether run r's calibration activations went below 0, when the grid is auto judged on
    /// calibration (never the test images); else null.</summary>
    public bool[]? NegativeOnCalibration(int run) => Grid.NegativeOnCalibration(model, Calibration(run));

    /// <summary>M of every point in run r: null (dynamic, per batch) or calibrated on the run's calibration
    /// subset.</summary>
    public float[][]? Maxima(int run) =>
        scaleSource == ScaleSource.Calibrated ? CalibratedMaxima.Compute(model, Calibration(run), granularity) : null;

    public int Seed(int run) => baseSeed + run;

    public FashionMnist Calibration(int run) => train.Sample(calibrationSize, Seed(run));

    /// <summary>The run's ranking at N = <paramref name="bits"/> (Algorithm 3 quantizes with the N it ranks for):
    /// read from the cache when it was made for this checkpoint, settings and N, else computed (fast path) and
    /// cached.</summary>
    public RankFile Rank(int run, int bits = DefaultRankBits, Action<double>? progress = null)
    {
        // Keyed by the checkpoint's content too: another checkpoint of the same architecture never overwrites this
        // cache.
        string hash = CheckpointSha256;
        string path = Path.Combine(rankDirectory,
            $"{model.Architecture}-{hash[..12]}-seed{Seed(run)}-n{calibrationSize}-"
            + $"{granularity.ToString().ToLowerInvariant()}-b{bits}.json");
        RankFile? cached = File.Exists(path) ? RankFile.Read(path) : null;
        if (cached is not null && cached.CheckpointSha256 == hash && cached.CalibrationSize == calibrationSize
            && cached.Bits == bits)
        {
            progress?.Invoke(model.ActivationPoints.Sum(p => p.Channels));
            return cached;
        }

        LayerRanking[] layers =
            GreedyRanker.RankFast(model, Calibration(run), new RankingOptions(bits, granularity), progress);
        var rank = new RankFile(RankFile.FormatTag, model.Architecture, hash, bits, calibrationSize, Seed(run), layers);
        Directory.CreateDirectory(rankDirectory);
        // Atomically: the shards of a sharded run may compute and cache the same ranking at once, and read it.
        Core.Io.OutputFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(rank.ToJson()));
        return rank;
    }

    /// <summary>Test accuracy of <paramref name="network"/> (default: the setup's model) with a quantizer at every
    /// point (null: none).</summary>
    public double Accuracy(IActivationQuantizer? quantizer, QuantizableModel? network = null)
    {
        network ??= model;
        if (quantizer is null)
        {
            return Evaluation.Accuracy(network, Test);
        }

        using var hooks = new QuantizationHooks(network, quantizer);
        return Evaluation.Accuracy(network, Test);
    }

    /// <summary>Runs <paramref name="body"/> with gradients off.</summary>
    public static T NoGrad<T>(Func<T> body)
    {
        using var noGrad = no_grad();
        return body();
    }
}
