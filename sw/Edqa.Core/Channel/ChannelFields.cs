using Edqa.Core.Quantization;

namespace Edqa.Core.Channel;

/// <summary>
/// The integer content of one channel record, unpacked: what bit-exactness comparisons look at field by field.
/// </summary>
public sealed class ChannelFields
{
    public ChannelFields(bool important, sbyte[] codes, byte[] errors, byte[] codeLengths, long payloadBits,
        RecordMode mode, CodeMode codeMode, long codeBits)
    {
        CodeMode = codeMode;
        CodeBits = codeBits;
        Mode = mode;
        Important = important;
        Codes = codes;
        Errors = errors;
        CodeLengths = codeLengths;
        PayloadBits = payloadBits;
    }

    public bool Important { get; }

    /// <summary>How the codes are stored (spec §3.8): packed, or coded with the layer's codes' static code.</summary>
    public CodeMode CodeMode { get; }

    /// <summary>Bits of the codes section before its padding: L * N packed, plus the mode bit in a layer of code
    /// coding static; 1 + Q when coded.</summary>
    public long CodeBits { get; }

    /// <summary>The N-bit codes q, one per element (their bits: <see cref="ElementQuantizer.CodeValue"/> reads
    /// them).</summary>
    public sbyte[] Codes { get; }

    /// <summary>The shifting errors e, one per element of an important channel; empty for a direct channel.</summary>
    public byte[] Errors { get; }

    /// <summary>How the errors are stored (spec §4.2); <see cref="RecordMode.Adaptive"/> for a direct
    /// channel.</summary>
    public RecordMode Mode { get; }

    /// <summary>The record's own codebook, 2^m code lengths; empty for a direct channel and a static or raw
    /// record.</summary>
    public byte[] CodeLengths { get; }

    /// <summary>P, the payload length in bits; 0 for a direct channel.</summary>
    public long PayloadBits { get; }

    public int Length => Codes.Length;

    /// <summary>The (N+m)-bit value t = q * 2^m + e of element <paramref name="index"/> (q itself for direct
    /// channels).</summary>
    public int WideValue(int index, in QuantFormat format) =>
        Important
            ? ElementQuantizer.Widen(Codes[index], Errors[index], format)
            : ElementQuantizer.CodeValue(Codes[index], format);
}
