using System.Numerics;
using System.Runtime.InteropServices;

namespace Edqa.Core.Quantization;

/// <summary>
/// The optimized kernel: the spec's formulas on <see cref="Vector{T}"/> lanes (AVX2 or AVX-512 where present).
/// Each block handles <see cref="Vector{T}.Count"/> of <see cref="sbyte"/> elements, which is four float vectors
/// narrowed twice; the remainder goes through <see cref="ElementQuantizer"/>, the same formulas as the golden model.
/// </summary>
/// <remarks>
/// Bit-exactness holds lane by lane: a float32 multiply is the same IEEE operation in a vector lane,
/// <see cref="Vector.Round(Vector{float})"/> rounds half to even, and clamping the rounded float to integral bounds
/// before the conversion equals clamping the integer after it.
/// </remarks>
public sealed class VectorQuantizationKernel : IQuantizationKernel
{
    public static VectorQuantizationKernel Instance { get; } = new();

    private static readonly int Block = Vector<sbyte>.Count;
    private static readonly int FloatLanes = Vector<float>.Count;

    public float AbsMax(ReadOnlySpan<float> values)
    {
        // On the raw bits, |x| is (bits & 0x7FFFFFFF) and, for non-negative floats, integer order is float order;
        // infinities and NaNs are exactly the patterns >= 0x7F800000. One integer max finds both.
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(values);
        var magnitude = new Vector<int>(int.MaxValue);
        var maxLanes = Vector<int>.Zero;
        int i = 0;
        for (; i <= bits.Length - FloatLanes; i += FloatLanes)
        {
            maxLanes = Vector.Max(maxLanes, new Vector<int>(bits.Slice(i)) & magnitude);
        }

        int max = 0;
        for (int lane = 0; lane < FloatLanes; lane++)
        {
            max = Math.Max(max, maxLanes[lane]);
        }

        for (; i < bits.Length; i++)
        {
            max = Math.Max(max, bits[i] & int.MaxValue);
        }

        if (max >= 0x7F800000)
        {
            // Rare path: let the golden model find and name the first offending element.
            return ScalarQuantizationKernel.Instance.AbsMax(values);
        }

        return BitConverter.Int32BitsToSingle(max);
    }

    public void QuantizeDirect(ReadOnlySpan<float> values, float inv, in QuantFormat format, Span<sbyte> codes)
    {
        ScalarQuantizationKernel.CheckLength(values.Length, codes.Length);
        var multiplier = new Vector<float>(inv);
        var min = new Vector<float>(format.CodeMin);
        var max = new Vector<float>(format.CodeMax);
        int i = 0;
        for (; i <= values.Length - Block; i += Block)
        {
            ReadOnlySpan<float> x = values.Slice(i, Block);
            Vector<int> q0 = RoundClamp(x, 0, multiplier, min, max);
            Vector<int> q1 = RoundClamp(x, 1, multiplier, min, max);
            Vector<int> q2 = RoundClamp(x, 2, multiplier, min, max);
            Vector<int> q3 = RoundClamp(x, 3, multiplier, min, max);
            NarrowToBytes(q0, q1, q2, q3).CopyTo(MemoryMarshal.Cast<sbyte, byte>(codes.Slice(i)));
        }

        for (; i < values.Length; i++)
        {
            codes[i] = (sbyte)ElementQuantizer.QuantizeDirect(values[i], inv, format);
        }
    }

    public void QuantizeImportant(ReadOnlySpan<float> values, float wideInv, in QuantFormat format, Span<sbyte> codes,
        Span<byte> errors)
    {
        ScalarQuantizationKernel.CheckLength(values.Length, codes.Length);
        ScalarQuantizationKernel.CheckLength(values.Length, errors.Length);
        var multiplier = new Vector<float>(wideInv);
        var min = new Vector<float>(format.WideMin);
        var max = new Vector<float>(format.WideMax);
        var mask = new Vector<int>(format.ErrorMask);
        int shift = format.ExtraBits;
        Span<byte> codeBytes = MemoryMarshal.Cast<sbyte, byte>(codes);
        int i = 0;
        for (; i <= values.Length - Block; i += Block)
        {
            ReadOnlySpan<float> x = values.Slice(i, Block);
            Vector<int> t0 = RoundClamp(x, 0, multiplier, min, max);
            Vector<int> t1 = RoundClamp(x, 1, multiplier, min, max);
            Vector<int> t2 = RoundClamp(x, 2, multiplier, min, max);
            Vector<int> t3 = RoundClamp(x, 3, multiplier, min, max);
            NarrowToBytes(
                Vector.ShiftRightArithmetic(t0, shift), Vector.ShiftRightArithmetic(t1, shift),
                Vector.ShiftRightArithmetic(t2, shift), Vector.ShiftRightArithmetic(t3, shift))
                    .CopyTo(codeBytes.Slice(i));
            NarrowToBytes(t0 & mask, t1 & mask, t2 & mask, t3 & mask).CopyTo(errors.Slice(i));
        }

        for (; i < values.Length; i++)
        {
            int wide = ElementQuantizer.QuantizeWide(values[i], wideInv, format);
            codes[i] = (sbyte)ElementQuantizer.ShiftedCode(wide, format);
            errors[i] = (byte)ElementQuantizer.ShiftingError(wide, format);
        }
    }

