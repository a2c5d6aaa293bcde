namespace Edqa.Core.Quantization;

/// <summary>
/// The per-element formulas of spec §2.3, written exactly as the spec states them. Every other implementation
/// (the vector kernel, the tensor path, the SystemC model) is tested against these.
/// </summary>
public static class ElementQuantizer
{
    /// <summary>Direct channel: q = clamp(rne(x * inv), -2^(N-1), 2^(N-1) - 1), or [0, 2^N - 1] on the unsigned
    /// grid.</summary>
    public static int QuantizeDirect(float x, float inv, in QuantFormat format) =>
        ClampRoundToEven(x * inv, format.CodeMin, format.CodeMax);

    /// <summary>
    /// Important channel: t = clamp(rne(x * (inv * 2^m)), -2^(N+m-1), 2^(N+m-1) - 1), or [0, 2^(N+m) - 1] on the
    /// unsigned grid. The caller passes
    /// inv * 2^m (<see cref="GroupScale.Multiplier"/>); q = t &gt;&gt; m and e = t &amp; (2^m - 1) follow from t.
    /// </summary>
    public static int QuantizeWide(float x, float wideInv, in QuantFormat format) =>
        ClampRoundToEven(x * wideInv, format.WideMin, format.WideMax);

    /// <summary>The N-bit code of an important channel: q = t &gt;&gt; m, an arithmetic shift (floor).</summary>
    public static int ShiftedCode(int wide, in QuantFormat format) => wide >> format.ExtraBits;

    /// <summary>The shifting error of an important channel: e = t &amp; (2^m - 1).</summary>
    public static int ShiftingError(int wide, in QuantFormat format) => wide & format.ErrorMask;

    /// <summary>Rebuilds t = q * 2^m + e from a stored code and its decoded shifting error.</summary>
    public static int Widen(sbyte code, int error, in QuantFormat format) =>
        (CodeValue(code, format) << format.ExtraBits) | error;

    /// <summary>
    /// The value q of a code as the kernels hold it: an <see cref="sbyte"/> whose bits are the N-bit code, read
    /// two's complement on the signed grid and unsigned on the unsigned one (q up to 255 at N = 8).
    /// </summary>
    public static int CodeValue(sbyte code, in QuantFormat format) => format.IsUnsigned ? (byte)code : code;

    /// <summary>x^ = float32(value) * step: q * delta for direct channels, t * (delta * 2^-m) for important
    /// ones.</summary>
    public static float Dequantize(int value, float step) => value * step;

    /// <summary>Round half to even, then clamp to [min, max]. The value is finite (inputs are checked).</summary>
    public static int ClampRoundToEven(float value, int min, int max)
    {
        float rounded = MathF.Round(value, MidpointRounding.ToEven);
        return rounded <= min ? min : rounded >= max ? max : (int)rounded;
    }
}
