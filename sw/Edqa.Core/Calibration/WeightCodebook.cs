namespace Edqa.Core.Calibration;

/// <summary>
/// ADQ's weight quantizer for one layer (spec §10): a symmetric codebook of 2^b - 1 values, {c-} ∪ {0} ∪ {c+},
/// initialized from the weights' quantiles, each weight replaced by its nearest codeword, and the non-zero
/// codewords pulled towards the mean of their weights by an exponential moving average during training.
/// </summary>
public sealed class WeightCodebook
{
    public const double DefaultMomentum = 0.99;

    private readonly float[] _codewords;

    private WeightCodebook(int bits, float[] codewords)
    {
        Bits = bits;
        _codewords = codewords;
    }

    public int Bits { get; }

    /// <summary>The codewords in ascending order; the middle one is 0.</summary>
    public IReadOnlyList<float> Codewords => _codewords;

    /// <summary>K = 2^(b-1) - 1 codewords per side, b in [2, 8].</summary>
    public static int PerSide(int bits) => bits is >= 2 and <= 8
        ? (1 << (bits - 1)) - 1
        : throw new ArgumentOutOfRangeException(nameof(bits), bits, "the weight bit width must lie in [2, 8]");

    /// <summary>c+_k = Quantile({w &gt; 0}, (k - 1/2) / K), c-_k = -Quantile({|w| : w &lt; 0}, (k - 1/2) / K), k = 1..K
    /// (a side with no weights gets no spread: its codewords are 0).</summary>
    public static WeightCodebook FromQuantiles(ReadOnlySpan<float> weights, int bits)
    {
        int perSide = PerSide(bits);
        var positive = new List<float>();
        var negative = new List<float>();
        foreach (float w in weights)
        {
            if (!float.IsFinite(w))
            {
                throw new ArgumentException($"weight {w} is not finite", nameof(weights));
            }

            if (w > 0)
            {
                positive.Add(w);
            }
            else if (w < 0)
            {
                negative.Add(-w);
            }
        }

        positive.Sort();
        negative.Sort();
        var codewords = new float[(2 * perSide) + 1];
        for (int k = 1; k <= perSide; k++)
        {
            double p = (k - 0.5) / perSide;
            codewords[perSide + k] = Quantile(positive, p);
            codewords[perSide - k] = -Quantile(negative, p);
        }

        return new WeightCodebook(bits, codewords);
    }

    /// <summary>Linear interpolation between order statistics (numpy's default): h = (n - 1) p,
    /// s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h]); 0 for an empty list.</summary>
    public static float Quantile(IReadOnlyList<float> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0f;
        }

        double h = (sorted.Count - 1) * p;
        int low = (int)Math.Floor(h);
        int high = Math.Min(low + 1, sorted.Count - 1);
        return (float)(sorted[low] + ((h - low) * ((double)sorted[high] - sorted[low])));
    }

    /// <summary>The index of the codeword nearest to w (ties: the one of smaller magnitude).</summary>
    public int Assign(float w)
    {
        int upper = Array.BinarySearch(_codewords, w);
        if (upper >= 0)
        {
            return upper;
        }

        upper = ~upper;
        if (upper == 0)
        {
            return 0;
        }

        if (upper == _codewords.Length)
        {
            return _codewords.Length - 1;
        }

        int lower = upper - 1;
        double below = (double)w - _codewords[lower];
        double above = (double)_codewords[upper] - w;
        if (below != above)
        {
            return below < above ? lower : upper;
        }

        return Math.Abs(_codewords[lower]) <= Math.Abs(_codewords[upper]) ? lower : upper;
    }

    public float Quantize(float w) => _codewords[Assign(w)];

    /// <summary>c_k = μ c_k + (1 - μ) mean(weights assigned to k) for every non-zero codeword with weights; zero
    /// and unused codewords stay. Returns how many codewords moved.</summary>
    public int Update(ReadOnlySpan<float> weights, double momentum = DefaultMomentum)
    {
        var sums = new double[_codewords.Length];
        var counts = new int[_codewords.Length];
        foreach (float w in weights)
        {
            int k = Assign(w);
            sums[k] += w;
            counts[k]++;
        }

        int zero = _codewords.Length / 2;
        int moved = 0;
        for (int k = 0; k < _codewords.Length; k++)
        {
            if (k == zero || counts[k] == 0)
            {
                continue;
            }

            float updated = (float)((momentum * _codewords[k]) + ((1 - momentum) * (sums[k] / counts[k])));
            moved += updated != _codewords[k] ? 1 : 0;
            _codewords[k] = updated;
        }

        return moved;
    }

    /// <summary>Σ (w - Q(w))², in double.</summary>
    public double SquaredError(ReadOnlySpan<float> weights)
    {
        double sum = 0;
        foreach (float w in weights)
        {
            double d = w - Quantize(w);
            sum += d * d;
        }

        return sum;
    }
}

/// <summary>One layer as the bit allocation sees it: its weight count, its sensitivity and its squared
/// quantization error at each candidate width.</summary>
public sealed record LayerBitCost(string Name, long Weights, double Sensitivity,
    IReadOnlyDictionary<int, double> Error);

/// <summary>
/// ADQ's sensitivity-driven bit allocation (spec §10): choose b_l per layer to minimize Σ s_l e_l(b_l) subject to
/// Σ n_l b_l ≤ B Σ n_l. Greedy: every layer starts at the smallest width; repeatedly take the one-step upgrade with
/// the largest error reduction per added weight bit, s_l (e_l(b) - e_l(b + 1)) / n_l, among those that fit the budget
/// (ties: the earlier layer), until none fits or none helps.
/// </summary>
public static class BitAllocation
{
    public static int[] Allocate(IReadOnlyList<LayerBitCost> layers, int[] widths, double averageBits)
    {
        if (widths.Length == 0 || widths.Any(w => w is < 2 or > 8) || !widths.SequenceEqual(widths.Order().Distinct()))
        {
            throw new ArgumentException("the candidate widths must be distinct, ascending and in [2, 8]",
                nameof(widths));
        }

        long total = layers.Sum(l => l.Weights);
        if (!(averageBits >= widths[0]))
        {
            throw new ArgumentOutOfRangeException(nameof(averageBits), averageBits,
                $"the average weight budget must be at least the smallest width, {widths[0]}");
        }

        var choice = new int[layers.Count];
        double budget = averageBits * total;
        double used = (double)widths[0] * total;
        while (true)
        {
            int best = -1;
            double bestGain = 0;
            for (int l = 0; l < layers.Count; l++)
            {
                if (choice[l] + 1 >= widths.Length)
                {
                    continue;
                }

                double cost = (double)(widths[choice[l] + 1] - widths[choice[l]]) * layers[l].Weights;
                if (used + cost > budget)
                {
                    continue;
                }

                double gain =
                    layers[l].Sensitivity * (layers[l].Error[widths[choice[l]]] - layers[l].Error[widths[choice[l]
                                + 1]]) / cost;
                if (gain > bestGain)
                {
                    (best, bestGain) = (l, gain);
                }
            }

            if (best < 0)
            {
                return choice.Select(c => widths[c]).ToArray();
            }

            used += (double)(widths[choice[best] + 1] - widths[choice[best]]) * layers[best].Weights;
            choice[best]++;
        }
    }
}
