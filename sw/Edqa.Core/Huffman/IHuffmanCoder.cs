using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>
/// Writes and reads symbols with a <see cref="CanonicalCode"/>, each code most significant bit first (spec §3.5).
/// <see cref="ScalarHuffmanCoder"/> is the golden model (bit by bit, as the spec reads);
/// <see cref="TableHuffmanCoder"/> is the optimized one; the tests prove them equal.
/// </summary>
public interface IHuffmanCoder
{
    /// <summary>Appends the code of every symbol. Every symbol must have a code.</summary>
    void Encode(ReadOnlySpan<byte> symbols, CanonicalCode code, ref WordBitWriter writer);

    /// <summary>Decodes <paramref name="symbols"/>.Length symbols. Throws <see cref="EdqaFormatException"/> at the
    /// first bit pattern that no code starts (possible only with a one-symbol code).</summary>
    void Decode(ref WordBitReader reader, CanonicalCode code, Span<byte> symbols);
}

/// <summary>The golden model's coder: one bit per step, decoding with the count/first walk of RFC 1951's puff.</summary>
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

        throw new EdqaFormatException($"payload: symbol {index} starts with a bit pattern that no code of the codebook begins with");
    }
}

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
        ReadOnlySpan<ushort> table = code.DecodeTable;
        for (int i = 0; i < symbols.Length; i++)
        {
            ushort entry = table[(int)reader.Peek(SpecConstants.MaxCodeLength)];
            if (entry == 0)
            {
                throw new EdqaFormatException($"payload: symbol {i} starts with a bit pattern that no code of the codebook begins with");
            }

            reader.Skip(entry & 0xF);
            symbols[i] = (byte)(entry >> 4);
        }
    }
}
