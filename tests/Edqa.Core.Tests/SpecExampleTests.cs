using Edqa.Core.Channel;
using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>The worked examples of docs/spec.md §2.4, value by value. If one of these changes, the spec
/// changed.</summary>
public class SpecExampleTests
{
    private static readonly QuantFormat N3M3 = new(3, 3);

    [Fact]
    public void Scale_of_M_2_and_N_3_is_exact()
    {
        GroupScale scale = GroupScale.FromMax(2f, 3);
        Assert.Equal(2f, scale.Inv);
        Assert.Equal(0.5f, scale.Delta);
        Assert.Equal(16f, scale.Multiplier(important: true, 3));
        Assert.Equal(0.0625f, scale.Step(important: true, 3));
    }

    [Fact]
    public void Maximum_of_an_important_channel_is_1_9375_not_the_authors_5()
    {
        GroupScale scale = GroupScale.FromMax(2f, 3);
        int t = ElementQuantizer.QuantizeWide(2f, scale.Multiplier(true, 3), N3M3);
        Assert.Equal(31, t); // 2 * 16 = 32 clips to 2^5 - 1
        Assert.Equal(3, ElementQuantizer.ShiftedCode(t, N3M3));
        Assert.Equal(7, ElementQuantizer.ShiftingError(t, N3M3));
        Assert.Equal(1.9375f, ElementQuantizer.Dequantize(t, scale.Step(true, 3)));
    }

    [Fact]
    public void Authors_golden_input_0_1_2_decodes_to_0_1_1_9375()
    {
        float[] input = [0f, 1f, 2f];
        var layer = Layer.LayerQuantizer.Optimized.Quantize(input, Layer.TensorLayout.Create([1, 3], 0), N3M3,
            Layer.ScaleGranularity.Layer, [true]).Layer;
        Assert.Equal([0f, 1f, 1.9375f], Layer.LayerQuantizer.Optimized.Dequantize(layer).Values);
    }

    [Theory]
    [InlineData(0.25f, 0, 0f)]     // 0.25 * 2 = 0.5: a tie, rounds to even 0
    [InlineData(0.75f, 2, 1f)]     // 1.5: a tie, rounds to even 2
    [InlineData(1.25f, 2, 1f)]     // 2.5: a tie, rounds to even 2
    [InlineData(-0.25f, 0, 0f)]    // -0.5 rounds to 0, and 0 * 0.5 is +0
    [InlineData(-0.75f, -2, -1f)]  // -1.5 rounds to -2
    [InlineData(2f, 3, 1.5f)]      // 4 clips to 2^2 - 1 = 3
    [InlineData(-2f, -4, -2f)]     // -4 is the smallest code: not clipped
    [InlineData(1.7f, 3, 1.5f)]    // 3.4 rounds to 3
    public void Direct_channel_examples(float x, int expectedCode, float expectedValue)
    {
        GroupScale scale = GroupScale.FromMax(2f, 3);
        int q = ElementQuantizer.QuantizeDirect(x, scale.Inv, N3M3);
        Assert.Equal(expectedCode, q);
        float reconstructed = ElementQuantizer.Dequantize(q, scale.Delta);
        Assert.Equal(BitConverter.SingleToInt32Bits(expectedValue), BitConverter.SingleToInt32Bits(reconstructed));
    }

    [Theory]
    [InlineData(0.03125f, 0, 0, 0, 0f)]           // 1/32 * 16 = 0.5, tie to even 0
    [InlineData(0.09375f, 2, 0, 2, 0.125f)]       // 3/32 * 16 = 1.5, tie to even 2
    [InlineData(-0.3f, -5, -1, 3, -0.3125f)]      // -4.8 rounds to -5 = -1 * 8 + 3
    [InlineData(-2f, -32, -4, 0, -2f)]            // the smallest wide value
    [InlineData(1f, 16, 2, 0, 1f)]
    [InlineData(0.7f, 11, 1, 3, 0.6875f)]         // 11.2 rounds to 11 = 1 * 8 + 3
    public void Important_channel_examples(float x, int t, int q, int e, float expectedValue)
    {
        GroupScale scale = GroupScale.FromMax(2f, 3);
        int wide = ElementQuantizer.QuantizeWide(x, scale.Multiplier(true, 3), N3M3);
        Assert.Equal(t, wide);
        Assert.Equal(q, ElementQuantizer.ShiftedCode(wide, N3M3));
        Assert.Equal(e, ElementQuantizer.ShiftingError(wide, N3M3));
        Assert.Equal(expectedValue, ElementQuantizer.Dequantize(wide, scale.Step(true, 3)));
    }

