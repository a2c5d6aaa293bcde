using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>
/// The codebook on the wire (spec §3.4): the 2^m code lengths in symbol order, each a 4-bit field, most
/// significant bit first, zero-padded to whole words. For m = 3 that is one word:
/// <code>
///   bit 31      27      23      19      15      11       7       3     0
///       | len 0 | len 1 | len 2 | len 3 | len 4 | len 5 | len 6 | len 7 |
/// </code>
/// </summary>
public static class Codebook
{
    /// <summary>Words the codebook of an alphabet of 2^m symbols takes: ceil(2^m * 4 / 32).</summary>
    public static int WordCount(int extraBits) => WordsFor(1 << extraBits);

    /// <summary>Words the lengths of <paramref name="symbols"/> symbols take: ceil(symbols * 4 / 32).</summary>
    public static int WordsFor(int symbols) => ((symbols * SpecConstants.CodeLengthFieldBits) + 31) / 32;

    public static void Write(ReadOnlySpan<byte> lengths, ref WordBitWriter writer)
    {
        foreach (byte length in lengths)
        {
            writer.Write(length, SpecConstants.CodeLengthFieldBits);
        }
    }

    /// <summary>Reads the code lengths of an alphabet of <paramref name="lengths"/>.Length symbols. The values are
    /// not yet validated: <see cref="CanonicalCode.FromLengths"/> does that.</summary>
    public static void Read(ref WordBitReader reader, Span<byte> lengths)
    {
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            lengths[symbol] = (byte)reader.Read(SpecConstants.CodeLengthFieldBits);
        }
    }
}
