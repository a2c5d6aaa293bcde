namespace Edqa.Core.Huffman;

/// <summary>
/// Code lengths from a histogram, spec §3.1: a two-queue Huffman construction with a fixed tie-breaking rule,
/// the length histogram limited to <see cref="SpecConstants.MaxCodeLength"/> bits, and lengths handed out to
/// symbols in order of frequency. Every step is deterministic, so the C# model and the hardware agree.
/// </summary>
public static class HuffmanCodeLengths
{
    /// <summary>
    /// Fills <paramref name="lengths"/> (one entry per symbol, 0 = no code) from <paramref name="histogram"/>.
    /// No symbol: all zero. One symbol: length 1. Otherwise a complete prefix code (Kraft sum exactly 1) with
    /// every length in [1, L_max].
    /// </summary>
    public static void Build(ReadOnlySpan<int> histogram, Span<byte> lengths,
        int maxLength = SpecConstants.MaxCodeLength)
    {
        int alphabet = histogram.Length;
        if (maxLength is < 1 or > SpecConstants.MaxCodesCodeLength || alphabet > 1 << maxLength
            || lengths.Length != alphabet)
        {
            throw new ArgumentException(
                $"alphabet of {alphabet} symbols with {lengths.Length} length slots; at most "
                + $"2^{maxLength} symbols");
        }

        lengths.Clear();
        Span<int> sorted = stackalloc int[alphabet];
        int used = SortUsedSymbols(histogram, sorted);
        if (used == 0)
        {
            return;
        }

        if (used == 1)
        {
            lengths[sorted[0]] = 1;
            return;
        }

        Span<int> lengthCounts = stackalloc int[maxLength + 1];
        CountLeafDepths(histogram, sorted[..used], lengthCounts, maxLength);
        LimitLengths(lengthCounts, maxLength);

        // The most frequent symbol (last in sorted order) gets the shortest length.
        int next = used - 1;
        for (int length = 1; length <= maxLength; length++)
        {
            for (int k = 0; k < lengthCounts[length]; k++)
            {
                lengths[sorted[next--]] = (byte)length;
            }
        }
    }

    /// <summary>Symbols with a non-zero count, ordered by (count ascending, symbol ascending). Returns how
    /// many.</summary>
    private static int SortUsedSymbols(ReadOnlySpan<int> histogram, Span<int> sorted)
    {
        int used = 0;
        for (int symbol = 0; symbol < histogram.Length; symbol++)
        {
            int count = histogram[symbol];
            if (count < 0)
            {
                throw new ArgumentException($"histogram count of symbol {symbol} is negative");
            }

            if (count == 0)
            {
                continue;
            }

            // Insertion sort; symbols arrive in ascending order, so equal counts keep symbol order.
            int position = used++;
            while (position > 0 && histogram[sorted[position - 1]] > count)
            {
                sorted[position] = sorted[position - 1];
                position--;
            }

            sorted[position] = symbol;
        }

        return used;
    }

    /// <summary>
    /// Builds the Huffman tree over the sorted leaves with two queues (leaves, then internal nodes in creation
    /// order), always taking the lighter front and the leaf when weights tie, and counts leaves per depth, with
    /// depths beyond L_max counted at L_max.
    /// </summary>
    private static void CountLeafDepths(ReadOnlySpan<int> histogram, ReadOnlySpan<int> sorted, Span<int> lengthCounts,
        int maxLength)
    {
        int leaves = sorted.Length;
        int nodes = (2 * leaves) - 1;
        Span<long> weight = stackalloc long[nodes];
        Span<int> parent = stackalloc int[nodes];
        for (int i = 0; i < leaves; i++)
        {
            weight[i] = histogram[sorted[i]];
        }

        int leafFront = 0;
        int internalFront = leaves;
        int created = leaves;
        for (; created < nodes; created++)
        {
            int first = TakeLightest(weight, leaves, created, ref leafFront, ref internalFront);
            int second = TakeLightest(weight, leaves, created, ref leafFront, ref internalFront);
            weight[created] = weight[first] + weight[second];
            parent[first] = created;
            parent[second] = created;
        }

        // The root is the last node created; every other node was created before its parent.
        Span<int> depth = stackalloc int[nodes];
        depth[nodes - 1] = 0;
        for (int node = nodes - 2; node >= 0; node--)
        {
            depth[node] = depth[parent[node]] + 1;
        }

        lengthCounts.Clear();
        for (int leaf = 0; leaf < leaves; leaf++)
        {
            lengthCounts[Math.Min(depth[leaf], maxLength)]++;
        }
    }

    private static int TakeLightest(ReadOnlySpan<long> weight, int leaves, int created, ref int leafFront,
        ref int internalFront)
    {
        bool leafAvailable = leafFront < leaves;
        bool internalAvailable = internalFront < created;
        if (leafAvailable && (!internalAvailable || weight[leafFront] <= weight[internalFront]))
        {
            return leafFront++;
        }

        return internalFront++;
    }

    /// <summary>
    /// Restores the Kraft equality after depths were clamped to L_max (the zlib method): while the sum exceeds 1,
    /// the deepest leaf above L_max moves down one level and takes a clamped leaf as its sibling, which lowers the
    /// sum by exactly 2^-L_max each time. Does nothing when no depth was clamped.
    /// </summary>
    private static void LimitLengths(Span<int> lengthCounts, int max)
    {
        long kraft = 0;
        for (int length = 1; length <= max; length++)
        {
            kraft += (long)lengthCounts[length] << (max - length);
        }

        for (; kraft > 1L << max; kraft--)
        {
            int level = max - 1;
            while (lengthCounts[level] == 0)
            {
                level--;
            }

            lengthCounts[level]--;
            lengthCounts[level + 1] += 2;
            lengthCounts[max]--;
        }
    }
}
