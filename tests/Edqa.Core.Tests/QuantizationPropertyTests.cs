using CsCheck;
using Edqa.Core.Channel;
using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>Properties of spec §2 over generated channels of every kind, N and m.</summary>
public class QuantizationPropertyTests
{
    [Fact]
    public void Optimized_codec_writes_the_same_record_words_as_the_golden_model()
    {
        Gen.Select(ChannelCases.Any, Gen.Bool).Sample((channel, important) =>
        {
            GroupScale scale = BitAssert.ScaleOf(channel);
            uint[] reference = ChannelCodec.Reference.Encode(channel.Values, scale, important, channel.Format);
            uint[] optimized = ChannelCodec.Optimized.Encode(channel.Values, scale, important, channel.Format);
            Assert.Equal(reference, optimized);
        }, iter: 3000);
    }

    [Fact]
    public void Optimized_kernel_equals_the_golden_model_element_by_element()
    {
        ChannelCases.Any.Sample(channel =>
        {
            var scalar = ScalarQuantizationKernel.Instance;
            var vector = VectorQuantizationKernel.Instance;
            Assert.Equal(scalar.AbsMax(channel.Values), vector.AbsMax(channel.Values));
            GroupScale scale = BitAssert.ScaleOf(channel);
            int n = channel.Values.Length;
            var (q1, q2, e1, e2) = (new sbyte[n], new sbyte[n], new byte[n], new byte[n]);
            scalar.QuantizeImportant(channel.Values, scale.Multiplier(true, channel.Format.ExtraBits), channel.Format,
                q1, e1);
            vector.QuantizeImportant(channel.Values, scale.Multiplier(true, channel.Format.ExtraBits), channel.Format,
                q2, e2);
            Assert.Equal(q1, q2);
            Assert.Equal(e1, e2);
            var (y1, y2) = (new float[n], new float[n]);
            scalar.DequantizeImportant(q1, e1, scale.Step(true, channel.Format.ExtraBits), channel.Format, y1);
            vector.DequantizeImportant(q2, e2, scale.Step(true, channel.Format.ExtraBits), channel.Format, y2);
            BitAssert.Identical(y1, y2);
            scalar.QuantizeDirect(channel.Values, scale.Inv, channel.Format, q1);
            vector.QuantizeDirect(channel.Values, scale.Inv, channel.Format, q2);
            Assert.Equal(q1, q2);
            scalar.DequantizeDirect(q1, scale.Delta, channel.Format, y1);
            vector.DequantizeDirect(q2, scale.Delta, channel.Format, y2);
            BitAssert.Identical(y1, y2);
        }, iter: 3000);
    }

    [Fact]
    public void Reconstruction_error_is_within_half_a_step_except_clipped_values()
    {
        Gen.Select(ChannelCases.Any, Gen.Bool).Sample((channel, important) =>
        {
            GroupScale scale = BitAssert.ScaleOf(channel);
            if (scale.IsZero)
            {
                return; // flushed: covered by the zero-group tests
            }

            var format = channel.Format;
            uint[] record = ChannelCodec.Reference.Encode(channel.Values, scale, important, format);
            ChannelFields fields = ChannelCodec.Reference.Decode(record, channel.Values.Length, important, format);
            var output = new float[channel.Values.Length];
            ChannelCodec.Reference.Dequantize(fields, scale, format, output);
            float step = scale.Step(important, format.ExtraBits);
            int top = important ? format.WideMax : format.CodeMax;
            for (int i = 0; i < output.Length; i++)
            {
                double x = channel.Values[i];
                if (format.IsUnsigned && x < 0)
                {
                    // The unsigned grid clamps a negative input to 0 (spec §2.3): its error is |x|.
                    Assert.Equal(0, fields.WideValue(i, format));
                    Assert.Equal(0, BitConverter.SingleToInt32Bits(output[i]));
                    continue;
                }

                bool clipped = x >= (top + 0.5) * step;
                double error = Math.Abs(x - output[i]);
                if (clipped)
                {
                    // Only the top of the range clips (|x| <= M and the bottom code is -M): by at most one step.
                    Assert.Equal(top, fields.WideValue(i, format));
                    double bound = step + (Math.Abs(x) * 2.4e-7);
                    Assert.True(error <= bound, $"clipped element {i}: |{x} - {output[i]}| = {error} > {bound}");
                }
                else
                {
                    // Half a step, plus the float32 rounding of x * inv and of the product t * step.
                    double bound = (0.5 * step) + (Math.Abs(x) * 2.4e-7);
                    Assert.True(error <= bound, $"element {i}: |{x} - {output[i]}| = {error} > {bound} ({channel})");
                }
            }
        }, iter: 2000);
    }

    [Fact]
    public void Important_channels_reconstruct_the_wide_value_exactly_from_code_and_error()
    {
        ChannelCases.Any.Sample(channel =>
        {
            var format = channel.Format;
            GroupScale scale = BitAssert.ScaleOf(channel);
            uint[] record = ChannelCodec.Optimized.Encode(channel.Values, scale, true, format);
            ChannelFields fields = ChannelCodec.Optimized.Decode(record, channel.Values.Length, true, format);
            for (int i = 0; i < channel.Values.Length; i++)
            {
                int t = ElementQuantizer.QuantizeWide(channel.Values[i], scale.Multiplier(true, format.ExtraBits),
                    format);
                Assert.Equal(t, fields.WideValue(i, format));
                Assert.InRange(ElementQuantizer.CodeValue(fields.Codes[i], format), format.CodeMin, format.CodeMax);
            }
        }, iter: 1000);
    }

    [Fact]
    public void Every_format_round_trips_through_the_record()
    {
        foreach (QuantFormat format in ChannelCases.AllFormats())
        {
            foreach (ChannelKind kind in Enum.GetValues<ChannelKind>())
            {
                float[] values = ChannelCases.Make(kind, format, 777, seed: format.Bits * 16 + format.ExtraBits);
                GroupScale scale = GroupScale.FromMax(ScalarQuantizationKernel.Instance.AbsMax(values), format);
                foreach (bool important in new[] { false, true })
                {
                    uint[] record = ChannelCodec.Optimized.Encode(values, scale, important, format);
                    ChannelFields reference = ChannelCodec.Reference.Decode(record, values.Length, important, format);
                    ChannelFields optimized = ChannelCodec.Optimized.Decode(record, values.Length, important, format);
                    Assert.Equal(reference.Codes, optimized.Codes);
                    Assert.Equal(reference.Errors, optimized.Errors);
                    Assert.Equal(record, ChannelCodec.Reference.Encode(values, scale, important, format));
                }
            }
        }
    }
}
