namespace Edqa.Core.Quantization;

/// <summary>
/// Power-of-two (logarithmic) quantization, the paper's PoT baseline (spec §5). An N-bit code holds a sign bit s,
/// an exponent-sign bit t and N-2 exponent bits k:
/// <code>
///   bit  N-1   N-2   N-3 ... 0
///       | s  |  t  |     k     |      e = +k (t = 0) or -k (t = 1);  (t = 1, k = 0) is the zero code
/// </code>
/// With emax = 2^(N-2) - 1 the levels are M * 2^(e - emax), e in [-emax, emax]: from M * 2^(-2 emax) up to M.
/// Rounding happens in the log domain, at the geometric midpoint sqrt(2) * 2^j between two levels.
/// </summary>
public static class PowerOfTwoQuantizer
{
    /// <summary>float32 bits of the mantissa field above which a value in [1, 2) rounds up in the log domain:
    /// float32(sqrt 2) = 0x3FB504F3 lies below sqrt 2 and 0x3FB504F4 above it, so "m &gt; sqrt 2" is
    /// "mantissa field &gt;= 0x3504F4", with no libm log2 involved.</summary>
    private const int SqrtTwoMantissa = 0x3504F4;

    /// <summary>emax = 2^(N-2) - 1, the largest exponent magnitude of an N-bit code.</summary>
    public static int MaxExponent(int bits) => (1 << (bits - 2)) - 1;

    /// <summary>The code of the zero value: s = 0, t = 1, k = 0.</summary>
    public static int ZeroCode(int bits) => 1 << (bits - 2);

    /// <summary>Quantizes x against the group abs-max M (a <see cref="GroupScale.Max"/>). Values above M saturate
    /// at the top level; values below the bottom level's geometric half-step become the zero code.</summary>
    public static int Quantize(float x, float max, int bits)
    {
        ValidateBits(bits);
        if (!float.IsFinite(x))
        {
            throw new NonFiniteValueException(0, x);
        }

        int emax = MaxExponent(bits);
        float ratio = MathF.Abs(x) / max;
        if (max == 0f || ratio == 0f)
        {
            return ZeroCode(bits);
        }

        int relative = Math.Min(RoundLog2(ratio), 0);
        if (relative < -2 * emax)
        {
            return ZeroCode(bits);
        }

        int exponent = relative + emax;
        int sign = x < 0f ? 1 : 0;
        int exponentSign = exponent < 0 ? 1 : 0;
        return (sign << (bits - 1)) | (exponentSign << (bits - 2)) | Math.Abs(exponent);
    }

    /// <summary>x^ = (-1)^s * M * 2^(e - emax), correctly rounded (exact unless the result is subnormal);
    /// the zero code (with either sign bit) gives +0.</summary>
    public static float Dequantize(int code, float max, int bits)
    {
        ValidateBits(bits);
        int magnitudeBits = bits - 2;
        int k = code & ((1 << magnitudeBits) - 1);
        bool negativeExponent = ((code >> magnitudeBits) & 1) != 0;
        if (negativeExponent && k == 0)
        {
            return 0f;
        }

        int exponent = negativeExponent ? -k : k;
        float magnitude = MathF.ScaleB(max, exponent - MaxExponent(bits));
        return ((code >> (bits - 1)) & 1) != 0 ? -magnitude : magnitude;
    }

    /// <summary>Quantizes and de-quantizes a span in place against one abs-max.</summary>
    public static void Apply(Span<float> values, float max, int bits)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Dequantize(Quantize(values[i], max, bits), max, bits);
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
