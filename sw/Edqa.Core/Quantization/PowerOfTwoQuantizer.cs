namespace Edqa.Core.Quantization;

/// <summary>
/// Power-of-two (logarithmic) quantization, the paper's PoT baseline (spec §5). An N-bit code holds a sign bit s,
/// an exponent-sign bit t and N-2 exponent bits k:
/// <code>
///   bit  N-1   N-2   N-3 ... 0
///       | s  |  t  |     k     |      e = +k (t = 0) or -k (t = 1);  (t = 1, k = 0) is the zero code
/// </code>
/// With emax = 2^(N-2) - 1 the levels are M * 2^(e - emax), e in [-emax, emax]: from M * 2^(-2 emax) up to M.
/// Rounding happens in the log domain, at the geometric midpoint sqrt(2) * 2^j between two levels. On the unsigned
/// grid (spec §5) the sign bit is an exponent bit: N-1 exponent bits, emax = 2^(N-1) - 1, and x &lt; 0 is the zero
/// code.
/// </summary>
public static class PowerOfTwoQuantizer
{
    /// <summary>float32 bits of the mantissa field above which a value in [1, 2) rounds up in the log domain:
    /// float32(sqrt 2) = 0x3FB504F3 lies below sqrt 2 and 0x3FB504F4 above it, so "m &gt; sqrt 2" is
    /// "mantissa field &gt;= 0x3504F4", with no libm log2 involved.</summary>
    private const int SqrtTwoMantissa = 0x3504F4;

    /// <summary>emax = 2^(N-2) - 1 (unsigned: min(2^(N-1) - 1, 63)), the largest exponent magnitude of an N-bit
    /// code. The cap keeps every level M * 2^-(2 emax) as far above float32's subnormals as signed N = 8's.</summary>
    public static int MaxExponent(int bits, QuantGrid grid = QuantGrid.Signed) =>
        Math.Min((1 << ExponentBits(bits, grid)) - 1, MaxExponentCap);

    /// <summary>The largest emax on either grid: signed N = 8's.</summary>
    public const int MaxExponentCap = 63;

    /// <summary>The code of the zero value: (s = 0,) t = 1, k = 0.</summary>
    public static int ZeroCode(int bits, QuantGrid grid = QuantGrid.Signed) => 1 << ExponentBits(bits, grid);

    /// <summary>Bits of k: N - 2, or N - 1 without a sign bit.</summary>
    private static int ExponentBits(int bits, QuantGrid grid) => grid == QuantGrid.Unsigned ? bits - 1 : bits - 2;

    /// <summary>Quantizes x against the group abs-max M (a <see cref="GroupScale.Max"/>). Values above M saturate
    /// at the top level; values below the bottom level's geometric half-step become the zero code.</summary>
    public static int Quantize(float x, float max, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        ValidateBits(bits);
        if (!float.IsFinite(x))
        {
            throw new NonFiniteValueException(0, x);
        }

        int emax = MaxExponent(bits, grid);
        float ratio = MathF.Abs(x) / max;
        if (max == 0f || ratio == 0f || (grid == QuantGrid.Unsigned && x < 0f))
        {
            return ZeroCode(bits, grid);
        }

        int relative = Math.Min(RoundLog2(ratio), 0);
        if (relative < -2 * emax)
        {
            return ZeroCode(bits, grid);
        }

        int exponent = relative + emax;
        int sign = x < 0f ? 1 : 0;
        int exponentSign = exponent < 0 ? 1 : 0;
        int magnitudeBits = ExponentBits(bits, grid);
        return (sign << (magnitudeBits + 1)) | (exponentSign << magnitudeBits) | Math.Abs(exponent);
    }

    /// <summary>x^ = (-1)^s * M * 2^(e - emax), correctly rounded (exact unless the result is subnormal);
    /// the zero code (with either sign bit) gives +0.</summary>
    public static float Dequantize(int code, float max, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        ValidateBits(bits);
        int magnitudeBits = ExponentBits(bits, grid);
        int k = code & ((1 << magnitudeBits) - 1);
        bool negativeExponent = ((code >> magnitudeBits) & 1) != 0;
        if (negativeExponent && k == 0)
        {
            return 0f;
        }

        int exponent = negativeExponent ? -k : k;
        float magnitude = MathF.ScaleB(max, exponent - MaxExponent(bits, grid));
        return grid == QuantGrid.Signed && ((code >> (bits - 1)) & 1) != 0 ? -magnitude : magnitude;
    }

    /// <summary>Quantizes and de-quantizes a span in place against one abs-max.</summary>
    public static void Apply(Span<float> values, float max, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Dequantize(Quantize(values[i], max, bits, grid), max, bits, grid);
        }
    }

    /// <summary>round(log2 w) for a positive finite w, rounding at the geometric midpoint.</summary>
    public static int RoundLog2(float w)
    {
        int raw = BitConverter.SingleToInt32Bits(w);
        int exponentField = (raw >> 23) & 0xFF;
        if (exponentField == 0)
        {
            // Subnormal: scaling by 2^64 is exact and makes it normal.
            return RoundLog2(w * 18446744073709551616f) - 64;
        }

        int mantissa = raw & 0x7FFFFF;
        return exponentField - 127 + (mantissa >= SqrtTwoMantissa ? 1 : 0);
    }

    private static void ValidateBits(int bits)
    {
        if (bits is < SpecConstants.MinBits or > SpecConstants.MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits,
                $"N must be in [{SpecConstants.MinBits}, {SpecConstants.MaxBits}]");
        }
    }
}
