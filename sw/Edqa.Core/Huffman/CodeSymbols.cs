using Edqa.Core.Bits;

namespace Edqa.Core.Huffman;

/// <summary>
/// The codes of a record as symbols of the codes' static code (spec §3.8): the N-bit pattern of a code is its
/// symbol, 0 .. 2^N - 1, and a run of k = 2 .. 16 zero codes is one symbol, 2^N + k - 2 (2^N .. 2^N + 14). The
/// encoder cuts each maximal run of z zeros into z / 16 runs of 16, then one symbol for the z mod 16 left: their run,
/// or the zero code for one.
/// </summary>
public static class CodeSymbols
{
    /// <summary>The longest zero run one symbol stands for.</summary>
    public const int MaxRun = SpecConstants.ZeroRunSymbols + 1;

    /// <summary>Symbols of the codes' alphabet at N bits: 2^N codes and the zero runs of 2 .. 16.</summary>
    public static int AlphabetSize(int bits) => (1 << bits) + SpecConstants.ZeroRunSymbols;

    /// <summary>The zero codes symbol s stands for: s - 2^N + 2 for a run symbol, 1 for the zero code, else 0 (a
    /// non-zero code).</summary>
    public static int ZerosOf(int symbol, int bits) =>
        symbol >= 1 << bits ? symbol - (1 << bits) + 2 : symbol == 0 ? 1 : 0;

    /// <summary>The symbol of a run of 1 .. 16 zero codes: the zero code for one, else the run's own symbol.</summary>
    public static int RunSymbol(int zeros, int bits) => zeros == 1 ? 0 : (1 << bits) + zeros - 2;

    /// <summary>The symbols of <paramref name="codes"/> (their N-bit patterns), in order, without allocating:
    /// <c>foreach (int symbol in CodeSymbols.Of(codes, bits))</c>.</summary>
    public static Enumerator Of(ReadOnlySpan<sbyte> codes, int bits) => new(codes, bits);

    /// <summary>The histogram of the codes' symbols (2^N + 15 counts), added to <paramref name="histogram"/>.</summary>
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
    /// a non-zero code or the record's end and is handed out as one symbol (a run of its length, or the zero code
    /// for one zero) before that code.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<sbyte> _codes;
        private readonly int _bits;
        private int _index;
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
            if (_pending >= 0)
            {
                _current = _pending;
                _pending = -1;
                return true;
            }

            if (_index == _codes.Length)
            {
                return false;
            }

            uint mask = (1u << _bits) - 1;
            int zeros = 0;
            while (_index < _codes.Length && ((uint)_codes[_index] & mask) == 0 && zeros < MaxRun)
            {
                _index++;
                zeros++;
            }

            int code = zeros < MaxRun && _index < _codes.Length ? (int)((uint)_codes[_index++] & mask) : -1;
            if (zeros == 0)
            {
                _current = code;
                return true;
            }

            _pending = code;
            _current = RunSymbol(zeros, _bits);
            return true;
        }
    }
}
