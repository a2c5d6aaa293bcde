using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Nn.Experiments;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Ranking;
using Edqa.Nn.Training;
using static TorchSharp.torch;

namespace Edqa.Nn.Tests;

/// <summary>Models, hooks, training, ranking and NoisyQuant on tiny data (TorchSharp runs single-threaded
/// here).</summary>
[Collection(TorchCollection.Name)]
public sealed class NetworkTests
{
    [Theory]
    [InlineData("cnn", new[] { 16, 32, 32, 64 }, new[] { 784, 196, 196, 49 })]
    [InlineData("resnet20", new[] { 16, 16, 16, 16, 32, 32, 32, 64, 64, 64 },
        new[] { 784, 784, 784, 784, 196, 196, 196, 49, 49, 49 })]
    [InlineData("mobilenetv2", new[] { 16, 16, 48, 48, 72, 72, 72, 72, 96, 96, 96, 96, 96 },
        new[] { 784, 784, 784, 196, 196, 196, 196, 49, 49, 49, 49, 49, 49 })]
    [InlineData("vit", new[] { 48, 48, 48, 96, 48, 48, 48, 96, 48, 48, 48, 96 },
        new[] { 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49 })]
    public void Activation_points_match_what_the_hooks_capture(string architecture, int[] channels, int[] lengths)
    {
        manual_seed(1);
        QuantizableModel model = QuantizableModel.Create(architecture);
        model.eval();
        (Tensor logits, IReadOnlyList<CapturedActivation> captured) =
            CapturingQuantizer.Run(model, rand(2, 1, 28, 28), null);
        Assert.Equal([2, 10], logits.shape);
        Assert.Equal(channels, model.ActivationPoints.Select(p => p.Channels));
        Assert.Equal(lengths, model.ActivationPoints.Select(p => p.Length));
        Assert.Equal(channels.Length, captured.Count);
        for (int i = 0; i < captured.Count; i++)
        {
            Assert.Equal(i, captured[i].Point.Index);
            Assert.Equal(2L * channels[i] * lengths[i], captured[i].Data.Length);
        }

        // Running from any point on gives the same logits as the whole network.
        using var noGrad = no_grad();
        Tensor input = rand(3, 1, 28, 28);
        Tensor whole = model.call(input);
        for (int point = 0; point < model.ActivationPoints.Count; point++)
        {
            Assert.True(model.ForwardFrom(point, model.ForwardTo(point, input)).eq(whole).all().item<bool>(),
                $"point {point}");
        }

        // With every point quantized too: a hook replaces only the activation, what a segment carries behind it
        // (a residual stream) reaches the later segments unchanged, so the cut network is still the network.
        var quantizer = new EdqaTensorQuantizer(new QuantFormat(3, 3), ScaleGranularity.Channel,
            model.ActivationPoints.Select(p => Enumerable.Repeat(ChannelMode.Direct, p.Channels).ToArray()).ToArray());
        using var hooks = new QuantizationHooks(model, quantizer);
        Tensor quantized = model.call(input);
        Assert.False(quantized.eq(whole).all().item<bool>());
        for (int point = 0; point < model.ActivationPoints.Count; point++)
        {
            Assert.True(model.ForwardFrom(point, model.ForwardTo(point, input)).eq(quantized).all().item<bool>(),
                $"quantized, point {point}");
        }
    }

