namespace Edqa.Core;

/// <summary>
/// The numeric limits of docs/spec.md in one place. Every value here is normative: changing one changes the
/// format, the golden vectors and the hardware.
/// </summary>
public static class SpecConstants
{
    /// <summary>Smallest target bit width N (spec §2.1).</summary>
    public const int MinBits = 2;

    /// <summary>Largest target bit width N (spec §2.1).</summary>
    public const int MaxBits = 8;

    /// <summary>Smallest number of extra bits m; the largest is N (spec §2.1).</summary>
    public const int MinExtraBits = 1;

    /// <summary>
    /// L_max, the longest Huffman code (spec §3.2). 8 bits: the largest alphabet (m = 8) has 256 symbols, which fit
    /// a complete code of length 8; for m &lt;= 3 an unlimited Huffman code never exceeds 2^m - 1 &lt;= 7 bits, so the
    /// limit never binds at the paper's m = 3; and the hardware decoder resolves one symbol per cycle from an
    /// 8-bit peek (a 256-entry table or eight comparators).
    /// </summary>
    public const int MaxCodeLength = 8;

    /// <summary>
    /// L_max of the codes' static code (spec §3.8): its alphabet of 2^N + 15 symbols (271 at N = 8) needs more than 8
    /// bits; 12 binds in practice only on the rarest symbols, keeps the hardware decoder's peek and compares at 12
    /// bits, and still fits the 4-bit length field.
    /// </summary>
    public const int MaxCodesCodeLength = 12;

    /// <summary>The zero runs that have their own symbol in the codes' alphabet (spec §3.8): every length from 2 to
    /// 16 zeros, so a run's leftover is one symbol.</summary>
    public const int ZeroRunSymbols = 15;

    /// <summary>Width of one code-length field of the codebook on the wire (lengths 0..8 need 4 bits).</summary>
    public const int CodeLengthFieldBits = 4;

    /// <summary>
    /// Groups whose abs-max M is below 2^-64 are flushed to the all-zero group (spec §2.3): with such an M the
    /// factors inv * 2^m and delta * 2^-m could leave the normal float32 range (infinite or subnormal), where
    /// IEEE hardware and flush-to-zero FPGA cores disagree. Every value of such a group is below 5.5e-20.
    /// </summary>
    public static readonly float MinNonZeroMaximum = MathF.ScaleB(1f, -64);

    /// <summary>Width of a stream beat and of a record word, in bits (spec §4.1).</summary>
    public const int WordBits = 32;

    /// <summary>Largest channel (record) length the format accepts: 2^24 elements.</summary>
    public const int MaxRecordLength = 1 << 24;

    /// <summary>Longest record the accelerator holds (hw/edqa_hw_config.h kMaxLength, the C ABI's
    /// EDQA_SIM_MAX_LENGTH): 4096 elements. It refuses a longer one as an invalid argument.</summary>
    public const int AcceleratorMaxRecordLength = 4096;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless N and m are in the ranges of spec
    /// §2.1.</summary>
    public static void ValidateBits(int bits, int extraBits)
    {
        if (bits is < MinBits or > MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits,
                $"N (target bits) must be in [{MinBits}, {MaxBits}]");
        }

        if (extraBits < MinExtraBits || extraBits > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(extraBits), extraBits,
                $"m (extra bits) must be in [{MinExtraBits}, N = {bits}]");
        }
    }
}
