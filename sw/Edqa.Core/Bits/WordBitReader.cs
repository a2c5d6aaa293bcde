namespace Edqa.Core.Bits;

/// <summary>
/// Reads the bit string of <see cref="WordBitWriter"/> back, most significant bit of word 0 first.
/// Reading past the last word yields zero bits and never throws: decoders compare <see cref="BitPosition"/> with
/// the declared length afterwards, so a truncated or lying stream is reported as such, not as an index error.
/// </summary>
public ref struct WordBitReader
{
    private readonly ReadOnlySpan<uint> _words;
    private int _nextWord;
    private ulong _buffer;
    private int _available;
    private long _position;

    public WordBitReader(ReadOnlySpan<uint> words)
    {
        _words = words;
    }

    /// <summary>Bits consumed so far.</summary>
    public readonly long BitPosition => _position;

    /// <summary>Returns the next <paramref name="count"/> bits (count in [1, 32]) without consuming them.</summary>
    public uint Peek(int count)
    {
        if (_available < count)
        {
            Refill();
        }

        return (uint)(_buffer >> (_available - count)) & (uint)((1UL << count) - 1);
    }

    /// <summary>Consumes <paramref name="count"/> bits already seen by <see cref="Peek"/>.</summary>
    public void Skip(int count)
    {
        _available -= count;
        _position += count;
    }

    /// <summary>Reads <paramref name="count"/> bits (count in [1, 32]), most significant first.</summary>
    public uint Read(int count)
    {
        uint value = Peek(count);
        Skip(count);
        return value;
    }

    /// <summary>Skips to the next word boundary and returns the skipped padding bits, which the spec requires to
    /// be zero (callers check, so corruption in padding is caught too).</summary>
    public uint SkipPadding()
    {
        int padding = (int)((32 - (_position % 32)) % 32);
        return padding == 0 ? 0u : Read(padding);
    }

    private void Refill()
    {
        // Keep at least 33 bits available: the pending bits (< count <= 32) plus one fresh word.
        while (_available <= 32)
        {
            uint word = _nextWord < _words.Length ? _words[_nextWord] : 0u;
            _nextWord++;
            _buffer = (_buffer << 32) | word;
            _available += 32;
        }
    }
}
