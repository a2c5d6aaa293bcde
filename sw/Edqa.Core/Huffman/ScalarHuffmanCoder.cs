using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>The reference path's coder: one bit per step, decoding with the count/first walk of RFC 1951's
/// puff.</summary>
public sealed class ScalarHuffmanCoder : IHuffmanCoder
{
    public static ScalarHuffmanCoder Instance { get; } = new();

    public void Encode(ReadOnlySpan<byte> symbols, CanonicalCode code, ref WordBitWriter writer)
    {
        foreach (byte symbol in symbols)
        {
            int length = code.Lengths[symbol];
            if (length == 0)
            {
                throw new ArgumentException($"symbol {symbol} has no code in this codebook");
            }

            for (int bit = length - 1; bit >= 0; bit--)
            {
                writer.Write((uint)(code.Codes[symbol] >> bit) & 1u, 1);
            }
        }
    }

    public void Decode(ref WordBitReader reader, CanonicalCode code, Span<byte> symbols)
    {
        for (int i = 0; i < symbols.Length; i++)
        {
            symbols[i] = DecodeOne(ref reader, code, i);
        }
    }

    private static byte DecodeOne(ref WordBitReader reader, CanonicalCode code, int index)
    {
        // Canonical codes of one length are consecutive: after reading `length` bits, the value is a code of that
        // length iff it is below first + count, and its symbol is the (value - first)-th of that length.
        int value = 0;
        int first = 0;
        int offset = 0;
        for (int length = 1; length <= SpecConstants.MaxCodeLength; length++)
        {
            value |= (int)reader.Read(1);
            int count = code.LengthCounts[length];
            if (value - first < count)
            {
                return code.SymbolsInCodeOrder[offset + value - first];
            }

            offset += count;
            first = (first + count) << 1;
            value <<= 1;
        }

        throw new EdqaFormatException(
            $"payload: symbol {index} starts with a bit pattern that no code of the codebook begins with");
    }
}