    [Fact]
    public void Paper_form_delta_times_q_plus_e_over_2_to_m_is_bit_identical()
    {
        // x^ = t * (delta * 2^-m) equals the paper's delta * (q + e / 2^m) for every t and a range of deltas.
        foreach (QuantFormat format in ChannelCases.AllFormats())
        {
            foreach (float max in new[] { 2f, 0.37f, 1e-3f, 6.02e4f, MathF.ScaleB(1f, -64) })
            {
                GroupScale scale = GroupScale.FromMax(max, format);
                for (int t = format.WideMin; t <= format.WideMax; t++)
                {
                    int q = ElementQuantizer.ShiftedCode(t, format);
                    int e = ElementQuantizer.ShiftingError(t, format);
                    float paper = scale.Delta * (q + (e / (float)(1 << format.ExtraBits)));
                    float spec = ElementQuantizer.Dequantize(t, scale.Step(true, format.ExtraBits));
                    Assert.Equal(BitConverter.SingleToInt32Bits(paper), BitConverter.SingleToInt32Bits(spec));
                }
            }
        }
    }

    [Fact]
    public void All_zero_group_gives_zero_codes_and_positive_zero()
    {
        GroupScale scale = GroupScale.FromMax(0f, 3);
        Assert.True(scale.IsZero);
        float[] values = [0f, -0f, 0f];
        uint[] record = ChannelCodec.Reference.Encode(values, scale, important: true, N3M3);
        ChannelFields fields = ChannelCodec.Reference.Decode(record, values.Length, important: true, N3M3);
        Assert.All(fields.Codes, q => Assert.Equal(0, q));
        Assert.All(fields.Errors, e => Assert.Equal(0, e));
        var output = new float[3];
        ChannelCodec.Reference.Dequantize(fields, scale, N3M3, output);
        Assert.All(output, x => Assert.Equal(0, BitConverter.SingleToInt32Bits(x)));
    }

    [Fact]
    public void Tiny_group_below_2_to_minus_64_is_flushed_to_the_zero_group()
    {
        float tiny = MathF.ScaleB(1f, -65);
        Assert.True(GroupScale.FromMax(tiny, 8).IsZero);
        Assert.Equal(0f, GroupScale.EffectiveMax(tiny));

        // Without the flush, inv * 2^m would overflow float32 for the smallest subnormal M.
        float smallest = float.Epsilon;
        Assert.True(float.IsInfinity(128f / smallest * 256f));
        Assert.True(GroupScale.FromMax(smallest, 8).IsZero);

        // At the threshold itself every factor is a normal, finite float32.
        GroupScale threshold = GroupScale.FromMax(MathF.ScaleB(1f, -64), 8);
        Assert.Equal(MathF.ScaleB(1f, 79), threshold.Multiplier(true, 8)); // 2^7 / 2^-64 * 2^8
        Assert.True(float.IsNormal(threshold.Step(true, 8)));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_activation_is_an_error_naming_its_index(float bad)
    {
        float[] values = [1f, 2f, bad, 3f];
        foreach (IQuantizationKernel kernel in
            new IQuantizationKernel[] { ScalarQuantizationKernel.Instance, VectorQuantizationKernel.Instance })
        {
            var error = Assert.Throws<NonFiniteValueException>(() => kernel.AbsMax(values));
            Assert.Equal(2, error.Index);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 1)]
    [InlineData(3, 0)]
    [InlineData(3, 4)]
    public void Out_of_range_N_or_m_is_rejected(int bits, int extraBits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantFormat(bits, extraBits));
}

/// <summary>The complete record of spec §4.4's worked example, word by word.</summary>
public class SpecRecordExampleTests
{
    private static readonly float[] Channel = [2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f];

    [Fact]
    public void Important_channel_record_matches_the_spec_word_for_word()
    {
        var format = new QuantFormat(3, 3);
        GroupScale scale = GroupScale.FromMax(2f, 3);
        foreach (ChannelCodec codec in new[] { ChannelCodec.Reference, ChannelCodec.Optimized })
        {
            uint[] record = codec.Encode(Channel, scale, important: true, format);
            Assert.Equal(new uint[] { 0x6780A100, 14, 0x10320003, 0xF5800000 }, record);
            ChannelFields fields = codec.Decode(record, Channel.Length, important: true, format);
            Assert.Equal(new sbyte[] { 3, 1, -1, 0, 0, 2, -4, 1 }, fields.Codes);
            Assert.Equal(new byte[] { 7, 3, 3, 2, 0, 0, 0, 0 }, fields.Errors);
            Assert.Equal(new byte[] { 1, 0, 3, 2, 0, 0, 0, 3 }, fields.CodeLengths);
            var output = new float[Channel.Length];
            codec.Dequantize(fields, scale, format, output);
            Assert.Equal(new[] { 1.9375f, 0.6875f, -0.3125f, 0.125f, 0f, 1f, -2f, 0.5f }, output);
        }
    }

