using CsCheck;
using Edqa.Core.Calibration;
using Edqa.Core.Channel;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Tests;
using Edqa.Nn.Quantization;
using static TorchSharp.torch;

namespace Edqa.Nn.Tests;

/// <summary>The network's tensor paths equal the golden model bit for bit.</summary>
public sealed class TensorPathTests
{
    [Fact]
    public void Clipped_values_are_those_whose_code_falls_outside_the_grid()
    {
        // N = 3, m = 3, M = 2 (spec 2.4): inv = 2 and codes [-4, 3]; inv' = 16 and t in [-32, 31]. Channel 0 direct:
        // 2, 1.99 and 1.75 round to 4 (clipped), -2 to -4 (the smallest code). Channel 1 important: 2 and 1.99 give
        // 32 (clipped), 1.75 gives 28. Channel 2 float: nothing clips.
        float[] row = [2f, -2f, 1.99f, 1.75f, 0.5f];
        float[] data = [.. row, .. row, .. row];
        using var scope = NewDisposeScope();
        long[] clipped = EdqaTensorQuantizer.ClippedPerChannel(tensor(data, [1, 3, 5]),
            [ChannelMode.Direct, ChannelMode.Important, ChannelMode.Float], new QuantFormat(3, 3),
            ScaleGranularity.Layer);
        Assert.Equal([3L, 2L, 0L], clipped);
        // The unsigned grid clips the negatives instead: codes [0, 7], inv = 3.5, 2 * 3.5 = 7 fits.
        long[] unsigned = EdqaTensorQuantizer.ClippedPerChannel(tensor(data, [1, 3, 5]),
            [ChannelMode.Direct, ChannelMode.Important, ChannelMode.Float], new QuantFormat(3, 3, QuantGrid.Unsigned),
            ScaleGranularity.Layer);
        Assert.Equal([1L, 1L, 0L], unsigned);
    }

    [Fact]
    public void Edqa_tensor_path_equals_the_golden_model()
    {
        Gen.Select(ChannelCases.Format, Gen.Enum<ChannelKind>(), Gen.Int[1, 3], Gen.Int[1, 6], Gen.Int[1, 40], Gen.Bool,
                Gen.Int)
            .Sample((format, kind, batch, channels, length, perChannel, seed) =>
        {
            var layout = TensorLayout.Create([batch, channels, length], 1);
            float[] data = ChannelCases.Make(kind, format, layout.ElementCount, seed);
            var random = new Random(seed);
            ChannelMode[] modes = Enumerable.Range(0, channels).Select(_ => (ChannelMode)random.Next(3)).ToArray();
            var granularity = perChannel ? ScaleGranularity.Channel : ScaleGranularity.Layer;

            using var scope = NewDisposeScope();
            float[] tensorPath = EdqaTensorQuantizer.Quantize(tensor(data, [batch, channels, length]), modes, format,
                granularity).data<float>().ToArray();

            bool[] important = modes.Select(m => m == ChannelMode.Important).ToArray();
            var golden = LayerQuantizer.Reference;
            float[] expected =
                golden.Dequantize(golden.Quantize(data, layout, format, granularity, important).Layer).Values;
            for (int i = 0; i < data.Length; i++)
            {
                if (modes[layout.ChannelOf(i / length)] == ChannelMode.Float)
                {
                    expected[i] = data[i]; // Float channels pass through; the scale group still includes them
                }
            }

            BitAssert.Identical(expected, tensorPath);
        }, iter: 400);
    }

    [Fact]
    public void Auto_grid_follows_the_architecture_and_counts_what_an_unsigned_point_clamps()
    {
        using var cnn = new Models.SmallCnn();
        using var vit = new Models.VisionTransformer(width: 8, heads: 2, mlpWidth: 16, depth: 1);
        var format = new QuantFormat(3, 3);
        Assert.All(EdqaTensorQuantizer.PointFormats(cnn.ActivationPoints, format, GridChoice.Auto),
            f => Assert.Equal(QuantGrid.Unsigned, f.Grid)); // every point follows a ReLU
        Assert.Equal(vit.ActivationPoints.Select(p => p.Signed ? QuantGrid.Signed : QuantGrid.Unsigned),
            EdqaTensorQuantizer.PointFormats(vit.ActivationPoints, format, GridChoice.Auto).Select(f => f.Grid));
        Assert.Contains(vit.ActivationPoints, p => p.Signed);
        Assert.All(EdqaTensorQuantizer.PointFormats(vit.ActivationPoints, format, GridChoice.Signed),
            f => Assert.Equal(format, f));

        // A point on the unsigned grid: two negatives in quantized channels, one in a float channel (not counted).
        var point = cnn.ActivationPoints[0];
        var modes = new ChannelMode[point.Channels];
        Array.Fill(modes, ChannelMode.Direct);
        modes[1] = ChannelMode.Float;
        var quantizer = new EdqaTensorQuantizer(format, ScaleGranularity.Layer, cnn.ActivationPoints
            .Select(p => p.Index == 0 ? modes : new ChannelMode[p.Channels]).ToArray(),
            pointFormats: EdqaTensorQuantizer.PointFormats(cnn.ActivationPoints, format, GridChoice.Unsigned));
        using var scope = NewDisposeScope();
        var x = ones(1, point.Channels, 2, 2);
        x[0, 0, 0, 0] = tensor(-1f);
        x[0, 2, 1, 1] = tensor(-0.5f);
        x[0, 1, 0, 1] = tensor(-3f);
        float[] y = quantizer.Apply(x, point).data<float>().ToArray();
        Assert.Equal(2, quantizer.ClampedNegatives[0]);
        Assert.Equal(0f, y[0]);
        Assert.Equal(-3f, y[5]); // the float channel passes through
    }

    [Fact]
    public void Pot_tensor_path_equals_the_golden_model()
    {
        Gen.Select(Gen.Int[2, 8], Gen.Enum<ChannelKind>(), Gen.Int[1, 200], Gen.Int, Gen.Enum<QuantGrid>())
            .Sample((bits, kind, length, seed, grid) =>
        {
            float[] data = ChannelCases.Make(kind, new QuantFormat(bits, 1), 2 * length, seed);
            using var scope = NewDisposeScope();
            float[] tensorPath = PotTensorQuantizer.Quantize(tensor(data, [1, 2, length]), bits, ScaleGranularity.Layer,
                grid: grid).data<float>().ToArray();
            float max = data.Max(MathF.Abs);
            float[] expected = data.Select(x => PowerOfTwoQuantizer.Dequantize(
                PowerOfTwoQuantizer.Quantize(x, max, bits, grid), max, bits, grid)).ToArray();
            BitAssert.Identical(expected, tensorPath);
        }, iter: 400);
    }

    [Fact]
    public void Threshold_tensor_path_equals_the_golden_model()
    {
        Gen.Select(Gen.Int[2, 8], Gen.Enum<ChannelKind>(), Gen.Int[1, 200], Gen.Int, Gen.Double[0.05, 1.5])
            .Sample((bits, kind, length, seed, clip) =>
        {
            float[] data = ChannelCases.Make(kind, new QuantFormat(bits, 1), length, seed);
            float threshold = (float)(data.Max(MathF.Abs) * clip);
            using var scope = NewDisposeScope();
            float[] tensorPath = ThresholdTensorQuantizer.Quantize(tensor(data, [1, 1, length]), threshold, bits)
                .data<float>().ToArray();
            float step = ThresholdQuantizer.Step(threshold, bits);
            BitAssert.Identical(data.Select(x => ThresholdQuantizer.Apply(x, step, bits)).ToArray(), tensorPath);
        }, iter: 400);
    }
}
