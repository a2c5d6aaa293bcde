namespace Edqa.Core.Layer;

/// <summary>Which channels of a layer are important (spec §2.1): the top k of a ranking, or an explicit
/// list.</summary>
public static class ImportantChannels
{
    /// <summary>k = floor(r * C + 0.5), computed in float64: the number of important channels for ratio r.</summary>
    public static int CountFor(double ratio, int channels)
    {
        if (!(ratio >= 0.0 && ratio <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio,
                "the important-channel ratio r must be in [0, 1]");
        }

        return (int)Math.Floor((ratio * channels) + 0.5);
    }

    /// <summary>The first k = <see cref="CountFor"/> channels of <paramref name="ranking"/> (most important first),
    /// which must be a permutation of 0..C-1.</summary>
    public static bool[] FromRanking(IReadOnlyList<int> ranking, int channels, double ratio)
    {
        if (ranking.Count != channels)
        {
            throw new ArgumentException($"the ranking lists {ranking.Count} channels where the layer has {channels}");
        }

        bool[] mask = FromIds(ranking, channels);
        Array.Clear(mask);
        int k = CountFor(ratio, channels);
        for (int i = 0; i < k; i++)
        {
            mask[ranking[i]] = true;
        }

        return mask;
    }

    /// <summary>A mask with exactly the given channel ids set; ids must be distinct and in [0, C).</summary>
    public static bool[] FromIds(IEnumerable<int> ids, int channels)
    {
        var mask = new bool[channels];
        foreach (int id in ids)
        {
            if (id < 0 || id >= channels)
            {
                throw new ArgumentException($"channel {id} is outside a layer of {channels} channels");
            }

            if (mask[id])
            {
                throw new ArgumentException($"channel {id} is listed twice");
            }

            mask[id] = true;
        }

        return mask;
    }
}
