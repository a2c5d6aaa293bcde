using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>
/// Writes and reads symbols with a <see cref="CanonicalCode"/>, each code most significant bit first (spec §3.5).
/// <see cref="ScalarHuffmanCoder"/> is the golden model's reference path (bit by bit, as the spec reads);
/// <see cref="TableHuffmanCoder"/> its optimized path; the tests prove them equal.
/// </summary>
public interface IHuffmanCoder
{
    /// <summary>Appends the code of every symbol. Every symbol must have a code.</summary>
    void Encode(ReadOnlySpan<byte> symbols, CanonicalCode code, ref WordBitWriter writer);

    /// <summary>Decodes <paramref name="symbols"/>.Length symbols. Throws <see cref="EdqaFormatException"/> at the
    /// first bit pattern that no code starts (possible only with a one-symbol code).</summary>
    void Decode(ref WordBitReader reader, CanonicalCode code, Span<byte> symbols);
}
