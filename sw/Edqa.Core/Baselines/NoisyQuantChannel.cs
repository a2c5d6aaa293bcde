using Edqa.Core.Bits;
using Edqa.Core.Quantization;

namespace Edqa.Core.Baselines;

/// <summary>The result of quantizing one channel with the NoisyQuant baseline: b-bit codes, the step Δ*, and which
/// clip and noise amplitude the search chose (indices 1..10 and 0..9).</summary>
public sealed record NoisyQuantRecord(sbyte[] Codes, float Step, int ClipIndex, int NoiseIndex);

/// <summary>
/// The NoisyQuant hardware baseline of the paper's Tables 3 and 4, exactly as docs/spec.md §8 defines it: one S x S
/// channel, a forward function that multiplies the channel by itself (the input used as weights), a search over 10
/// clip values and then 10 noise amplitudes that minimizes the squared error of that forward function, a fixed
/// per-column noisy bias from a xorshift32 sequence, and quantize / de-quantize with the chosen parameters. This is
/// the C# reference of the SystemC NoisyQuant accelerator: every float32 operation in the same order, bit for bit.
/// </summary>
public static class NoisyQuantChannel
{
    public const int ClipCandidates = 10;
    public const int NoiseCandidates = 10;
    public const uint NoiseSeed = 0x2545F491;

    /// <summary>Largest side S of a channel (S * S &lt;= 4096, the accelerator's buffers).</summary>
    public const int MaxSide = 64;

    /// <summary>f_i = float32(i / 10): clip fractions (i = 1..10) and noise amplitudes (i = 0..9).</summary>
    public static float Tenth(int i) => (float)(i / 10.0);

    /// <summary>The fixed noise pattern u_j in [-1, 1), one per column: xorshift32 from <see cref="NoiseSeed"/>,
    /// u = float32(s &gt;&gt; 8) * 2^-23 - 1 (exact).</summary>
    public static float[] UnitNoise(int side)
    {
        var noise = new float[side];
        uint state = NoiseSeed;
        for (int j = 0; j < side; j++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            noise[j] = ((state >> 8) * (1f / (1 << 23))) - 1f;
        }

        return noise;
    }

    public static NoisyQuantRecord Quantize(ReadOnlySpan<float> values, int side, int bits)
    {
        Validate(values.Length, side, bits);
        int levels = (1 << (bits - 1)) - 1;
        float absMax = ScalarQuantizationKernel.Instance.AbsMax(values);
        if (GroupScale.EffectiveMax(absMax) == 0f)
        {
            return new NoisyQuantRecord(new sbyte[values.Length], 0f, 0, 0);
        }

        float[] reference = Forward(values, values, side);
        var candidate = new float[values.Length];

        int bestClip = 1;
        float bestError = float.PositiveInfinity;
        for (int i = 1; i <= ClipCandidates; i++)
        {
            float clip = absMax * Tenth(i);
            (float inv, float step) = Factors(clip, levels);
            for (int e = 0; e < values.Length; e++)
            {
                candidate[e] = step * Code(values[e], clip, inv, levels);
            }

            float error = SquaredError(Forward(candidate, values, side), reference);
            if (error < bestError)
            {
                (bestError, bestClip) = (error, i);
            }
        }

        float chosenClip = absMax * Tenth(bestClip);
        (float chosenInv, float chosenStep) = Factors(chosenClip, levels);
        float[] unit = UnitNoise(side);
        int bestNoise = 0;
        bestError = float.PositiveInfinity;
        for (int k = 0; k < NoiseCandidates; k++)
        {
            float[] noise = Noise(unit, k, chosenStep);
            for (int e = 0; e < values.Length; e++)
            {
                float shifted = values[e] + noise[e % side];
                candidate[e] = (chosenStep * Code(shifted, chosenClip, chosenInv, levels)) - noise[e % side];
            }

            float error = SquaredError(Forward(candidate, values, side), reference);
            if (error < bestError)
            {
                (bestError, bestNoise) = (error, k);
            }
        }

        float[] chosenNoise = Noise(unit, bestNoise, chosenStep);
        var codes = new sbyte[values.Length];
        for (int e = 0; e < values.Length; e++)
        {
            codes[e] = (sbyte)Code(values[e] + chosenNoise[e % side], chosenClip, chosenInv, levels);
        }

        return new NoisyQuantRecord(codes, chosenStep, bestClip, bestNoise);
    }

