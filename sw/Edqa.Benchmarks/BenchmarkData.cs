using Edqa.Core.Quantization;

namespace Edqa.Benchmarks;

/// <summary>Inputs shared by the benchmarks: activation-like channels (ReLU output with a heavy tail) and the
/// shifting errors eDQA derives from them, all from fixed seeds.</summary>
public static class BenchmarkData
{
    /// <summary>The largest ResNet-18 channel of the paper's Table 3 (56 x 56).</summary>
    public const int ChannelLength = 3136;

    public static readonly QuantFormat Format = new(3, 3);

    public static float[] ReluChannel(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Half zeros, the rest roughly exponential: the shape of post-ReLU activations.
            values[i] = random.NextDouble() < 0.5 ? 0f : (float)-Math.Log(1 - random.NextDouble());
        }

        return values;
    }

    /// <summary>The shifting errors of <paramref name="channels"/> important channels of length L.</summary>
    public static byte[] ShiftingErrors(int channels, int seed)
    {
        var errors = new byte[channels * ChannelLength];
        var codes = new sbyte[ChannelLength];
        for (int c = 0; c < channels; c++)
        {
            float[] values = ReluChannel(ChannelLength, seed + c);
            GroupScale scale = GroupScale.FromMax(ScalarQuantizationKernel.Instance.AbsMax(values), Format);
            VectorQuantizationKernel.Instance.QuantizeImportant(values, scale.Multiplier(true, Format.ExtraBits),
                Format, codes, errors.AsSpan(c * ChannelLength, ChannelLength));
        }

        return errors;
    }
}
