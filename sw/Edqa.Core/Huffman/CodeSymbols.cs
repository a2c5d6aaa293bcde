using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>
/// The codes of a record as symbols of the codes' static code (spec §3.8): the N-bit pattern of a code is its
/// symbol, 0 .. 2^N - 1, and a run of 2, 4, 8 or 16 zero codes is one symbol, 2^N .. 2^N + 3. The encoder cuts each
/// maximal run of z zeros into z / 16 runs of 16, then the binary digits of z mod 16 from the largest (8, 4, 2), then
/// a single zero code if z is odd.
/// </summary>
public static class CodeSymbols
{
    /// <summary>Symbols of the codes' alphabet at N bits: 2^N codes and the four zero runs.</summary>
    public static int AlphabetSize(int bits) => (1 << bits) + SpecConstants.ZeroRunSymbols;

    /// <summary>The zero codes symbol s stands for: 2^(s - 2^N + 1) for a run symbol, 1 for the zero code, else 0
    /// (a non-zero code).</summary>
    public static int ZerosOf(int symbol, int bits) =>
        symbol >= 1 << bits ? 2 << (symbol - (1 << bits)) : symbol == 0 ? 1 : 0;

    /// <summary>The symbols of <paramref name="codes"/> (their N-bit patterns), in order, without allocating:
    /// <c>foreach (int symbol in CodeSymbols.Of(codes, bits))</c>.</summary>
    public static Enumerator Of(ReadOnlySpan<sbyte> codes, int bits) => new(codes, bits);

    /// <summary>The histogram of the codes' symbols (2^N + 4 counts), added to <paramref name="histogram"/>.</summary>
    public static void Count(ReadOnlySpan<sbyte> codes, int bits, Span<long> histogram)
    {
        foreach (int symbol in Of(codes, bits))
        {
            histogram[symbol]++;
        }
    }

    /// <summary>Q, the bits of the codes coded with <paramref name="code"/>.</summary>
    public static long CodedBits(ReadOnlySpan<sbyte> codes, int bits, CanonicalCode code)
    {
        long total = 0;
        foreach (int symbol in Of(codes, bits))
        {
            total += code.Lengths[symbol];
        }

        return total;
    }

    /// <summary>Writes every symbol's code, MSB first (spec §3.5).</summary>
    public static void Encode(ReadOnlySpan<sbyte> codes, int bits, CanonicalCode code, ref WordBitWriter writer)
    {
        foreach (int symbol in Of(codes, bits))
        {
            writer.Write(code.Codes[symbol], code.Lengths[symbol]);
        }
    }

    /// <summary>Decodes symbols until <paramref name="patterns"/> holds L codes (their N-bit patterns); a pattern
    /// that starts no code, or a run past the record's end, is a format error.</summary>
    public static void Decode(ref WordBitReader reader, int bits, CanonicalCode code, Span<uint> patterns)
    {
        int element = 0;
        while (element < patterns.Length)
        {
            int symbol = code.DecodeSymbol(ref reader);
            if (symbol < 0)
            {
                throw new EdqaFormatException(
                    $"codes: element {element} starts with a bit pattern that no code of the codes' static code "
                    + $"begins with");
            }

            if (symbol < 1 << bits)
            {
                patterns[element++] = (uint)symbol;
                continue;
            }

            int zeros = ZerosOf(symbol, bits);
            if (element + zeros > patterns.Length)
            {
                throw new EdqaFormatException(
                    $"codes: a run of {zeros} zeros at element {element} passes the record's {patterns.Length} "
                    + $"elements");
            }

            patterns.Slice(element, zeros).Clear();
            element += zeros;
        }
    }

    /// <summary>Walks the codes once: a run of 16 zeros is a symbol as soon as it is counted; a shorter run ends at
    /// a non-zero code or the record's end and is handed out as 8, 4, 2 by its bits, then a single zero if odd,
    /// before that code.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<sbyte> _codes;
        private readonly int _bits;
        private int _index;
        private int _zeros;    // zeros of the current short run still to hand out
        private int _pending;  // the non-zero code's symbol that ended the run, or -1
        private int _current;

        internal Enumerator(ReadOnlySpan<sbyte> codes, int bits)
        {
            _codes = codes;
            _bits = bits;
            _pending = -1;
        }

        public readonly int Current => _current;

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_zeros == 0 && _pending < 0)
            {
                if (_index == _codes.Length)
                {
                    return false;
                }

                uint mask = (1u << _bits) - 1;
                while (_index < _codes.Length && ((uint)_codes[_index] & mask) == 0 && _zeros < 16)
                {
                    _index++;
                    _zeros++;
                }

                if (_zeros == 16)
                {
                    _zeros = 0;
                    _current = (1 << _bits) + 3;
                    return true;
                }

                if (_index < _codes.Length && ((uint)_codes[_index] & mask) != 0)
                {
                    _pending = (int)((uint)_codes[_index++] & mask);
                }
            }

            if (_zeros > 0)
            {
                // The largest of 8, 4, 2 the run still holds (symbols 2^N + 2, + 1, + 0), else the single zero.
                int run = _zeros >= 8 ? 2 : _zeros >= 4 ? 1 : _zeros >= 2 ? 0 : -1;
                _zeros -= run < 0 ? 1 : 2 << run;
                _current = run < 0 ? 0 : (1 << _bits) + run;
                return true;
            }

            _current = _pending;
            _pending = -1;
            return true;
        }
    }
}
