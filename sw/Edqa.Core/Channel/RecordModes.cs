namespace Edqa.Core.Channel;

/// <summary>How an important record's shifting errors are stored (spec §4.2): the MODE field of its coding word
/// H.</summary>
public enum RecordMode
{
    /// <summary>The record's own canonical code, its codebook in the record (the paper's scheme).</summary>
    Adaptive = 0,

    /// <summary>The layer's static code (spec §3.7): no codebook in the record.</summary>
    Static = 1,

    /// <summary>The m-bit errors uncompressed.</summary>
    Raw = 2,
}

/// <summary>The encoder's choice among the modes, per layer (spec §4.2): which modes it may take; it takes the allowed
/// one of the fewest bits.</summary>
public enum RecordCoding
{
    /// <summary>Adaptive only: the paper's format.</summary>
    Adaptive = 0,

    /// <summary>Static or raw: the one-pass encoder (no tree, no codebook). Needs a static code.</summary>
    Static = 1,

    /// <summary>Adaptive, static or raw. Needs a static code.</summary>
    Smallest = 2,
}

/// <summary>The coding word H of an important record (spec §4.2): MODE in bits 31..30, P in bits 27..0.</summary>
public static class CodingWord
{
    public const int ModeShift = 30;

    /// <summary>P's field: L &lt;= 2^24 elements of at most 8 bits need 28 bits.</summary>
    public const uint PayloadMask = 0x0FFF_FFFF;

    public static uint Pack(RecordMode mode, long payloadBits) => ((uint)mode << ModeShift) | (uint)payloadBits;

    /// <summary>Splits H; throws <see cref="EdqaFormatException"/> on MODE 3 or set bits 29..28.</summary>
    public static (RecordMode Mode, long PayloadBits) Unpack(uint word)
    {
        uint mode = word >> ModeShift;
        if (mode > (uint)RecordMode.Raw)
        {
            throw new EdqaFormatException($"coding word: MODE {mode} is reserved (0 adaptive, 1 static, 2 raw)");
        }

        if ((word & ~(PayloadMask | (3u << ModeShift))) != 0)
        {
            throw new EdqaFormatException($"coding word: 0x{word:X8} has bits 29..28 set; they must be 0");
        }

        return ((RecordMode)mode, word & PayloadMask);
    }

    /// <summary>A record's bits after its codes in a mode (spec §4.2's cost): H, adaptive's codebook, P.</summary>
    public static long CostBits(RecordMode mode, long payloadBits, int extraBits) =>
        SpecConstants.WordBits + payloadBits
            + (mode == RecordMode.Adaptive ? (long)SpecConstants.WordBits * Huffman.Codebook.WordCount(extraBits) : 0);
}

/// <summary>How the codes of a layer's records are stored (spec §3.8, §4.2), per layer: the CODE_CODING bit of a
/// descriptor, <c>--code-coding</c>.</summary>
public enum CodeCoding
{
    /// <summary>Every code at N bits, packed: the paper's format.</summary>
    Packed = 0,

    /// <summary>Each record's codes coded with the layer's codes' static code, or packed when that is not shorter;
    /// a mode bit in front says which. Needs the codes' static code.</summary>
    Static = 1,
}

/// <summary>How one record of a layer of code coding static stores its codes: the mode bit at the start of its codes
/// section (spec §4.2).</summary>
public enum CodeMode
{
    Packed = 0,
    Static = 1,
}
