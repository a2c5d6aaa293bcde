using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Nn.Models;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>
/// Power-of-two quantization (docs/spec.md §5) as tensor operations, equal to <see cref="PowerOfTwoQuantizer"/>:
/// w = |x| / M, the exponent rounded in the log domain from w's float32 bits (mantissa field >= 0x3504F4 rounds
/// up), levels M * 2^j for j in [-2 emax, 0], the zero code below the bottom level's geometric half-step. A point on
/// the unsigned grid has emax = 2^(N-1) - 1 and maps x &lt; 0 to 0.
/// </summary>
/// <param name="grids">Per point its grid (<see cref="EdqaTensorQuantizer.PointFormats"/>); null: signed.</param>
public sealed class PotTensorQuantizer(int bits, ScaleGranularity granularity, float[][]? maxima = null,
    QuantGrid[]? grids = null)
    : IActivationQuantizer
{
    /// <summary>The smallest float32 above sqrt(2) / 2.</summary>
    private static readonly float SqrtHalfUp = BitConverter.Int32BitsToSingle(0x3F3504F4);

    public Tensor Apply(Tensor activation, ActivationPoint point) =>
        Quantize(activation, bits, granularity, maxima?[point.Index], grids?[point.Index] ?? QuantGrid.Signed);

    public static Tensor Quantize(Tensor x, int bits, ScaleGranularity granularity, float[]? groupMax = null,
        QuantGrid grid = QuantGrid.Signed)
    {
        int emax = PowerOfTwoQuantizer.MaxExponent(bits, grid);
        groupMax ??= EdqaTensorQuantizer.GroupMaxima(x, granularity);
        using var scope = NewDisposeScope();
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        Tensor max;
        if (granularity == ScaleGranularity.Layer)
        {
            max = tensor(groupMax[0]);
        }
        else
        {
            shape[1] = x.shape[1];
            max = tensor(groupMax).reshape(shape);
        }

        Tensor w = x.abs() / max;
        // w = mantissa * 2^exponent with mantissa in [0.5, 1) (subnormals normalized); round up in the log domain
        // iff 2 * mantissa > sqrt 2, i.e. mantissa >= float32 0x3F3504F4 (the same test as spec §5 on w's bits).
        (Tensor mantissa, Tensor exponent) = frexp(w);
        Tensor roundUp = mantissa.ge(KeptScalars.Float(SqrtHalfUp)).to(ScalarType.Int32);
        Tensor relative = exponent.Minus(KeptScalars.Int(1)).Plus(roundUp).clamp_max(KeptScalars.Int(0));
        Tensor zero = w.eq(KeptScalars.Float(0f)).logical_or(relative.lt(KeptScalars.Int(-2 * emax)))
            .logical_or(max.eq(KeptScalars.Float(0f)));
        if (grid == QuantGrid.Unsigned)
        {
            zero = zero.logical_or(x.lt(KeptScalars.Float(0f)));
        }

        // 2^j from a table of exact powers (pow/ldexp kernels may round); max * 2^j is then correctly rounded.
        Tensor powers = tensor(Enumerable.Range(0, (2 * emax) + 1).Select(k => MathF.ScaleB(1f, -k)).ToArray());
        Tensor level =
            max * powers.take(relative.neg().clamp(KeptScalars.Int(0), KeptScalars.Int(2 * emax)).to(ScalarType.Int64));
        Tensor result = where(zero, zeros_like(x), where(x.lt(KeptScalars.Float(0f)), level.neg(), level));
        return result.MoveToOuterDisposeScope();
    }
}
