namespace Edqa.Core.Huffman;

/// <summary>
/// A layer's static code (spec §3.7): one canonical code for all its important records, computed offline from
/// calibration errors, with a code for every symbol so that it codes any record.
/// </summary>
public static class StaticCode
{
    /// <summary>The static code of a calibration histogram: every count + 1, then spec §3.1.</summary>
    public static CanonicalCode FromHistogram(ReadOnlySpan<long> histogram,
        int maxLength = SpecConstants.MaxCodeLength)
    {
        // The tree's weights are sums of counts in int (spec §3.1 on f): more calibration errors than that is a
        // caller's error, not something to round away.
        long total = 0;
        Span<int> smoothed = stackalloc int[histogram.Length];
        for (int symbol = 0; symbol < histogram.Length; symbol++)
        {
            total += histogram[symbol] + 1;
            if (histogram[symbol] < 0 || total > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(histogram),
                    $"calibration histogram of {total}+ errors: a static code is computed from fewer than 2^31");
            }

            smoothed[symbol] = (int)histogram[symbol] + 1;
        }

        return CanonicalCode.FromHistogram(smoothed, maxLength);
    }

    /// <summary>The codes' static code (spec §3.8) of a calibration histogram of their 2^N + 15 symbols.</summary>
    public static CanonicalCode ForCodes(ReadOnlySpan<long> histogram) =>
        FromHistogram(histogram, SpecConstants.MaxCodesCodeLength);

    /// <summary>Validates a static code's lengths (spec §3.7): every length in [1, L_max], Kraft sum 1. Null when
    /// every length is 0 (the layer has none).</summary>
    public static CanonicalCode? FromLengths(ReadOnlySpan<byte> lengths,
        int maxLength = SpecConstants.MaxCodeLength)
    {
        if (lengths.IndexOfAnyExcept((byte)0) < 0)
        {
            return null;
        }

        int missing = lengths.IndexOf((byte)0);
        if (missing >= 0)
        {
            throw new EdqaFormatException(
                $"static code: symbol {missing} has no code; a static code must code every one of the "
                + $"{lengths.Length} symbols");
        }

        return CanonicalCode.FromLengths(lengths, maxLength);
    }

    /// <summary>A static code on the wire (spec §3.4): ceil(2^m * 4 / 32) words, every field 0 for none.</summary>
    public static uint[] ToWords(CanonicalCode? code, int extraBits) =>
        LengthWords(code, 1 << extraBits);

    /// <summary>The codes' static code on the wire (spec §3.8): its 2^N + 15 lengths in §3.4's form.</summary>
    public static uint[] CodesToWords(CanonicalCode? code, int bits) =>
        LengthWords(code, CodeSymbols.AlphabetSize(bits));

    private static uint[] LengthWords(CanonicalCode? code, int symbols)
    {
        if (code is not null && code.AlphabetSize != symbols)
        {
            throw new ArgumentException($"a code of {code.AlphabetSize} symbols where {symbols} are needed");
        }

        var words = new uint[Codebook.WordsFor(symbols)];
        if (code is not null)
        {
            var writer = new Bits.WordBitWriter(words);
            Codebook.Write(code.Lengths, ref writer);
            writer.Flush();
        }

        return words;
    }

    /// <summary>Reads a static code of m = <paramref name="extraBits"/> from its words: the lengths, zero padding,
    /// then <see cref="FromLengths"/> (null when every length is 0). Throws <see cref="EdqaFormatException"/>
    /// naming the problem.</summary>
    public static CanonicalCode? FromWords(ReadOnlySpan<uint> words, int extraBits)
    {
        if (extraBits is < SpecConstants.MinExtraBits or > SpecConstants.MaxBits
            || words.Length != Codebook.WordCount(extraBits))
        {
            throw new EdqaFormatException(
                $"static code: {words.Length} words for m = {extraBits} (m in [1, 8], ceil(2^m * 4 / 32) words)");
        }

        return ReadLengths(words, 1 << extraBits, SpecConstants.MaxCodeLength, "static code");
    }

    /// <summary>Reads the codes' static code of N = <paramref name="bits"/> (spec §3.8): null when every length is
    /// 0, else every one of the 2^N + 15 lengths in [1, 12] with a Kraft sum of 1.</summary>
    public static CanonicalCode? CodesFromWords(ReadOnlySpan<uint> words, int bits)
    {
        if (bits is < SpecConstants.MinBits or > SpecConstants.MaxBits
            || words.Length != Codebook.WordsFor(CodeSymbols.AlphabetSize(bits)))
        {
            throw new EdqaFormatException(
                $"codes' static code: {words.Length} words for N = {bits} (N in [2, 8], ceil((2^N + 15) * 4 / 32) "
                + $"words)");
        }

        return ReadLengths(words, CodeSymbols.AlphabetSize(bits), SpecConstants.MaxCodesCodeLength,
            "codes' static code");
    }

    private static CanonicalCode? ReadLengths(ReadOnlySpan<uint> words, int symbols, int maxLength, string what)
    {
        var lengths = new byte[symbols];
        var reader = new Bits.WordBitReader(words);
        Codebook.Read(ref reader, lengths);
        if (reader.SkipPadding() != 0)
        {
            throw new EdqaFormatException($"{what}: padding bits after the last length are not zero");
        }

        try
        {
            return FromLengths(lengths, maxLength);
        }
        catch (EdqaFormatException e) when (maxLength != SpecConstants.MaxCodeLength)
        {
            throw new EdqaFormatException($"{what}: {e.Message}");
        }
    }

    /// <summary>True when <paramref name="code"/> is a legal static code of an alphabet of 2^m symbols.</summary>
    public static bool Fits(CanonicalCode code, int extraBits) =>
        code.AlphabetSize == 1 << extraBits && code.UsedSymbols == code.AlphabetSize
            && code.MaxLength == SpecConstants.MaxCodeLength;

    /// <summary>True when <paramref name="code"/> is a legal codes' static code at N = <paramref name="bits"/>
    /// (spec §3.8).</summary>
    public static bool FitsCodes(CanonicalCode code, int bits) =>
        code.AlphabetSize == CodeSymbols.AlphabetSize(bits) && code.UsedSymbols == code.AlphabetSize
            && code.MaxLength == SpecConstants.MaxCodesCodeLength;
}
