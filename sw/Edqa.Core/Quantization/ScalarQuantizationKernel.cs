namespace Edqa.Core.Quantization;

/// <summary>The reference path's kernel: one element at a time, through <see cref="ElementQuantizer"/>.</summary>
public sealed class ScalarQuantizationKernel : IQuantizationKernel
{
    public static ScalarQuantizationKernel Instance { get; } = new();

    public float AbsMax(ReadOnlySpan<float> values)
    {
        float max = 0f;
        for (int i = 0; i < values.Length; i++)
        {
            float x = values[i];
            if (!float.IsFinite(x))
            {
                throw new NonFiniteValueException(i, x);
            }

            max = MathF.Max(max, MathF.Abs(x));
        }

        return max;
    }

    public void QuantizeDirect(ReadOnlySpan<float> values, float inv, in QuantFormat format, Span<sbyte> codes)
    {
        CheckLength(values.Length, codes.Length);
        for (int i = 0; i < values.Length; i++)
        {
            codes[i] = (sbyte)ElementQuantizer.QuantizeDirect(values[i], inv, format);
        }
    }

    public void QuantizeImportant(ReadOnlySpan<float> values, float wideInv, in QuantFormat format, Span<sbyte> codes,
        Span<byte> errors)
    {
        CheckLength(values.Length, codes.Length);
        CheckLength(values.Length, errors.Length);
        for (int i = 0; i < values.Length; i++)
        {
            int wide = ElementQuantizer.QuantizeWide(values[i], wideInv, format);
            codes[i] = (sbyte)ElementQuantizer.ShiftedCode(wide, format);
            errors[i] = (byte)ElementQuantizer.ShiftingError(wide, format);
        }
    }

    public void DequantizeDirect(ReadOnlySpan<sbyte> codes, float step, in QuantFormat format, Span<float> output)
    {
        CheckLength(codes.Length, output.Length);
        for (int i = 0; i < codes.Length; i++)
        {
            output[i] = ElementQuantizer.Dequantize(ElementQuantizer.CodeValue(codes[i], format), step);
        }
    }

    public void DequantizeImportant(ReadOnlySpan<sbyte> codes, ReadOnlySpan<byte> errors, float step,
        in QuantFormat format, Span<float> output)
    {
        CheckLength(codes.Length, output.Length);
        CheckLength(codes.Length, errors.Length);
        for (int i = 0; i < codes.Length; i++)
        {
            output[i] = ElementQuantizer.Dequantize(ElementQuantizer.Widen(codes[i], errors[i], format), step);
        }
    }

    internal static void CheckLength(int expected, int actual)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"buffer holds {actual} elements where the channel has {expected}");
        }
    }
}
