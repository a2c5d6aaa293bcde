using Edqa.Core.Quantization;

namespace Edqa.Core.Calibration;

/// <summary>DQSS's four candidate ways of choosing a clipping threshold T for a layer's activations (spec
/// §9).</summary>
public enum ThresholdFinder
{
    /// <summary>T = max |x|.</summary>
    MaxAbs,

    /// <summary>TensorRT entropy calibration: the T whose quantized histogram is closest in KL divergence.</summary>
    Kl,

    /// <summary>EasyQuant: the T in [0.5 S, 2 S] (S the KL threshold) maximizing the cosine of x and x^.</summary>
    EasyQuant,

    /// <summary>ADMM's projection: the least-squares scale, by alternating codes and scale.</summary>
    Admm,
}

/// <summary>
/// The uniform quantizer the DQSS candidates share (spec §9): Δ = T / Q, q = clamp(rne(x / Δ), low, Q), x^ = q Δ
/// (one IEEE division and one multiply per element); on the signed grid Q = 2^(b-1) - 1 and low = -2^(b-1), on the
/// unsigned grid of a non-negative point (spec §2.3) Q = 2^b - 1 and low = 0.
/// </summary>
public static class ThresholdQuantizer
{
    public const int MinBits = 2;
    public const int MaxBits = 16;

    /// <summary>Q: the largest code, the steps from 0 to T.</summary>
    public static int Levels(int bits, QuantGrid grid = QuantGrid.Signed) => grid == QuantGrid.Unsigned
        ? (1 << CheckBits(bits)) - 1
        : (1 << (CheckBits(bits) - 1)) - 1;

    /// <summary>The smallest code: -2^(b-1) signed, 0 unsigned (a negative input clamps to 0).</summary>
    public static int CodeMin(int bits, QuantGrid grid = QuantGrid.Signed) =>
        grid == QuantGrid.Unsigned ? 0 : -(1 << (CheckBits(bits) - 1));

    public static int CheckBits(int bits) => bits is >= MinBits and <= MaxBits
        ? bits
        : throw new ArgumentOutOfRangeException(nameof(bits), bits,
            $"the bit width must lie in [{MinBits}, {MaxBits}]");

    public static float Step(float threshold, int bits, QuantGrid grid = QuantGrid.Signed) =>
        threshold / Levels(bits, grid);

    public static float Apply(float x, float step, int bits, QuantGrid grid = QuantGrid.Signed) =>
        step == 0f ? 0f : ElementQuantizer.ClampRoundToEven(x / step, CodeMin(bits, grid), Levels(bits, grid)) * step;

    /// <summary>Mean of (x - x^)² with threshold T: what a candidate leaves on the values it was found on.</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> values, float threshold, int bits,
        QuantGrid grid = QuantGrid.Signed)
    {
        float step = Step(threshold, bits, grid);
        double sum = 0;
        foreach (float x in values)
        {
            double d = x - Apply(x, step, bits, grid);
            sum += d * d;
        }

        return values.Length == 0 ? 0 : sum / values.Length;
    }
}

/// <summary>The four finders of <see cref="ThresholdFinder"/>, as spec §9 defines them (double-precision
/// sums).</summary>
public static class ThresholdFinders
{
    public const int HistogramBins = 2048;
    public const int EasyQuantCandidates = 100;
    public const int AdmmIterations = 20;

    /// <summary>The first slice the KL search tries: TensorRT's (and pytorch-quantization's start_bin) 128 of 2048
    /// bins, whatever the bit width, so T is never below max |x| / 16. Starting at G = 2^(b-1) instead let a spiky
    /// histogram (post-ReLU constants of an image's background) win with a slice of a few bins, where Q reproduces
    /// the spikes exactly: on the shipped CNN that clipped relu1 at 0.9% of its max and the network fell to
    /// chance.</summary>
    public const int KlStartBin = 128;

    /// <summary>T of <paramref name="finder"/> for the quantizer on <paramref name="grid"/> (spec §9).</summary>
    public static float Find(ThresholdFinder finder, ReadOnlySpan<float> values, int bits,
        QuantGrid grid = QuantGrid.Signed) => finder switch
    {
        ThresholdFinder.MaxAbs => MaxAbs(values),
        ThresholdFinder.Kl => Kl(values, bits, grid),
        ThresholdFinder.EasyQuant => EasyQuant(values, bits, grid),
        ThresholdFinder.Admm => Admm(values, bits, grid),
        _ => throw new ArgumentOutOfRangeException(nameof(finder)),
    };

    /// <summary>max |x| (non-finite values are an error naming their index).</summary>
    public static float MaxAbs(ReadOnlySpan<float> values) => ScalarQuantizationKernel.Instance.AbsMax(values);

