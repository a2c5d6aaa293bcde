using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>
/// The optimized coder: code and length from arrays, whole codes per write; decoding by one lookup of the next
/// L_max bits in <see cref="CanonicalCode.DecodeTable"/>, one symbol per step (the hardware decoder does the same).
/// </summary>
public sealed class TableHuffmanCoder : IHuffmanCoder
{
    public static TableHuffmanCoder Instance { get; } = new();

    public void Encode(ReadOnlySpan<byte> symbols, CanonicalCode code, ref WordBitWriter writer)
    {
        Span<uint> entries = stackalloc uint[code.AlphabetSize];
        for (int symbol = 0; symbol < entries.Length; symbol++)
        {
            entries[symbol] = ((uint)code.Codes[symbol] << 8) | code.Lengths[symbol];
        }

        foreach (byte symbol in symbols)
        {
            uint entry = entries[symbol];
            int length = (int)(entry & 0xFF);
            if (length == 0)
            {
                throw new ArgumentException($"symbol {symbol} has no code in this codebook");
            }

            writer.Write(entry >> 8, length);
        }
    }

    public void Decode(ref WordBitReader reader, CanonicalCode code, Span<byte> symbols)
    {
        ReadOnlySpan<uint> table = code.DecodeTable;
        for (int i = 0; i < symbols.Length; i++)
        {
            uint entry = table[(int)reader.Peek(code.MaxLength)];
            if (entry == 0)
            {
                throw new EdqaFormatException(
                    $"payload: symbol {i} starts with a bit pattern that no code of the codebook begins with");
            }

            reader.Skip((int)(entry & 0xF));
            symbols[i] = (byte)(entry >> 4);
        }
    }
}
