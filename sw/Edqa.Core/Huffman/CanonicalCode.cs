namespace Edqa.Core.Huffman;

/// <summary>
/// A canonical prefix code (RFC 1951 §3.2.2), defined by the code lengths alone: over the 2^m errors with
/// L_max = 8 (spec §3.2), or over the 2^N + 15 symbols of the codes with L_max = 12 (spec §3.8);
/// codes of one length are consecutive integers in symbol order, and shorter codes precede longer ones.
/// Construction validates the lengths (spec §3.3), so a <see cref="CanonicalCode"/> in hand always decodes.
/// </summary>
/// <example>Lengths (2, 1, 3, 3) for symbols 0..3 give the codes 10, 0, 110, 111.</example>
public sealed class CanonicalCode
{
    /// <summary>Entry of <see cref="DecodeTable"/>: (symbol &lt;&lt; 4) | length; 0 marks a bit pattern no code
    /// starts.</summary>
    private readonly uint[] _decodeTable;

    private readonly byte[] _lengths;
    private readonly ushort[] _codes;
    private readonly int[] _lengthCounts;
    private readonly ushort[] _symbolsInCodeOrder;

    private CanonicalCode(byte[] lengths, ushort[] codes, int[] lengthCounts, ushort[] symbolsInCodeOrder,
        int maxLength)
    {
        _lengths = lengths;
        _codes = codes;
        _lengthCounts = lengthCounts;
        _symbolsInCodeOrder = symbolsInCodeOrder;
        MaxLength = maxLength;
        _decodeTable = BuildDecodeTable(lengths, codes, maxLength);
    }

    /// <summary>L_max of this code: 8 for the errors (spec §3.2), 12 for the codes (spec §3.8).</summary>
    public int MaxLength { get; }

    /// <summary>Code length per symbol; 0 for a symbol without a code.</summary>
    public ReadOnlySpan<byte> Lengths => _lengths;

    /// <summary>Code per symbol (its low <see cref="Lengths"/> bits), 0 for a symbol without a code.</summary>
    public ReadOnlySpan<ushort> Codes => _codes;

    /// <summary>Number of codes of each length, index 0..<see cref="MaxLength"/> (index 0 unused).</summary>
    public ReadOnlySpan<int> LengthCounts => _lengthCounts;

    /// <summary>The used symbols sorted by (length, symbol): the order of their canonical codes.</summary>
    public ReadOnlySpan<ushort> SymbolsInCodeOrder => _symbolsInCodeOrder;

    /// <summary>Number of symbols that have a code.</summary>
    public int UsedSymbols => _symbolsInCodeOrder.Length;

    public int AlphabetSize => _lengths.Length;

    /// <summary>
    /// The 2^L_max-entry decode table: indexed by the next L_max bits of the stream, it gives (symbol, length) of
    /// the code those bits start with, or 0 if none does.
    /// </summary>
    public ReadOnlySpan<uint> DecodeTable => _decodeTable;

    /// <summary>
    /// Validates <paramref name="lengths"/> and assigns the canonical codes. Legal code books (spec §3.3):
    /// no symbol; exactly one symbol with length 1; or two or more symbols, every length in [1, L_max], with a
    /// Kraft sum of exactly 1. Anything else throws <see cref="EdqaFormatException"/> naming the problem.
    /// </summary>
    public static CanonicalCode FromLengths(ReadOnlySpan<byte> lengths, int maxLength = SpecConstants.MaxCodeLength)
    {
        // The errors' alphabet is 2^m (spec §3.3); the codes' 2^N + 15 (spec §3.8).
        bool errors = maxLength == SpecConstants.MaxCodeLength;
        if (maxLength is < 1 or > SpecConstants.MaxCodesCodeLength || lengths.Length < 2
            || lengths.Length > 1 << maxLength || (errors && !int.IsPow2(lengths.Length)))
        {
            throw new EdqaFormatException(errors
                ? $"codebook: alphabet of {lengths.Length} symbols is not 2^m with m in [1, {maxLength}]"
                : $"codebook: alphabet of {lengths.Length} symbols with L_max = {maxLength} (2 to 2^L_max symbols)");
        }

        var lengthCounts = new int[maxLength + 1];
        int used = 0;
        long kraft = 0;
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length > maxLength)
            {
                throw new EdqaFormatException(
                    $"codebook: symbol {symbol} has code length {length}, longer than L_max = {maxLength}");
            }

            if (length > 0)
            {
                lengthCounts[length]++;
                used++;
                kraft += 1L << (maxLength - length);
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
        else if (used > 1 && kraft != 1L << maxLength)
        {
            string relation = kraft > 1L << maxLength ? "over-subscribed" : "incomplete";
            throw new EdqaFormatException(
                $"codebook: Kraft sum {kraft}/{1L << maxLength} is {relation}; a code of two or more symbols must "
                + $"sum to exactly 1");
        }

        // RFC 1951 §3.2.2: the first code of each length, then consecutive codes in symbol order.
        Span<int> nextCode = stackalloc int[maxLength + 1];
        int code = 0;
        for (int length = 1; length <= maxLength; length++)
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

        var symbolsInCodeOrder = new ushort[used];
        int position = 0;
        for (int length = 1; length <= maxLength; length++)
        {
            for (int symbol = 0; symbol < lengths.Length; symbol++)
            {
                if (lengths[symbol] == length)
                {
                    symbolsInCodeOrder[position++] = (ushort)symbol;
                }
            }
        }

        return new CanonicalCode(lengths.ToArray(), codes, lengthCounts, symbolsInCodeOrder, maxLength);
    }

    /// <summary>Builds the code of a histogram: <see cref="HuffmanCodeLengths.Build"/> then the canonical
    /// codes.</summary>
    public static CanonicalCode FromHistogram(ReadOnlySpan<int> histogram,
        int maxLength = SpecConstants.MaxCodeLength)
    {
        Span<byte> lengths = stackalloc byte[histogram.Length];
        HuffmanCodeLengths.Build(histogram, lengths, maxLength);
        return FromLengths(lengths, maxLength);
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

    /// <summary>Reads one code bit by bit (spec §3.5; RFC 1951's puff): after len bits with value v, v is a code
    /// of that length iff first[len] &lt;= v &lt; first[len] + count[len]. Returns its symbol, or -1 when the bits
    /// start no code (possible only with a one-symbol code).</summary>
    public int DecodeSymbol(ref Bits.WordBitReader reader)
    {
        int value = 0;
        int first = 0;
        int offset = 0;
        for (int length = 1; length <= MaxLength; length++)
        {
            value |= (int)reader.Read(1);
            int count = _lengthCounts[length];
            if (value - first < count)
            {
                return _symbolsInCodeOrder[offset + value - first];
            }

            offset += count;
            first = (first + count) << 1;
            value <<= 1;
        }

        return -1;
    }

    private static uint[] BuildDecodeTable(byte[] lengths, ushort[] codes, int maxLength)
    {
        var table = new uint[1 << maxLength];
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            // Every L_max-bit pattern that starts with this code decodes to it.
            int first = codes[symbol] << (maxLength - length);
            int span = 1 << (maxLength - length);
            table.AsSpan(first, span).Fill((uint)((symbol << 4) | length));
        }

        return table;
    }
}
