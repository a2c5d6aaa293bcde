namespace Edqa.Core.Bits;

/// <summary>
/// Writes a bit string into 32-bit words, first bit at the most significant end (spec §4.1):
/// <code>
///   bit string:  b0 b1 b2 ... b31 | b32 ...
///   word 0:      bit 31 = b0, bit 30 = b1, ..., bit 0 = b31;  word 1: bit 31 = b32, ...
/// </code>
/// A value of <c>count</c> bits is written most significant bit first. The last word is padded with zeros.
/// </summary>
public ref struct WordBitWriter
{
    private readonly Span<uint> _words;
    private int _wordIndex;
    private ulong _pending;
    private int _pendingBits;

    public WordBitWriter(Span<uint> words)
    {
        _words = words;
    }

    /// <summary>Bits written so far.</summary>
    public readonly long BitPosition => (_wordIndex * 32L) + _pendingBits;

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/> (count in [0, 32]),
    /// most significant first. Bits of <paramref name="value"/> above <paramref name="count"/> must be zero.</summary>
    public void Write(uint value, int count)
    {
        // At most 31 bits are pending, so 31 + 32 bits fit the 64-bit accumulator.
        _pending = (_pending << count) | value;
        _pendingBits += count;
        if (_pendingBits >= 32)
        {
            _pendingBits -= 32;
            _words[_wordIndex++] = (uint)(_pending >> _pendingBits);
        }
    }

    /// <summary>Pads the last word with zero bits, so the next write starts a new word, and returns the number
    /// of words used.</summary>
    public int Flush()
    {
        if (_pendingBits > 0)
        {
            _words[_wordIndex++] = (uint)(_pending << (32 - _pendingBits));
            _pendingBits = 0;
        }

        return _wordIndex;
    }
}
