namespace Edqa.Core.Quantization;

/// <summary>
/// The grid of a layer's codes (spec §2.3): the paper's signed grid, or the unsigned grid of a point whose activations
/// are non-negative (after a ReLU or ReLU6, or with a calibrated minimum &gt;= 0), which spends every code on
/// [0, M] instead of half of them on values that never occur.
/// </summary>
public enum QuantGrid
{
    /// <summary>q in [-2^(N-1), 2^(N-1) - 1], inv = 2^(N-1) / M (the paper's, the default).</summary>
    Signed = 0,

    /// <summary>q in [0, 2^N - 1], inv = (2^N - 1) / M; a negative input is clamped to 0.</summary>
    Unsigned = 1,
}

/// <summary>How a layer's grid is chosen (spec §2.1): fixed, or auto: unsigned where the activations cannot be
/// negative by the architecture (after a ReLU or ReLU6) or were not on calibration data, never from the evaluated
/// batch alone.</summary>
public enum GridChoice
{
    Signed,
    Unsigned,
    Auto,
}

public static class GridChoiceExtensions
{
    /// <summary>The grid of a fixed choice; auto's is the caller's to find (architecture or calibration).</summary>
    public static QuantGrid Fixed(this GridChoice choice) => choice switch
    {
        GridChoice.Signed => QuantGrid.Signed,
        GridChoice.Unsigned => QuantGrid.Unsigned,
        _ => throw new ArgumentException("--grid auto is chosen from the architecture or calibration data"),
    };

    /// <summary>The grid of a point: fixed, or auto from whether its activations can be negative.</summary>
    public static QuantGrid For(this GridChoice choice, bool canBeNegative) =>
        choice == GridChoice.Auto ? (canBeNegative ? QuantGrid.Signed : QuantGrid.Unsigned) : choice.Fixed();
}

/// <summary>
/// The bit widths of one eDQA layer: N target bits and m extra bits for important channels (spec §2.1), and the grid
/// of its codes (spec §2.3). Construction validates the ranges, so a <see cref="QuantFormat"/> in hand is always
/// legal.
/// </summary>
public readonly record struct QuantFormat
{
    public QuantFormat(int bits, int extraBits, QuantGrid grid = QuantGrid.Signed)
    {
        SpecConstants.ValidateBits(bits, extraBits);
        if (grid is not (QuantGrid.Signed or QuantGrid.Unsigned))
        {
            throw new ArgumentOutOfRangeException(nameof(grid), grid, "the grid is signed or unsigned");
        }

        Bits = bits;
        ExtraBits = extraBits;
        Grid = grid;
    }

    /// <summary>N: bits of every stored code.</summary>
    public int Bits { get; }

    /// <summary>m: extra bits of important channels, the width of a shifting error.</summary>
    public int ExtraBits { get; }

    /// <summary>Signed (the paper's) or unsigned codes.</summary>
    public QuantGrid Grid { get; }

    public bool IsUnsigned => Grid == QuantGrid.Unsigned;

    /// <summary>The steps from 0 to M: 2^(N-1) signed, 2^N - 1 unsigned; inv = Levels / M.</summary>
    public int Levels => IsUnsigned ? (1 << Bits) - 1 : 1 << (Bits - 1);

    /// <summary>Smallest N-bit code: -2^(N-1), or 0 unsigned.</summary>
    public int CodeMin => IsUnsigned ? 0 : -(1 << (Bits - 1));

    /// <summary>Largest N-bit code: 2^(N-1) - 1, or 2^N - 1 unsigned.</summary>
    public int CodeMax => IsUnsigned ? (1 << Bits) - 1 : (1 << (Bits - 1)) - 1;

    /// <summary>Smallest (N+m)-bit value t of an important channel: -2^(N+m-1), or 0 unsigned.</summary>
    public int WideMin => IsUnsigned ? 0 : -(1 << (Bits + ExtraBits - 1));

    /// <summary>Largest (N+m)-bit value t of an important channel: 2^(N+m-1) - 1, or 2^(N+m) - 1 unsigned.</summary>
    public int WideMax => IsUnsigned ? (1 << (Bits + ExtraBits)) - 1 : (1 << (Bits + ExtraBits - 1)) - 1;

    /// <summary>2^m - 1: selects the shifting error, the low m bits of t.</summary>
    public int ErrorMask => (1 << ExtraBits) - 1;

    /// <summary>2^m: the number of distinct shifting errors, the Huffman alphabet.</summary>
    public int AlphabetSize => 1 << ExtraBits;

    public override string ToString() => IsUnsigned ? $"N={Bits}, m={ExtraBits}, unsigned" : $"N={Bits}, m={ExtraBits}";
}
