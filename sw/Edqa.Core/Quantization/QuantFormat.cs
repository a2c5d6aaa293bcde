namespace Edqa.Core.Quantization;

/// <summary>
/// The bit widths of one eDQA layer: N target bits and m extra bits for important channels (spec §2.1).
/// Construction validates the ranges, so a <see cref="QuantFormat"/> in hand is always legal.
/// </summary>
public readonly record struct QuantFormat
{
    public QuantFormat(int bits, int extraBits)
    {
        SpecConstants.ValidateBits(bits, extraBits);
        Bits = bits;
        ExtraBits = extraBits;
    }

    /// <summary>N: bits of every stored code.</summary>
    public int Bits { get; }

    /// <summary>m: extra bits of important channels, the width of a shifting error.</summary>
    public int ExtraBits { get; }

    /// <summary>Smallest N-bit code, -2^(N-1).</summary>
    public int CodeMin => -(1 << (Bits - 1));

    /// <summary>Largest N-bit code, 2^(N-1) - 1.</summary>
    public int CodeMax => (1 << (Bits - 1)) - 1;

    /// <summary>Smallest (N+m)-bit value t of an important channel, -2^(N+m-1).</summary>
    public int WideMin => -(1 << (Bits + ExtraBits - 1));

    /// <summary>Largest (N+m)-bit value t of an important channel, 2^(N+m-1) - 1.</summary>
    public int WideMax => (1 << (Bits + ExtraBits - 1)) - 1;

    /// <summary>2^m - 1: selects the shifting error, the low m bits of t.</summary>
    public int ErrorMask => (1 << ExtraBits) - 1;

    /// <summary>2^m: the number of distinct shifting errors, the Huffman alphabet.</summary>
    public int AlphabetSize => 1 << ExtraBits;

    public override string ToString() => $"N={Bits}, m={ExtraBits}";
}
