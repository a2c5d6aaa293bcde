using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Edqa.Core;
using Edqa.Core.Analysis;
using Edqa.Core.Channel;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Training;
using static TorchSharp.torch;

namespace Edqa.Nn.Experiments;

/// <summary>One quantization point's choice: the share of its channels that are important, and their m.</summary>
public sealed record PointChoice(string Point, double Ratio, int ExtraBits);

/// <summary>
/// A per-layer eDQA configuration (`edqa tune`), a file `edqa run --config` takes: N for every point, and per point
/// r and m; with what it was chosen for (the checkpoint, the ranking's N, the budget) and what it measured.
/// </summary>
/// <param name="TestAccuracy">Reported, not used to choose: the test set's accuracy of the chosen and of the uniform
/// configuration.</param>
/// <param name="TestImages">Set when the test accuracies were measured on the first TestImages test images only (tune
/// --test-images, a quick run); absent, on the whole test set.</param>
public sealed record TuneConfig(
    string Format, string Model, string CheckpointSha256, int Bits, double Budget, PointChoice[] Points,
    double BitsPerActivation, double ValidationAccuracy, double UniformBitsPerActivation,
    double UniformValidationAccuracy, int ValidationImages, int Seed,
    double? TestAccuracy = null, double? UniformTestAccuracy = null, int Evaluations = 0, double Seconds = 0,
    string? Command = null, string? Commit = null, int? TestImages = null)
{
    public const string FormatTag = "edqa-tune/1";

    // camelCase, as every file the tools write (rank files, result files); files written before in snake_case
    // (checkpoint_sha256, extra_bits) are still read.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>A copy of <paramref name="node"/> with an older file's snake_case keys in camelCase (extra_bits:
    /// extraBits).</summary>
    private static JsonNode? CamelKeys(JsonNode? node) => node switch
    {
        JsonObject json => new JsonObject(json.Select(property =>
            KeyValuePair.Create(Camel(property.Key), CamelKeys(property.Value)))),
        JsonArray array => new JsonArray(array.Select(CamelKeys).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string Camel(string key)
    {
        string[] words = key.Split('_');
        return words[0]
            + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }

    public static TuneConfig Read(string path)
    {
        TuneConfig? config;
        try
        {
            config = CamelKeys(JsonNode.Parse(Core.Io.InputFile.ReadAllText(path)))
                .Deserialize<TuneConfig>(JsonOptions);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: a key given twice (extra_bits beside extraBits).
            throw new EdqaFormatException($"{path}: not a tune file ({e.Message})");
        }

        if (config is null || config.Format != FormatTag || config.Points is null || config.CheckpointSha256 is null)
        {
            throw new EdqaFormatException($"{path}: not an {FormatTag} file");
        }

        if (config.Bits is < SpecConstants.MinBits or > SpecConstants.MaxBits)
        {
            throw new EdqaFormatException(
                $"{path}: N (bits) is {config.Bits}, not in [{SpecConstants.MinBits}, {SpecConstants.MaxBits}]");
        }

        for (int i = 0; i < config.Points.Length; i++)
        {
            // Counted from 1, as a person reads the list.
            PointChoice? point = config.Points[i];
            if (point?.Point is null)
            {
                throw new EdqaFormatException(
                    $"{path}: point {i + 1} of the list is {(point is null ? "null" : "unnamed")}: each names its "
                    + $"point and gives its ratio and extraBits");
            }

            if (!(point.Ratio >= 0 && point.Ratio <= 1) || point.ExtraBits < SpecConstants.MinExtraBits
                || point.ExtraBits > config.Bits)
            {
                throw new EdqaFormatException(
                    $"{path}: point {point.Point}: r {point.Ratio} must be in [0, 1] and m {point.ExtraBits} in "
                    + $"[{SpecConstants.MinExtraBits}, N = {config.Bits}]");
            }
        }

        return config;
    }

    /// <summary>The configuration's channel modes and formats, point by point of <paramref name="model"/>.</summary>
    public (ChannelMode[][] Modes, QuantFormat[] Formats) Apply(QuantizableModel model, RankFile rank)
    {
        var modes = new ChannelMode[model.ActivationPoints.Count][];
        var formats = new QuantFormat[model.ActivationPoints.Count];
        foreach (ActivationPoint point in model.ActivationPoints)
        {
            PointChoice choice = Points.FirstOrDefault(p => p.Point == point.Name)
                ?? throw new EdqaFormatException($"the tune file has no choice for point {point.Name}");
            modes[point.Index] = Methods.EdqaModes(model, rank, choice.Ratio)[point.Index];
            formats[point.Index] = new QuantFormat(Bits, choice.ExtraBits);
        }

        return (modes, formats);
    }
}

/// <summary>
/// Chooses per layer (r, m) under an average budget of bits per activation (the paper leaves this open): greedy on
/// validation accuracy gained per bit spent, from every point Direct until the budget is spent, keeping the best
/// configuration seen (the uniform one included). Memory is measured, not modeled: every (r, m) of every point is
/// quantized by the golden model on activations the network really produces (codes, Huffman payloads, codebooks and
/// each important record's coding word H counted), so the budget holds for real Huffman sizes. Accuracy is measured
/// on validation images drawn from the training set, never the test set; the test set only reports the result.
/// </summary>
public static class Tuner
{
    /// <summary>Images whose activations the memory of each choice is measured on.</summary>
    public const int MemoryImages = 64;

    public sealed record Options(int Bits, IReadOnlyList<double> Ratios, IReadOnlyList<int> ExtraBits,
        int ValidationImages, int Seed, ScaleGranularity Granularity,
        double UniformRatio = 0.4, int UniformExtraBits = 3);

    public sealed record Result(TuneConfig Config)
    {
        public double TestAccuracy => Config.TestAccuracy ?? double.NaN;
        public double UniformTestAccuracy => Config.UniformTestAccuracy ?? double.NaN;
    }

    /// <summary>The evaluations a search usually makes (the estimate's total, in validation evaluations): the uniform
    /// and Direct, a step per point and ratio up to the uniform one with about one move per point that fits (33
    /// evaluations in all on the shipped CNN with --validation 128), and the two test evaluations.</summary>
    public static double TypicalEvaluations(int points, Options options, int testImages)
    {
        int steps = points * Math.Max(1, options.Ratios.Count(r => r > 0 && r <= options.UniformRatio));
        return 2 + (steps * (double)points) + (2.0 * testImages / options.ValidationImages);
    }

    /// <summary>Runs the search; <paramref name="progress"/> hears each step (a line) and each evaluation's share of
    /// <see cref="TypicalEvaluations"/> (a test evaluation weighs its images against the validation's).</summary>
    public static Result Run(QuantizableModel model, RankFile rank, FashionMnist train, FashionMnist test,
        Options options, double? budget, Action<string?, double>? progress = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<ActivationPoint> points = model.ActivationPoints;
        FashionMnist validation = train.Sample(options.ValidationImages, options.Seed);
        var uniform = new PointChoice[points.Count];
        foreach (ActivationPoint point in points)
        {
            uniform[point.Index] = new PointChoice(point.Name, options.UniformRatio, options.UniformExtraBits);
        }

        // Memory of every choice at every point, on what the points receive under the uniform configuration.
        (double[][][] bits, long[] elements) = MeasureMemory(model, rank, validation, options, uniform);
        double total = elements.Sum();
        double Memory(PointChoice[] choice) =>
            points.Sum(p =>
                    bits[p.Index][RatioIndex(options,
                        choice[p.Index].Ratio)][choice[p.Index].ExtraBits - 1] * elements[p.Index]) / total;
        int evaluations = 0;
        double Measure(PointChoice[] choice, FashionMnist data)
        {
            double measured = Evaluate(model, rank, choice, options, data);
            progress?.Invoke(null, (double)data.Count / options.ValidationImages);
            return measured;
        }

        double Accuracy(PointChoice[] choice, FashionMnist data)
        {
            evaluations++;
            return Measure(choice, data);
        }

        double uniformBits = Memory(uniform);
        double limit = budget ?? uniformBits;
        double uniformAccuracy = Accuracy(uniform, validation);

        // From every point Direct (r = 0: m does not matter), take the move of most accuracy per bit that fits.
        PointChoice[] current = points.Select(p => new PointChoice(p.Name, 0, options.UniformExtraBits)).ToArray();
        double accuracy = Accuracy(current, validation);
        double memory = Memory(current);
        if (memory > limit)
        {
            throw new ArgumentException(
                $"a budget of {limit:0.###} bits per activation is below Direct's {memory:0.###} at N = "
                + $"{options.Bits}");
        }

        // Spend the budget: every step takes the move of the most accuracy per bit (a loss when none gains, so a
        // plateau does not end the search), and the best configuration seen is kept.
        (PointChoice[] Choice, double Accuracy, double Memory) kept = (current, accuracy, memory);
        while (true)
        {
            (PointChoice[] Choice, double Accuracy, double Memory, double Gain)? best = null;
            foreach (PointChoice[] move in Moves(current, options))
            {
                double cost = Memory(move);
                if (cost > limit + 1e-12 || cost <= memory)
                {
                    continue;
                }

                double gained = Accuracy(move, validation);
                double gain = (gained - accuracy) / (cost - memory);
                if (best is null || gain > best.Value.Gain)
                {
                    best = (move, gained, cost, gain);
                }
            }

            if (best is null)
            {
                break;
            }

            (current, accuracy, memory) = (best.Value.Choice, best.Value.Accuracy, best.Value.Memory);
            if (accuracy > kept.Accuracy)
            {
                kept = (current, accuracy, memory);
            }

            progress?.Invoke(
                $"tune: {string.Join(", ", current.Select(c => $"{c.Point} r={c.Ratio:0.##} m={c.ExtraBits}"))}: "
                + $"{memory:0.###} bits/act, validation {100 * accuracy:0.00}%", 0);
        }

        // The uniform configuration is a candidate too, when it fits: the tuner never returns worse on validation.
        if (uniformBits <= limit + 1e-12 && uniformAccuracy > kept.Accuracy)
        {
            kept = (uniform, uniformAccuracy, uniformBits);
        }

        (current, accuracy, memory) = kept;
        double testAccuracy = Measure(current, test);
        double uniformTest = Measure(uniform, test);
        return new Result(new TuneConfig(TuneConfig.FormatTag, model.Architecture,
            model.CheckpointSha256 ?? string.Empty, options.Bits, limit, current, memory, accuracy,
            uniformBits, uniformAccuracy, options.ValidationImages, options.Seed, testAccuracy, uniformTest,
            evaluations, watch.Elapsed.TotalSeconds));
    }

    /// <summary>One step from a configuration: at one point, the next r up (same m), or m one up or down (r &gt;
    /// 0).</summary>
    private static IEnumerable<PointChoice[]> Moves(PointChoice[] current, Options options)
    {
        for (int p = 0; p < current.Length; p++)
        {
            PointChoice here = current[p];
            int r = RatioIndex(options, here.Ratio);
            var next = new List<PointChoice>();
            if (r + 1 < options.Ratios.Count)
            {
                next.Add(here with { Ratio = options.Ratios[r + 1] });
            }

            if (here.Ratio > 0)
            {
                next.AddRange(options.ExtraBits.Where(m => Math.Abs(m - here.ExtraBits) == 1)
                    .Select(m => here with { ExtraBits = m }));
            }

            foreach (PointChoice choice in next)
            {
                PointChoice[] move = [.. current];
                move[p] = choice;
                yield return move;
            }
        }
    }

    private static int RatioIndex(Options options, double ratio)
    {
        for (int i = 0; i < options.Ratios.Count; i++)
        {
            if (Math.Abs(options.Ratios[i] - ratio) < 1e-9)
            {
                return i;
            }
        }

        throw new ArgumentException($"r = {ratio} is not one of the tuned ratios");
    }

    private static EdqaTensorQuantizer Quantizer(QuantizableModel model, RankFile rank, PointChoice[] choice,
        Options options)
    {
        ChannelMode[][] modes = model.ActivationPoints.Select(p =>
            Methods.EdqaModes(model, rank, choice[p.Index].Ratio)[p.Index]).ToArray();
        QuantFormat[] formats = choice.Select(c => new QuantFormat(options.Bits, c.ExtraBits)).ToArray();
        return new EdqaTensorQuantizer(formats[0], options.Granularity, modes, pointFormats: formats);
    }

    private static double Evaluate(QuantizableModel model, RankFile rank, PointChoice[] choice, Options options,
        FashionMnist data)
    {
        using var hooks = new QuantizationHooks(model, Quantizer(model, rank, choice, options));
        return Evaluation.Accuracy(model, data);
    }

    /// <summary>Bits per activation of every (r, m) at every point ([point][ratio][m - 1]), and each point's elements
    /// per image batch, on the first <see cref="MemoryImages"/> validation images.</summary>
    private static (double[][][] Bits, long[] Elements) MeasureMemory(QuantizableModel model, RankFile rank,
        FashionMnist validation, Options options, PointChoice[] uniform)
    {
        int maxExtra = options.ExtraBits.Max();
        var bits =
            model.ActivationPoints.Select(_ => options.Ratios.Select(_ => new double[maxExtra]).ToArray()).ToArray();
        var elements = new long[model.ActivationPoints.Count];
        using var scope = NewDisposeScope();
        (Tensor images, _) = validation.Batch(0, Math.Min(MemoryImages, validation.Count));
        (_, IReadOnlyList<CapturedActivation> captured) =
            CapturingQuantizer.Run(model, images, Quantizer(model, rank, uniform, options));
        foreach (CapturedActivation activation in captured)
        {
            int p = activation.Point.Index;
            TensorLayout layout = TensorLayout.Create(activation.Shape, 1);
            elements[p] = layout.ElementCount;
            for (int r = 0; r < options.Ratios.Count; r++)
            {
                bool[] important = Methods.ImportantMask(Methods.EdqaModes(model, rank, options.Ratios[r])[p]);
                foreach (int m in options.ExtraBits)
                {
                    var format = new QuantFormat(options.Bits, m);
                    QuantizedLayer layer = LayerQuantizer.Optimized.Quantize(activation.Data, layout, format,
                        options.Granularity, important, activation.Point.Name).Layer;
                    var footprint = LayerFootprint.Of(layer, ChannelCodec.Optimized);
                    // Every stored bit: codes, codebooks, payloads, and each important record's 32-bit coding word H.
                    bits[p][r][m - 1] =
                        (footprint.EdqaBits + (32.0 * footprint.Records.Count(x => x.Important))) / layout.ElementCount;
                }
            }
        }

        return (bits, elements);
    }
}
