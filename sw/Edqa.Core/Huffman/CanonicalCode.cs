namespace Edqa.Core.Huffman;

/// <summary>
/// A canonical prefix code (RFC 1951 §3.2.2) over an alphabet of 2^m symbols, defined by the code lengths alone:
/// codes of one length are consecutive integers in symbol order, and shorter codes precede longer ones.
/// Construction validates the lengths (spec §3.3), so a <see cref="CanonicalCode"/> in hand always decodes.
/// </summary>
/// <example>Lengths (2, 1, 3, 3) for symbols 0..3 give the codes 10, 0, 110, 111.</example>
public sealed class CanonicalCode
{
    private const int MaxLength = SpecConstants.MaxCodeLength;

    /// <summary>Entry of <see cref="DecodeTable"/>: (symbol &lt;&lt; 4) | length; 0 marks a bit pattern no code
    /// starts.</summary>
    private readonly ushort[] _decodeTable;

    private readonly byte[] _lengths;
    private readonly ushort[] _codes;
    private readonly int[] _lengthCounts;
    private readonly byte[] _symbolsInCodeOrder;

    private CanonicalCode(byte[] lengths, ushort[] codes, int[] lengthCounts, byte[] symbolsInCodeOrder)
    {
        _lengths = lengths;
        _codes = codes;
        _lengthCounts = lengthCounts;
        _symbolsInCodeOrder = symbolsInCodeOrder;
        _decodeTable = BuildDecodeTable(lengths, codes);
    }

    /// <summary>Code length per symbol; 0 for a symbol without a code.</summary>
    public ReadOnlySpan<byte> Lengths => _lengths;

    /// <summary>Code per symbol (its low <see cref="Lengths"/> bits), 0 for a symbol without a code.</summary>
    public ReadOnlySpan<ushort> Codes => _codes;

    /// <summary>Number of codes of each length, index 0..L_max (index 0 unused).</summary>
    public ReadOnlySpan<int> LengthCounts => _lengthCounts;

    /// <summary>The used symbols sorted by (length, symbol): the order of their canonical codes.</summary>
    public ReadOnlySpan<byte> SymbolsInCodeOrder => _symbolsInCodeOrder;

    /// <summary>Number of symbols that have a code.</summary>
    public int UsedSymbols => _symbolsInCodeOrder.Length;

    public int AlphabetSize => _lengths.Length;

    /// <summary>
    /// The 2^L_max-entry decode table: indexed by the next L_max bits of the stream, it gives (symbol, length) of
    /// the code those bits start with, or 0 if none does.
    /// </summary>
    public ReadOnlySpan<ushort> DecodeTable => _decodeTable;

    /// <summary>
    /// Validates <paramref name="lengths"/> and assigns the canonical codes. Legal code books (spec §3.3):
    /// no symbol; exactly one symbol with length 1; or two or more symbols, every length in [1, L_max], with a
    /// Kraft sum of exactly 1. Anything else throws <see cref="EdqaFormatException"/> naming the problem.
    /// </summary>
    public static CanonicalCode FromLengths(ReadOnlySpan<byte> lengths)
    {
        if (lengths.Length is < 2 or > 1 << MaxLength || !int.IsPow2(lengths.Length))
        {
            throw new EdqaFormatException(
                $"codebook: alphabet of {lengths.Length} symbols is not 2^m with m in [1, {MaxLength}]");
        }

        var lengthCounts = new int[MaxLength + 1];
        int used = 0;
        long kraft = 0;
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length > MaxLength)
            {
                throw new EdqaFormatException(
                    $"codebook: symbol {symbol} has code length {length}, longer than L_max = {MaxLength}");
            }

            if (length > 0)
            {
                lengthCounts[length]++;
                used++;
                kraft += 1L << (MaxLength - length);
            }
        }

        if (used == 1)
        {
            int single = lengths.IndexOfAnyExcept((byte)0);
            if (lengths[single] != 1)
            {
                throw new EdqaFormatException(
                    $"codebook: the only symbol {single} has code length {lengths[single]}; a single symbol "
                    + $"must have length 1");
            }
        }
        else if (used > 1 && kraft != 1L << MaxLength)
        {
            string relation = kraft > 1L << MaxLength ? "over-subscribed" : "incomplete";
            throw new EdqaFormatException(
                $"codebook: Kraft sum {kraft}/{1L << MaxLength} is {relation}; a code of two or more symbols must "
                + $"sum to exactly 1");
        }

        // RFC 1951 §3.2.2: the first code of each length, then consecutive codes in symbol order.
        Span<int> nextCode = stackalloc int[MaxLength + 1];
        int code = 0;
        for (int length = 1; length <= MaxLength; length++)
        {
            code = (code + lengthCounts[length - 1]) << 1;
            nextCode[length] = code;
        }

        var codes = new ushort[lengths.Length];
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            if (lengths[symbol] > 0)
            {
                codes[symbol] = (ushort)nextCode[lengths[symbol]]++;
            }
        }

        var symbolsInCodeOrder = new byte[used];
        int position = 0;
        for (int length = 1; length <= MaxLength; length++)
        {
            for (int symbol = 0; symbol < lengths.Length; symbol++)
            {
                if (lengths[symbol] == length)
                {
                    symbolsInCodeOrder[position++] = (byte)symbol;
                }
            }
        }

        return new CanonicalCode(lengths.ToArray(), codes, lengthCounts, symbolsInCodeOrder);
    }

    /// <summary>Builds the code of a histogram: <see cref="HuffmanCodeLengths.Build"/> then the canonical
    /// codes.</summary>
    public static CanonicalCode FromHistogram(ReadOnlySpan<int> histogram)
    {
        Span<byte> lengths = stackalloc byte[histogram.Length];
        HuffmanCodeLengths.Build(histogram, lengths);
        return FromLengths(lengths);
    }

    /// <summary>Total payload bits for a histogram under this code: sum of count * length.</summary>
    public long PayloadBits(ReadOnlySpan<int> histogram)
    {
        long bits = 0;
        for (int symbol = 0; symbol < histogram.Length; symbol++)
        {
            bits += (long)histogram[symbol] * Lengths[symbol];
        }

        return bits;
    }

    private static ushort[] BuildDecodeTable(byte[] lengths, ushort[] codes)
    {
        var table = new ushort[1 << MaxLength];
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            // Every L_max-bit pattern that starts with this code decodes to it.
            int first = codes[symbol] << (MaxLength - length);
            int span = 1 << (MaxLength - length);
            table.AsSpan(first, span).Fill((ushort)((symbol << 4) | length));
        }

        return table;
    }
}