    /// <summary>x^[r][j] = Δ* q - n_j.</summary>
    public static float[] Dequantize(NoisyQuantRecord record, int side, int bits)
    {
        Validate(record.Codes.Length, side, bits);
        float[] noise = Noise(UnitNoise(side), record.NoiseIndex, record.Step);
        var values = new float[record.Codes.Length];
        for (int e = 0; e < values.Length; e++)
        {
            values[e] = (record.Step * record.Codes[e]) - noise[e % side];
        }

        return values;
    }

    /// <summary>The record words: the codes packed b bits each, most significant first (as eDQA's), then Δ*'s
    /// float32 bits, then (clip index &lt;&lt; 8) | noise index.</summary>
    public static uint[] ToWords(NoisyQuantRecord record, int bits)
    {
        int codeWords = (int)(((long)record.Codes.Length * bits + 31) / 32);
        var words = new uint[codeWords + 2];
        var writer = new WordBitWriter(words);
        uint mask = (1u << bits) - 1;
        foreach (sbyte code in record.Codes)
        {
            writer.Write((uint)code & mask, bits);
        }

        writer.Flush();
        words[codeWords] = BitConverter.SingleToUInt32Bits(record.Step);
        words[codeWords + 1] = (uint)((record.ClipIndex << 8) | record.NoiseIndex);
        return words;
    }

    public static NoisyQuantRecord FromWords(ReadOnlySpan<uint> words, int length, int bits)
    {
        int codeWords = (int)(((long)length * bits + 31) / 32);
        if (words.Length != codeWords + 2)
        {
            throw new EdqaFormatException(
                $"NoisyQuant record: {words.Length} words where {length} codes of {bits} bits need {codeWords + 2}");
        }

        var reader = new WordBitReader(words);
        var codes = new sbyte[length];
        int shift = 32 - bits;
        for (int e = 0; e < length; e++)
        {
            codes[e] = (sbyte)((int)(reader.Read(bits) << shift) >> shift);
        }

        float step = BitConverter.UInt32BitsToSingle(words[codeWords]);
        uint indices = words[codeWords + 1];
        bool stepOk = step == 0f ? !float.IsNegative(step) : float.IsNormal(step) && step > 0f;
        if (!stepOk || (indices >> 8) > ClipCandidates || (indices & 0xFF) >= NoiseCandidates)
        {
            throw new EdqaFormatException(
                $"NoisyQuant record: step {step:R} or indices 0x{indices:X} are out of range (step +0 or positive "
                + $"normal, clip index <= {ClipCandidates}, noise index < {NoiseCandidates})");
        }

        return new NoisyQuantRecord(codes, step, (int)(indices >> 8), (int)(indices & 0xFF));
    }

    /// <summary>F(Z) = Z · X, each sum over k = 0..S-1 in order, float32, from +0.</summary>
    public static float[] Forward(ReadOnlySpan<float> z, ReadOnlySpan<float> x, int side)
    {
        var output = new float[side * side];
        for (int r = 0; r < side; r++)
        {
            for (int c = 0; c < side; c++)
            {
                float sum = 0f;
                for (int k = 0; k < side; k++)
                {
                    sum += z[(r * side) + k] * x[(k * side) + c];
                }

                output[(r * side) + c] = sum;
            }
        }

        return output;
    }

    private static float SquaredError(float[] output, float[] reference)
    {
        float sum = 0f;
        for (int i = 0; i < output.Length; i++)
        {
            float difference = output[i] - reference[i];
            sum += difference * difference;
        }

        return sum;
    }

    /// <summary>inv = float32(Q) / clip and Δ = clip / float32(Q), two IEEE divisions.</summary>
    private static (float Inv, float Step) Factors(float clip, int levels) => (levels / clip, clip / levels);

    /// <summary>q = clamp(rne(clamp(z, -clip, clip) * inv), -Q - 1, Q).</summary>
    private static int Code(float z, float clip, float inv, int levels) =>
        ElementQuantizer.ClampRoundToEven(Math.Clamp(z, -clip, clip) * inv, -levels - 1, levels);

    /// <summary>n_j = (u_j * a_k) * Δ.</summary>
    private static float[] Noise(float[] unit, int amplitude, float step) =>
        unit.Select(u => u * Tenth(amplitude) * step).ToArray();

    private static void Validate(int length, int side, int bits)
    {
        if (side is < 1 or > MaxSide || length != side * side)
        {
            throw new ArgumentException(
                $"a NoisyQuant channel is S x S with S in [1, {MaxSide}]; {length} values with S = {side}");
        }

        if (bits is < SpecConstants.MinBits or > SpecConstants.MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "b must be in [2, 8]");
        }
    }
}