    [Fact]
    public void Same_seed_same_weights_and_another_seed_other_weights()
    {
        using var tiny = new TinyData(train: 2 * Trainer.BatchSize);
        float[] Weights(int seed) => Trainer.Train("cnn", 1, seed, tiny.Train, tiny.Test, limitBatches: 2).Model
            .parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        float[] first = Weights(7);
        Assert.Equal(first, Weights(7));
        Assert.NotEqual(first, Weights(8));
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void Fast_ranking_equals_the_naive_loop_exactly()
    {
        using var tiny = new TinyData(train: 160);
        AssertFastRankingIsNaive(Trainer.Train("cnn", 1, 3, tiny.Train, tiny.Test).Model, tiny);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void Fast_ranking_equals_the_naive_loop_where_segments_carry_a_residual_stream()
    {
        // A transformer (every point carries the stream), small enough for the naive loop: 40 channels.
        using var tiny = new TinyData(train: 160);
        manual_seed(3);
        var model = new VisionTransformer(width: 8, heads: 2, mlpWidth: 16, depth: 1);
        model.eval();
        Assert.All(model.ActivationPoints, p => Assert.Equal(8, p.Carried));
        AssertFastRankingIsNaive(model, tiny);
    }

    private static void AssertFastRankingIsNaive(QuantizableModel model, TinyData tiny)
    {
        var options = new RankingOptions(3, ScaleGranularity.Channel, BatchSize: 64, CandidatesPerPass: 5);
        var calibration = tiny.Train.Sample(150, seed: 2);
        var naive = GreedyRanker.RankNaive(model, calibration, options);
        var fast = GreedyRanker.RankFast(model, calibration, options);
        Assert.Equal(model.ActivationPoints.Select(p => p.Name), naive.Select(l => l.Name));
        for (int layer = 0; layer < naive.Length; layer++)
        {
            Assert.Equal(naive[layer].Order, fast[layer].Order);
            Assert.Equal(naive[layer].Scores, fast[layer].Scores);
            Assert.Equal(Enumerable.Range(0, naive[layer].Channels), naive[layer].Order.Order());
        }
    }

    [Fact]
    public void NoisyQuant_calibrates_a_step_and_a_bounded_noise_per_point_and_removes_the_noise()
    {
        using var tiny = new TinyData();
        QuantizableModel model = Trainer.Train("cnn", 1, 4, tiny.Train, tiny.Test).Model;
        NoisyQuantQuantizer quantizer = NoisyQuantQuantizer.Calibrate(model, tiny.Train, bits: 3, seed: 5, images: 64);
        Assert.Equal(model.ActivationPoints.Count, quantizer.Points.Count);
        foreach ((NoisyQuantPoint point, ActivationPoint activation) in quantizer.Points.Zip(model.ActivationPoints))
        {
            Assert.Equal(activation.Channels, point.Noise.Length);
            Assert.True(point.Step > 0);
            Assert.All(point.Noise, n => Assert.True(Math.Abs(n) <= point.NoiseAmplitude * point.Step + 1e-6));
        }

        // Within the clip range the error is at most half a step: the noise added before quantizing is removed after.
        NoisyQuantPoint first = quantizer.Points[0];
        Tensor x = rand(1, 16, 4, 4) * (first.Clip * 0.5f);
        float maxError = (NoisyQuantQuantizer.Quantize(x, first, 3) - x).abs().max().item<float>();
        Assert.True(maxError <= (first.Step / 2) + 1e-5, $"{maxError} > {first.Step / 2}");
    }

    [Fact]
    public void DQSS_learns_weights_from_the_calibration_loss_and_chooses_one_candidate_per_point()
    {
        using var tiny = new TinyData();
        QuantizableModel model = Trainer.Train("cnn", 1, 7, tiny.Train, tiny.Test).Model;
        float[] before = model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        // A short search (the default's 300 steps add time, not coverage, on tiny data).
        var run = new DqssRun(model, tiny.Train, seed: 3, new DqssSettings(Steps: 60));
        DqssCandidates candidates = run.Candidates(3);
        DqssSearchResult search = run.Search(3);
        Assert.Same(search, run.Search(3));
        Assert.Equal(model.ActivationPoints.Select(p => p.Name), search.Choices.Select(c => c.Point));
        for (int p = 0; p < search.Choices.Length; p++)
        {
            DqssChoice choice = search.Choices[p];
            Assert.Equal(1.0, choice.Weights.Sum(), 4);
            Assert.Equal(choice.Weights.Max(), choice.Weights[(int)choice.Finder]);
            Assert.Equal(candidates.Thresholds[p][(int)choice.Finder], choice.Threshold);
        }

        // The search moved the weights away from uniform and left the network's weights as they were.
        Assert.Contains(search.Choices, c => Math.Abs(c.Weights.Max() - 0.25f) > 1e-3);
        Assert.Equal(before, model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray());
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));

        // Each candidate alone is the candidate's thresholds at every point; max-abs never clips the calibration data.
        float[] maxAbs = candidates.Quantizer(Core.Calibration.ThresholdFinder.MaxAbs).Thresholds.ToArray();
        (Tensor images, _) = tiny.Train.Batch(0, Math.Min(DqssCandidates.Images, tiny.Train.Count));
        (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(model, images, null);
        Assert.All(captured, a => Assert.Equal(a.Data.Max(MathF.Abs), maxAbs[a.Point.Index]));
        double accuracy = ExperimentSetup.NoGrad(() =>
        {
            using var hooks = new QuantizationHooks(model, Methods.Dqss.Build(
                new MethodContext(model, new QuantFormat(3, 3), ScaleGranularity.Channel, Dqss: run)).Quantizer!);
            return Evaluation.Accuracy(model, tiny.Test);
        });
        Assert.InRange(accuracy, 0, 1);
        Assert.Throws<ArgumentException>(
            () => Methods.Kl.Build(new MethodContext(model, new QuantFormat(3, 3), ScaleGranularity.Channel)));
    }

    [Fact]
    public void Auto_grid_from_calibration_follows_the_calibration_minima_and_DQSS_candidates_take_the_grid()
    {
        using var tiny = new TinyData();
        QuantizableModel model = Trainer.Train("cnn", 1, 7, tiny.Train, tiny.Test).Model;
        var fromCalibration = new GridSetting(GridChoice.Auto, GridSource.Calibration);
        // The CNN's points follow ReLUs: no calibration value is below 0, and both rules give the unsigned grid.
        bool[] negative = fromCalibration.NegativeOnCalibration(model, tiny.Train)!;
        Assert.All(negative, Assert.False);
        Assert.All(fromCalibration.Grids(model, negative), g => Assert.Equal(QuantGrid.Unsigned, g));
        Assert.Equal(new GridSetting(GridChoice.Auto).Grids(model, null), fromCalibration.Grids(model, negative));
        // A point whose calibration data went below 0 stays signed under auto, whatever the architecture says.
        negative[1] = true;
        Assert.Equal(QuantGrid.Signed, fromCalibration.Grids(model, negative)[1]);
        Assert.Null(new GridSetting(GridChoice.Auto).NegativeOnCalibration(model, tiny.Train));

        // The candidates on the unsigned grid: Max_Abs's T is max |x| either way, and the tensor path equals spec §9's
        // unsigned quantizer element by element.
        QuantGrid[] unsigned = [.. model.ActivationPoints.Select(_ => QuantGrid.Unsigned)];
        DqssCandidates signedCandidates = new DqssRun(model, tiny.Train, 3).Candidates(3);
        DqssCandidates unsignedCandidates = new DqssRun(model, tiny.Train, 3, grids: unsigned).Candidates(3);
        int maxAbs = (int)Core.Calibration.ThresholdFinder.MaxAbs;
        Assert.Equal(signedCandidates.Thresholds.Select(t => t[maxAbs]),
            unsignedCandidates.Thresholds.Select(t => t[maxAbs]));
        (Tensor images, _) = tiny.Train.Batch(0, 8);
        (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(model, images, null);
        float threshold = unsignedCandidates.Thresholds[0][maxAbs];
        float step = Core.Calibration.ThresholdQuantizer.Step(threshold, 3, QuantGrid.Unsigned);
        float[] expected = captured[0].Data
            .Select(x => Core.Calibration.ThresholdQuantizer.Apply(x, step, 3, QuantGrid.Unsigned)).ToArray();
        float[] actual = ThresholdTensorQuantizer.Quantize(tensor(captured[0].Data, captured[0].Shape), threshold, 3,
            QuantGrid.Unsigned).data<float>().ToArray();
        Assert.Equal(expected, actual);
        Assert.All(actual, v => Assert.True(v >= 0 && v <= threshold));
    }

    [Fact]
    public void N2UQ_has_uniform_levels_non_uniform_thresholds_and_gradients_for_both()
    {
        using var quantizer = N2UqActivations.Initialize(2, [3f]);
        var point = QuantizableModel.Create("cnn").ActivationPoints[0];
        using (no_grad())
        {
            quantizer.Widths[0].copy_(tensor(new[] { 1f, 2f, 0.5f }));
        }

        // s = 1; b = 0, 1, 3; thresholds 0.5, 2, 3.25: levels 0, 1, 2, 3 at uniform spacing.
        Assert.Equal(new[] { 0.5f, 2f, 3.25f }, quantizer.Thresholds()[0]);
        Tensor x = tensor(new[] { -1f, 0.4f, 0.6f, 1.9f, 2.1f, 3.2f, 3.3f, 10f }).reshape(1, 1, 2, 4)
            .requires_grad_(true);
        Tensor y = quantizer.Apply(x, point);
        Assert.Equal(new[] { 0f, 0f, 1f, 1f, 2f, 2f, 3f, 3f }, y.data<float>().ToArray());
        y.sum().backward();
        Assert.NotEqual(0f, quantizer.Widths[0].grad!.abs().sum().item<float>());
        Assert.NotEqual(0f, quantizer.Steps[0].grad!.abs().item<float>());
        // Inside [0, Σ a] the input gradient is the ramp's slope 1 / a_i; outside it is 0.
        Assert.Equal(new[] { 0f, 1f, 1f, 0.5f, 0.5f, 2f, 2f, 0f }, x.grad!.data<float>().ToArray());

        // A signed point (the transformer's): 3 bits are 3 levels a side, the same thresholds on |x|, the sign back.
        using var symmetric = N2UqActivations.Initialize(3, [3f], [true]);
        using (no_grad())
        {
            symmetric.Widths[0].copy_(tensor(new[] { 1f, 2f, 0.5f }));
        }

        Tensor signed = tensor(new[] { -0.4f, -0.6f, 1.9f, -2.1f, 3.2f, -3.3f, -10f, 0f }).reshape(1, 1, 2, 4);
        Assert.Equal(new[] { 0f, -1f, 1f, -2f, 2f, -3f, -3f, 0f },
            symmetric.Apply(signed, point with { Signed = true }).data<float>().ToArray());
    }

    [Fact]
    public void ADQ_fine_tunes_a_copy_within_the_weight_budget_on_codebook_weights()
    {
        using var tiny = new TinyData();
        QuantizableModel model = Trainer.Train("cnn", 1, 8, tiny.Train, tiny.Test).Model;
        float[] before = model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var run = new AdqRun(model, tiny.Train, seed: 2, new AdqTraining.Options(Epochs: 1, AverageWeightBits: 3));
        AdqResult result = run.FineTune(3);
        Assert.Same(result, run.FineTune(3));
        Assert.Equal(before, model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray());

        var weights = WeightQuantization.QuantizedWeights(result.Model);
        Assert.Equal(WeightQuantization.EdgeLayerBits, result.Weights.Codebooks[0].Bits);
        Assert.Equal(WeightQuantization.EdgeLayerBits, result.Weights.Codebooks[^1].Bits);
        long inner = weights.Skip(1).SkipLast(1).Sum(w => w.Weight.numel());
        double innerBits = weights.Skip(1).SkipLast(1)
            .Zip(result.Weights.Codebooks.Skip(1), (w, c) => (double)w.Weight.numel() * c.Bits).Sum();
        Assert.True(innerBits <= 3 * inner, $"{innerBits / inner} bits on average over the budget");
        for (int l = 0; l < weights.Count; l++)
        {
            var codewords = result.Weights.Codebooks[l].Codewords.ToHashSet();
            Assert.All(weights[l].Weight.data<float>().ToArray(), w => Assert.Contains(w, codewords));
        }

        Assert.Single(run.Records);
        Assert.Equal(result.AverageWeightBits, run.Records.First().AverageWeightBits);
        double accuracy = ExperimentSetup.NoGrad(() =>
        {
            using var hooks = new QuantizationHooks(result.Model, result.Activations);
            return Evaluation.Accuracy(result.Model, tiny.Test);
        });
        Assert.InRange(accuracy, 0, 1);

        // eDQA beside ADQ runs on the very same fine-tuned network; only the activation quantizer differs.
        var rank = new Core.Ranking.RankFile(Core.Ranking.RankFile.FormatTag, "cnn", null, 3, 1, 1,
            model.ActivationPoints.Select(p => new Core.Ranking.LayerRanking(p.Name, p.Channels,
                Enumerable.Range(0, p.Channels).ToArray())).ToArray());
        var context = new MethodContext(model, new QuantFormat(3, 3), ScaleGranularity.Channel, rank, 0.4, tiny.Train,
            2, Adq: run);
        var (adqModel, adqQuantizer) = Methods.Adq.Build(context);
        var (edqaModel, edqaQuantizer) = Methods.EdqaQuantizedWeights.Build(context);
        Assert.Same(result.Model, adqModel);
        Assert.Same(result.Activations, adqQuantizer);
        Assert.Same(result.Model, edqaModel);
        Assert.IsType<EdqaTensorQuantizer>(edqaQuantizer);
    }

    [Fact]
    public void Calibrated_scales_cover_every_batch_and_quantize_as_the_golden_model_does()
    {
        using var tiny = new TinyData();
        QuantizableModel model = Trainer.Train("cnn", 1, 6, tiny.Train, tiny.Test).Model;
        float[][] maxima = CalibratedMaxima.Compute(model, tiny.Train, ScaleGranularity.Channel, batchSize: 32);
        (Tensor images, _) = tiny.Test.Batch(0, 16);
        (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(model, images, null);
        var format = new QuantFormat(3, 3);
        foreach (CapturedActivation activation in captured)
        {
            float[] calibrated = maxima[activation.Point.Index];
            Assert.Equal(activation.Point.Channels, calibrated.Length);
            var modes = Enumerable.Repeat(ChannelMode.Direct, activation.Point.Channels).ToArray();
            float[] tensorPath = EdqaTensorQuantizer.Quantize(tensor(activation.Data, activation.Shape), modes,
                format, ScaleGranularity.Channel, calibrated).data<float>().ToArray();
            int length = activation.Point.Length;
            for (int i = 0; i < activation.Data.Length; i++)
            {
                // Test images were not calibrated on: values above a channel's M clip, as the spec's clamp says.
                GroupScale scale = GroupScale.FromMax(calibrated[(i / length) % activation.Point.Channels], 3);
                float expected = ElementQuantizer.Dequantize(
                    ElementQuantizer.QuantizeDirect(activation.Data[i], scale.Inv, format), scale.Delta);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(tensorPath[i]));
            }
        }
    }

    [Fact]
    public void Edqa_with_a_ratio_of_zero_is_Direct_and_full_ratio_marks_every_channel()
    {
        QuantizableModel model = QuantizableModel.Create("cnn");
        var rank = new Core.Ranking.RankFile(Core.Ranking.RankFile.FormatTag, "cnn", null, 3, 1, 1,
            model.ActivationPoints.Select(p => new Core.Ranking.LayerRanking(p.Name, p.Channels,
                Enumerable.Range(0, p.Channels).Reverse().ToArray())).ToArray());
        Assert.All(Methods.EdqaModes(model, rank, 0).SelectMany(m => m), m => Assert.Equal(ChannelMode.Direct, m));
        Assert.All(Methods.EdqaModes(model, rank, 1).SelectMany(m => m), m => Assert.Equal(ChannelMode.Important, m));
        ChannelMode[] first = Methods.EdqaModes(model, rank, 0.25)[0];
        Assert.Equal(4, first.Count(m => m == ChannelMode.Important)); // floor(0.25 * 16 + 0.5)
        Assert.Equal(ChannelMode.Important, first[15]); // the ranking put channel 15 first
        Assert.Throws<ArgumentException>(
            () => Methods.Edqa.Build(new MethodContext(model, new QuantFormat(3, 3), ScaleGranularity.Channel)));
    }
}

/// <summary>TorchSharp tests share the process's thread pool; one at a time keeps them deterministic and
/// fast.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp";
}