    public void DequantizeDirect(ReadOnlySpan<sbyte> codes, float step, in QuantFormat format, Span<float> output)
    {
        ScalarQuantizationKernel.CheckLength(codes.Length, output.Length);
        var scale = new Vector<float>(step);
        Vector<int> codeMask = CodeMask(format);
        int i = 0;
        for (; i <= codes.Length - Block; i += Block)
        {
            WidenToInts(new Vector<sbyte>(codes.Slice(i)), out var q0, out var q1, out var q2, out var q3);
            Span<float> y = output.Slice(i, Block);
            StoreScaled(q0 & codeMask, scale, y, 0);
            StoreScaled(q1 & codeMask, scale, y, 1);
            StoreScaled(q2 & codeMask, scale, y, 2);
            StoreScaled(q3 & codeMask, scale, y, 3);
        }

        for (; i < codes.Length; i++)
        {
            output[i] = ElementQuantizer.Dequantize(ElementQuantizer.CodeValue(codes[i], format), step);
        }
    }

    public void DequantizeImportant(ReadOnlySpan<sbyte> codes, ReadOnlySpan<byte> errors, float step,
        in QuantFormat format, Span<float> output)
    {
        ScalarQuantizationKernel.CheckLength(codes.Length, output.Length);
        ScalarQuantizationKernel.CheckLength(codes.Length, errors.Length);
        var scale = new Vector<float>(step);
        int shift = format.ExtraBits;
        ReadOnlySpan<sbyte> errorLanes = MemoryMarshal.Cast<byte, sbyte>(errors);
        var byteMask = new Vector<int>(0xFF);
        Vector<int> codeMask = CodeMask(format);
        int i = 0;
        for (; i <= codes.Length - Block; i += Block)
        {
            WidenToInts(new Vector<sbyte>(codes.Slice(i)), out var q0, out var q1, out var q2, out var q3);
            // Errors are unsigned bytes: widen as signed, then mask off the sign extension.
            WidenToInts(new Vector<sbyte>(errorLanes.Slice(i)), out var e0, out var e1, out var e2, out var e3);
            Span<float> y = output.Slice(i, Block);
            StoreScaled(Vector.ShiftLeft(q0 & codeMask, shift) | (e0 & byteMask), scale, y, 0);
            StoreScaled(Vector.ShiftLeft(q1 & codeMask, shift) | (e1 & byteMask), scale, y, 1);
            StoreScaled(Vector.ShiftLeft(q2 & codeMask, shift) | (e2 & byteMask), scale, y, 2);
            StoreScaled(Vector.ShiftLeft(q3 & codeMask, shift) | (e3 & byteMask), scale, y, 3);
        }

        for (; i < codes.Length; i++)
        {
            output[i] = ElementQuantizer.Dequantize(ElementQuantizer.Widen(codes[i], errors[i], format), step);
        }
    }

    private static Vector<int> RoundClamp(ReadOnlySpan<float> block, int part, Vector<float> multiplier,
        Vector<float> min, Vector<float> max)
    {
        var x = new Vector<float>(block.Slice(part * FloatLanes));
        return Vector.ConvertToInt32(Vector.Min(Vector.Max(Vector.Round(x * multiplier), min), max));
    }

    /// <summary>Undoes the sign extension of a widened code on the unsigned grid (all ones: keep it).</summary>
    private static Vector<int> CodeMask(in QuantFormat format) => new(format.IsUnsigned ? 0xFF : -1);

    private static Vector<byte> NarrowToBytes(Vector<int> a, Vector<int> b, Vector<int> c, Vector<int> d) =>
        Vector.AsVectorByte(Vector.Narrow(Vector.Narrow(a, b), Vector.Narrow(c, d)));

    private static void WidenToInts(Vector<sbyte> bytes, out Vector<int> a, out Vector<int> b, out Vector<int> c,
        out Vector<int> d)
    {
        Vector.Widen(bytes, out Vector<short> low, out Vector<short> high);
        Vector.Widen(low, out a, out b);
        Vector.Widen(high, out c, out d);
    }

    private static void StoreScaled(Vector<int> values, Vector<float> scale, Span<float> block, int part) =>
        (Vector.ConvertToSingle(values) * scale).CopyTo(block.Slice(part * FloatLanes));
}
