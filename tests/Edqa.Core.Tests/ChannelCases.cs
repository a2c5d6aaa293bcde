using CsCheck;
using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>The shapes of channel data the properties run over: each stresses a different part of the spec.</summary>
public enum ChannelKind
{
    /// <summary>Uniform in [-a, a].</summary>
    Uniform,

    /// <summary>Exact multiples of half a wide step: every value is a rounding tie or an exact level.</summary>
    Ties,

    /// <summary>Mostly small with rare large outliers (activations after ReLU look like this).</summary>
    HeavyTail,

    /// <summary>Non-negative, as after a ReLU, with many exact zeros.</summary>
    Relu,

    /// <summary>Every value zero.</summary>
    AllZero,

    /// <summary>Every value the same non-zero constant.</summary>
    Constant,

    /// <summary>Magnitudes near the flush threshold 2^-64 and subnormals.</summary>
    Tiny,
}

/// <summary>One generated test case: a channel and the parameters to quantize it with.</summary>
public sealed record ChannelCase(ChannelKind Kind, QuantFormat Format, float[] Values)
{
    public override string ToString() =>
        $"{Kind} {Format} L={Values.Length} [{string.Join(", ", Values.Take(8))}"
        + $"{(Values.Length > 8 ? ", ..." : string.Empty)}]";
}

public static class ChannelCases
{
    /// <summary>Every legal (N, m) pair: N in [2, 8], m in [1, N], on both grids.</summary>
    public static IEnumerable<QuantFormat> AllFormats() =>
        from bits in Enumerable.Range(SpecConstants.MinBits, SpecConstants.MaxBits - SpecConstants.MinBits + 1)
        from extra in Enumerable.Range(SpecConstants.MinExtraBits, bits)
        from grid in new[] { QuantGrid.Signed, QuantGrid.Unsigned }
        select new QuantFormat(bits, extra, grid);

    public static readonly Gen<QuantFormat> Format =
        Gen.Int[SpecConstants.MinBits, SpecConstants.MaxBits].SelectMany(bits => Gen.Int[1, bits].SelectMany(extra =>
            Gen.Enum<QuantGrid>().Select(grid => new QuantFormat(bits, extra, grid))));

    /// <summary>Channels of every kind, every format, lengths 0..300 (and some up to 5000).</summary>
    public static readonly Gen<ChannelCase> Any =
        Gen.Select(Gen.Enum<ChannelKind>(), Format, Gen.Frequency((6, Gen.Int[0, 300]), (1, Gen.Int[0, 5000])), Gen.Int)
            .Select((kind, format, length, seed) => new ChannelCase(kind, format, Make(kind, format, length, seed)));

    public static float[] Make(ChannelKind kind, QuantFormat format, int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        float amplitude = MathF.ScaleB(1f, random.Next(-20, 20));
        if (kind != ChannelKind.Ties)
        {
            amplitude *= 1f + (float)random.NextDouble();
        }
        for (int i = 0; i < length; i++)
        {
            values[i] = kind switch
            {
                ChannelKind.Uniform => amplitude * ((2f * (float)random.NextDouble()) - 1f),
                ChannelKind.Ties => TieValue(random, format, amplitude),
                ChannelKind.HeavyTail => amplitude
                    * (float)(random.NextDouble() < 0.02 ? 50 * random.NextDouble() : random.NextDouble() - 0.3),
                ChannelKind.Relu => random.NextDouble() < 0.5 ? 0f : amplitude * (float)random.NextDouble(),
                ChannelKind.AllZero => random.NextDouble() < 0.5 ? 0f : -0f,
                ChannelKind.Constant => amplitude,
                ChannelKind.Tiny => MathF.ScaleB((float)((2 * random.NextDouble()) - 1), random.Next(-150, -60)),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        }

        if (kind == ChannelKind.Ties && length > 0)
        {
            values[random.Next(length)] = amplitude; // pins M, a power of two, so every value is on the half-step grid
        }

        return values;
    }

    /// <summary>k half wide steps, k in [0, 2^(N+m)], of M = amplitude (a power of two): x * inv * 2^m = k/2
    /// exactly, so odd k are exact rounding ties. Negative half the time.</summary>
    private static float TieValue(Random random, QuantFormat format, float amplitude)
    {
        int halfSteps = 1 << (format.Bits + format.ExtraBits);
        float value = amplitude * random.Next(0, halfSteps + 1) / halfSteps;
        return random.NextDouble() < 0.5 ? -value : value;
    }
}
