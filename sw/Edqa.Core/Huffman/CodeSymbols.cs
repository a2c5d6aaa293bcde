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

    /// <summary>Calls <paramref name="emit"/> with every symbol of <paramref name="codes"/> (their N-bit patterns),
    /// in order.</summary>
    public static void ForEach(ReadOnlySpan<sbyte> codes, int bits, Action<int> emit)
    {
        uint mask = (1u << bits) - 1;
        int zeros = 0;
        foreach (sbyte code in codes)
        {
            uint pattern = (uint)code & mask;
            if (pattern == 0)
            {
                if (++zeros == 16)
                {
                    emit((1 << bits) + 3);
                    zeros = 0;
                }

                continue;
            }

            EmitRun(zeros, bits, emit);
            zeros = 0;
            emit((int)pattern);
        }

        EmitRun(zeros, bits, emit);
    }

    /// <summary>The histogram of the codes' symbols (2^N + 4 counts), added to <paramref name="histogram"/>.</summary>
    public static void Count(ReadOnlySpan<sbyte> codes, int bits, long[] histogram) =>
        ForEach(codes, bits, symbol => histogram[symbol]++);

    /// <summary>Q, the bits of the codes coded with <paramref name="code"/>.</summary>
    public static long CodedBits(ReadOnlySpan<sbyte> codes, int bits, CanonicalCode code)
    {
        long total = 0;
        ForEach(codes, bits, symbol => total += code.Lengths[symbol]);
        return total;
    }

    /// <summary>Writes every symbol's code, MSB first (spec §3.5).</summary>
    public static void Encode(ReadOnlySpan<sbyte> codes, int bits, CanonicalCode code, ref WordBitWriter writer)
    {
        var symbols = new List<int>(codes.Length);
        ForEach(codes, bits, symbols.Add);
        foreach (int symbol in symbols)
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

    /// <summary>A run of fewer than 16 zeros: 8, 4, 2 as their bits of <paramref name="zeros"/> say, then one zero
    /// code if it is odd.</summary>
    private static void EmitRun(int zeros, int bits, Action<int> emit)
    {
        for (int run = 2; run >= 0; run--)
        {
            if ((zeros & (2 << run)) != 0)
            {
                emit((1 << bits) + run);
            }
        }

        if ((zeros & 1) != 0)
        {
            emit(0);
        }
    }
}
