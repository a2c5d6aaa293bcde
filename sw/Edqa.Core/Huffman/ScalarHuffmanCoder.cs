using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>The reference path's coder: one bit per step, decoding with the count/first walk of RFC 1951's
/// puff (<see cref="CanonicalCode.DecodeSymbol"/>).</summary>
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
        int symbol = code.DecodeSymbol(ref reader);
        return symbol >= 0
            ? (byte)symbol
            : throw new EdqaFormatException(
                $"payload: symbol {index} starts with a bit pattern that no code of the codebook begins with");
    }
}
