namespace Edqa.Core.Quantization;

/// <summary>
/// The hot loops of one channel: abs-max, quantize and de-quantize. Two implementations exist:
/// <see cref="ScalarQuantizationKernel"/> (the golden model's reference path, element by element as the spec reads) and
/// <see cref="VectorQuantizationKernel"/> (SIMD), which the tests prove equal on every case.
/// Codes are N-bit (N &lt;= 8) so they fit <see cref="sbyte"/> (its bits are the code: unsigned codes are read back
/// through <see cref="ElementQuantizer.CodeValue"/>); shifting errors are m-bit (m &lt;= 8), <see cref="byte"/>.
/// </summary>
public interface IQuantizationKernel
{
    /// <summary>M = max |x| over the values (0 for none). Throws <see cref="NonFiniteValueException"/> naming the
    /// first NaN or infinity.</summary>
    float AbsMax(ReadOnlySpan<float> values);

    /// <summary>Direct channel: codes[i] = q(values[i]) with multiplier inv.</summary>
    void QuantizeDirect(ReadOnlySpan<float> values, float inv, in QuantFormat format, Span<sbyte> codes);

    /// <summary>Important channel: t = q(values[i]) with multiplier inv * 2^m, split into codes (t &gt;&gt; m) and
    /// shifting errors (t &amp; (2^m - 1)).</summary>
    void QuantizeImportant(ReadOnlySpan<float> values, float wideInv, in QuantFormat format, Span<sbyte> codes,
        Span<byte> errors);

    /// <summary>Direct channel: output[i] = codes[i] * step.</summary>
    void DequantizeDirect(ReadOnlySpan<sbyte> codes, float step, in QuantFormat format, Span<float> output);

    /// <summary>Important channel: output[i] = (codes[i] * 2^m + errors[i]) * step.</summary>
    void DequantizeImportant(ReadOnlySpan<sbyte> codes, ReadOnlySpan<byte> errors, float step, in QuantFormat format,
        Span<float> output);
}

/// <summary>An activation is NaN or infinite: the spec quantizes finite values only.</summary>
public sealed class NonFiniteValueException(long index, float value)
    : ArgumentException($"activation {index} is {value}: eDQA quantizes finite values only")
{
    /// <summary>Position of the offending value in the span (or tensor) that was checked.</summary>
    public long Index { get; } = index;

    public float Value { get; } = value;
}