    /// <summary>
    /// Histogram of |x| in 2048 bins over [0, max |x|], bin 0 then set to bin 1's count (TensorRT's suppression of
    /// the ReLU zero spike, which would otherwise dominate the divergence). G = Q + 1, the non-negative codes:
    /// 2^(b-1) signed, 2^b unsigned. For every i from G to 2048:
    /// P = the first i bins with everything beyond folded into bin i-1; Q = the first i bins of the unfolded
    /// histogram merged into G groups (bin j in group floor(j G / i)), each group's count spread evenly over its
    /// non-empty bins, for every i from max(G, 128). T = i / 2048 * max |x| for the last i with the smallest KL(P ||
    /// Q).
    /// </summary>
    public static float Kl(ReadOnlySpan<float> values, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        float max = MaxAbs(values);
        if (max == 0f)
        {
            return 0f;
        }

        var histogram = new double[HistogramBins];
        foreach (float x in values)
        {
            histogram[Math.Min((int)(Math.Abs((double)x) / max * HistogramBins), HistogramBins - 1)]++;
        }

        histogram[0] = histogram[1];
        int levels = ThresholdQuantizer.Levels(bits, grid) + 1;
        double best = double.PositiveInfinity;
        int bestBins = HistogramBins;
        var p = new double[HistogramBins];
        var q = new double[HistogramBins];
        var groupMass = new double[levels];
        var groupOccupied = new int[levels];
        for (int bins = Math.Max(levels, KlStartBin); bins <= HistogramBins; bins++)
        {
            Array.Copy(histogram, p, bins);
            for (int k = bins; k < HistogramBins; k++)
            {
                p[bins - 1] += histogram[k];
            }

            // Q is built from the histogram before the outliers were folded in (as TensorRT does): bin j belongs to
            // group floor(j G / i), and each group's count is spread over its non-zero bins.
            Array.Clear(groupMass);
            Array.Clear(groupOccupied);
            for (int k = 0; k < bins; k++)
            {
                int group = (int)((long)k * levels / bins);
                groupMass[group] += histogram[k];
                groupOccupied[group] += histogram[k] > 0 ? 1 : 0;
            }

            for (int k = 0; k < bins; k++)
            {
                int group = (int)((long)k * levels / bins);
                q[k] = histogram[k] > 0 ? groupMass[group] / groupOccupied[group] : 0;
            }

            double divergence = Divergence(p.AsSpan(0, bins), q.AsSpan(0, bins));
            if (divergence <= best)
            {
                (best, bestBins) = (divergence, bins);
            }
        }

        return (float)((double)bestBins / HistogramBins * max);
    }

    /// <summary>
    /// EasyQuant's search: T_k = S (0.5 + 1.5 k / 99), k = 0..99, S the KL threshold (max |x| if that is 0); the
    /// first T_k with the largest cosine between x and its quantized x^.
    /// </summary>
    public static float EasyQuant(ReadOnlySpan<float> values, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        float start = Kl(values, bits, grid);
        if (start == 0f)
        {
            start = MaxAbs(values);
        }

        if (start == 0f)
        {
            return 0f;
        }

        float best = start;
        double bestCosine = double.NegativeInfinity;
        for (int k = 0; k < EasyQuantCandidates; k++)
        {
            float threshold = (float)(start * (0.5 + (1.5 * k / (EasyQuantCandidates - 1))));
            float step = ThresholdQuantizer.Step(threshold, bits, grid);
            double dot = 0, norm = 0, quantizedNorm = 0;
            foreach (float x in values)
            {
                double y = ThresholdQuantizer.Apply(x, step, bits, grid);
                dot += x * y;
                norm += (double)x * x;
                quantizedNorm += y * y;
            }

            double cosine = quantizedNorm == 0 ? 0 : dot / Math.Sqrt(norm * quantizedNorm);
            if (cosine > bestCosine)
            {
                (bestCosine, best) = (cosine, threshold);
            }
        }

        return best;
    }

    /// <summary>
    /// min over (α, q) of ||x - α q||²: start at α = max |x| / Q, then alternately q = clamp(rne(x / α)) and
    /// α = &lt;x, q&gt; / &lt;q, q&gt; until q stops changing (at most 20 rounds); T = α Q.
    /// </summary>
    public static float Admm(ReadOnlySpan<float> values, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        float max = MaxAbs(values);
        if (max == 0f)
        {
            return 0f;
        }

        int levels = ThresholdQuantizer.Levels(bits, grid);
        int low = ThresholdQuantizer.CodeMin(bits, grid);
        float scale = ThresholdQuantizer.Step(max, bits, grid);
        var codes = new int[values.Length];
        for (int round = 0; round < AdmmIterations; round++)
        {
            bool changed = round == 0;
            double dot = 0, squares = 0;
            for (int i = 0; i < values.Length; i++)
            {
                int q = ElementQuantizer.ClampRoundToEven(values[i] / scale, low, levels);
                changed |= q != codes[i];
                codes[i] = q;
                dot += (double)values[i] * q;
                squares += (double)q * q;
            }

            if (!changed || squares == 0)
            {
                break;
            }

            scale = (float)(dot / squares);
            if (!(scale > 0f))
            {
                return max;
            }
        }

        return scale * levels;
    }

    private static double Divergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double pTotal = 0, qTotal = 0;
        for (int k = 0; k < p.Length; k++)
        {
            pTotal += p[k];
            qTotal += q[k];
        }

        double divergence = 0;
        for (int k = 0; k < p.Length; k++)
        {
            if (p[k] > 0)
            {
                if (q[k] == 0)
                {
                    return double.PositiveInfinity;
                }

                double pk = p[k] / pTotal;
                divergence += pk * Math.Log(pk / (q[k] / qTotal));
            }
        }

        return divergence;
    }
}
