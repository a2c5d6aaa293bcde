using Edqa.Core.Channel;
using Edqa.Core.Container;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>The unsigned grid's worked examples of docs/spec.md §2.4 and §4.4, value by value, and its flag in the
/// container and the job stream.</summary>
public class UnsignedGridTests
{
    private static readonly QuantFormat Unsigned = new(3, 3, QuantGrid.Unsigned);

    private static readonly float[] SpecChannel = [2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f];

    [Fact]
    public void Scale_of_M_2_and_N_3_is_7_steps()
    {
        GroupScale scale = GroupScale.FromMax(2f, Unsigned);
        Assert.Equal(0x40600000u, BitConverter.SingleToUInt32Bits(scale.Inv)); // 3.5
        Assert.Equal(0x3E924925u, BitConverter.SingleToUInt32Bits(scale.Delta)); // float32(2 / 7)
        Assert.Equal(28f, scale.Multiplier(important: true, 3));
        Assert.Equal((0, 7, 0, 63), (Unsigned.CodeMin, Unsigned.CodeMax, Unsigned.WideMin, Unsigned.WideMax));
    }

    [Theory]
    [InlineData(0.25f, 1, 0.285714298f)]
    [InlineData(1f, 4, 1.14285719f)]    // 3.5: a tie, to even 4
    [InlineData(1.7f, 6, 1.71428585f)]
    [InlineData(2f, 7, 2f)]             // the largest code, not clipped
    [InlineData(-0.3f, 0, 0f)]          // negative: clamped to 0
    public void Direct_channel_examples(float x, int expectedCode, float expectedValue)
    {
        GroupScale scale = GroupScale.FromMax(2f, Unsigned);
        int q = ElementQuantizer.QuantizeDirect(x, scale.Inv, Unsigned);
        Assert.Equal(expectedCode, q);
        float reconstructed = ElementQuantizer.Dequantize(q, scale.Delta);
        Assert.Equal(BitConverter.SingleToInt32Bits(expectedValue), BitConverter.SingleToInt32Bits(reconstructed));
    }

    [Theory]
    [InlineData(2f, 56, 7, 0, 2f)]
    [InlineData(0.7f, 20, 2, 4, 0.714285731f)]
    [InlineData(0.09375f, 3, 0, 3, 0.107142866f)]
    [InlineData(1f, 28, 3, 4, 1f)]
    [InlineData(0.5f, 14, 1, 6, 0.5f)]
    [InlineData(-0.3f, 0, 0, 0, 0f)]
    public void Important_channel_examples(float x, int t, int q, int e, float expectedValue)
    {
        GroupScale scale = GroupScale.FromMax(2f, Unsigned);
        int wide = ElementQuantizer.QuantizeWide(x, scale.Multiplier(true, 3), Unsigned);
        Assert.Equal(t, wide);
        Assert.Equal(q, ElementQuantizer.ShiftedCode(wide, Unsigned));
        Assert.Equal(e, ElementQuantizer.ShiftingError(wide, Unsigned));
        Assert.Equal(BitConverter.SingleToInt32Bits(expectedValue),
            BitConverter.SingleToInt32Bits(ElementQuantizer.Dequantize(wide, scale.Step(true, 3))));
    }

    [Fact]
    public void The_spec_channel_on_the_unsigned_grid_counts_its_two_negatives()
    {
        foreach (LayerQuantizer quantizer in new[] { LayerQuantizer.Reference, LayerQuantizer.Optimized })
        {
            LayerQuantization result = quantizer.Quantize(SpecChannel, TensorLayout.Create([1, 8], 0), Unsigned,
                ScaleGranularity.Layer, [true]);
            Assert.Equal(2, result.ClampedNegatives);
            Assert.Equal(0xE800C100u, result.Layer.Records[0][0]);
            ChannelFields fields = result.Layer.DecodeRecord(0, ChannelCodec.Reference);
            Assert.Equal(new byte[] { 0, 4, 0, 3, 0, 4, 0, 6 }, fields.Errors);
            Assert.Equal(new[] { 2f, 0.714285731f, 0f, 0.107142866f, 0f, 1f, 0f, 0.5f },
                quantizer.Dequantize(result.Layer).Values);
        }

        Assert.Equal(0, LayerQuantizer.ClampedNegatives(SpecChannel, new QuantFormat(3, 3)));
    }

    [Fact]
    public void Codes_above_127_survive_at_N_8()
    {
        // q up to 255 is held in an sbyte's bits; every path reads it back unsigned.
        var format = new QuantFormat(8, 2, QuantGrid.Unsigned);
        float[] values = Enumerable.Range(0, 300).Select(i => i / 299f).ToArray();
        GroupScale scale = GroupScale.FromMax(1f, format);
        foreach (bool important in new[] { false, true })
        {
            uint[] record = ChannelCodec.Reference.Encode(values, scale, important, format);
            Assert.Equal(record, ChannelCodec.Optimized.Encode(values, scale, important, format));
            var (reference, optimized) = (new float[300], new float[300]);
            ChannelCodec.Reference.Dequantize(ChannelCodec.Reference.Decode(record, 300, important, format), scale,
                format, reference);
            ChannelCodec.Optimized.Dequantize(ChannelCodec.Optimized.Decode(record, 300, important, format), scale,
                format, optimized);
            BitAssert.Identical(reference, optimized);
            Assert.Equal(1f, reference[^1], 1e-6f);
            Assert.All(values.Zip(reference), pair => Assert.InRange(pair.Second - pair.First, -2e-3f, 2e-3f));
        }
    }

    [Fact]
    public void The_container_keeps_the_grid_in_its_flags_byte()
    {
        QuantizedLayer layer = LayerQuantizer.Optimized.Quantize(SpecChannel, TensorLayout.Create([1, 8], 0), Unsigned,
            ScaleGranularity.Layer, [true]).Layer;
        byte[] file = EdqaFile.ToBytes(layer);
        Assert.Equal(EdqaFile.UnsignedGridFlag, file[11]);
        QuantizedLayer read = EdqaFile.Read(file);
        Assert.Equal(Unsigned, read.Format);
        Assert.Equal(layer.Records, read.Records);
        Assert.Equal(0, EdqaFile.ToBytes(LayerQuantizer.Optimized.Quantize(SpecChannel, TensorLayout.Create([1, 8], 0),
            new QuantFormat(3, 3), ScaleGranularity.Layer, [true]).Layer)[11]);
    }

    [Fact]
    public void The_job_stream_carries_the_grid_and_the_golden_runner_refuses_an_unknown_one()
    {
        AcceleratorJob job = LayerQuantizer.QuantizeJob(SpecChannel, TensorLayout.Create([1, 8], 0), Unsigned,
            ScaleGranularity.Layer, [true], "unsigned", out _);
        Assert.Equal(1u, job.Records[0].Descriptor.Grid);
        AcceleratorJob parsed = Assert.Single(JobStream.Parse(JobStream.ToBytes([job])));
        Assert.Equal(job.Records[0].Descriptor, parsed.Records[0].Descriptor);
        Assert.Equal(0xE800C100u, GoldenJobRunner.Reference.Run([parsed])[0].Records[0].Output[0]);

        AcceleratorJob bad = job with
        {
            Records = [new JobRecord(job.Records[0].Descriptor with { Grid = 2 }, job.Records[0].Input)],
        };
        RecordResult refused = GoldenJobRunner.Reference.Run([bad])[0].Records[0];
        Assert.Equal(RecordStatus.InvalidArgument, refused.Status);
        Assert.Contains("grid", refused.Message);
    }
}