    /// <summary>Spec §3.7's example static code and §4.4's static and raw records of the channel, and which mode
    /// each coding takes (§4.2's rule).</summary>
    [Fact]
    public void Static_and_raw_records_match_the_spec_word_for_word()
    {
        var format = new QuantFormat(3, 3);
        GroupScale scale = GroupScale.FromMax(2f, 3);
        Huffman.CanonicalCode staticCode = Huffman.StaticCode.FromLengths([2, 3, 3, 3, 3, 3, 4, 4])!;
        Assert.Equal(new ushort[] { 0b00, 0b010, 0b011, 0b100, 0b101, 0b110, 0b1110, 0b1111 },
            staticCode.Codes.ToArray());
        Assert.Equal(new uint[] { 0x23333344 }, Huffman.StaticCode.ToWords(staticCode, 3));
        uint[] staticRecord = [0x6780A100, 0x40000015, 0xF9180000];
        uint[] rawRecord = [0x6780A100, 0x80000018, 0xEDA00000];
        foreach (ChannelCodec codec in new[] { ChannelCodec.Reference, ChannelCodec.Optimized })
        {
            Assert.Equal(staticRecord,
                codec.Encode(Channel, scale, important: true, format, RecordCoding.Smallest, staticCode));
            Assert.Equal(staticRecord,
                codec.Encode(Channel, scale, important: true, format, RecordCoding.Static, staticCode));
            // A static code that fits the channel badly: static costs more than raw, and raw wins.
            Huffman.CanonicalCode poor = Huffman.StaticCode.FromLengths([7, 7, 6, 5, 4, 3, 2, 1])!;
            Assert.Equal(rawRecord, codec.Encode(Channel, scale, important: true, format, RecordCoding.Static, poor));
            foreach ((uint[] record, RecordMode mode, Huffman.CanonicalCode? code) in new[]
            {
                (staticRecord, RecordMode.Static, staticCode),
                (rawRecord, RecordMode.Raw, null),
            })
            {
                ChannelFields fields = codec.Decode(record, Channel.Length, important: true, format, code);
                Assert.Equal(mode, fields.Mode);
                Assert.Equal(new byte[] { 7, 3, 3, 2, 0, 0, 0, 0 }, fields.Errors);
                var output = new float[Channel.Length];
                codec.Dequantize(fields, scale, format, output);
                Assert.Equal(new[] { 1.9375f, 0.6875f, -0.3125f, 0.125f, 0f, 1f, -2f, 0.5f }, output);
            }

            Assert.Contains("without a static code",
                Assert.Throws<EdqaFormatException>(() => codec.Decode(staticRecord, 8, true, format)).Message);
            Assert.Contains("raw record", Assert.Throws<EdqaFormatException>(
                () => codec.Decode([0x6780A100, 0x80000017, 0xEDA00000], 8, true, format)).Message);
            Assert.Contains("reserved", Assert.Throws<EdqaFormatException>(
                () => codec.Decode([0x6780A100, 0xC000000E, 0x10320003, 0xF5800000], 8, true, format)).Message);
            Assert.Contains("29..28", Assert.Throws<EdqaFormatException>(
                () => codec.Decode([0x6780A100, 0x1000000E, 0x10320003, 0xF5800000], 8, true, format)).Message);
            Assert.Throws<ArgumentException>(
                () => codec.Encode(Channel, scale, important: true, format, RecordCoding.Static, null));
        }
    }

    [Fact]
    public void Direct_channel_record_matches_the_spec()
    {
        // q = [3, 1, -1, 0, 0, 2, -4, 1]: 0.7 * 2 = 1.4 -> 1, -0.3 * 2 = -0.6 -> -1, 0.09375 * 2 -> 0, 0.5 * 2 = 1.
        uint[] record =
            ChannelCodec.Reference.Encode(Channel, GroupScale.FromMax(2f, 3), important: false, new QuantFormat(3, 3));
        Assert.Equal(new uint[] { 0x6780A100 }, record);
    }
}
