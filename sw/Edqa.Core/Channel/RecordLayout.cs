namespace Edqa.Core.Channel;

/// <summary>
/// Word counts of one channel record (spec §4.2). A record is a sequence of 32-bit words, each section starting on
/// a word boundary, the same words the accelerator streams as beats:
/// <code>
///   direct channel:     [ codes: ceil(L*N/32) ]
///   important channel:  [ codes: ceil(L*N/32) ][ H: MODE | P ][ codebook: ceil(2^m*4/32), adaptive only ]
///                       [ payload: ceil(P/32) ]
/// </code>
/// </summary>
public static class RecordLayout
{
    /// <summary>Words of the packed N-bit codes of L elements.</summary>
    public static int CodeWords(int length, int bits) => (int)((((long)length * bits) + 31) / 32);

    /// <summary>Words of a payload of <paramref name="payloadBits"/> bits.</summary>
    public static int PayloadWords(long payloadBits) => (int)((payloadBits + 31) / 32);

    /// <summary>Words of the sections of an important record before its payload: codes, H, and adaptive's
    /// codebook.</summary>
    public static int ImportantHeaderWords(int length, int bits, int extraBits, RecordMode mode) =>
        CodeWords(length, bits) + 1 + (mode == RecordMode.Adaptive ? Huffman.Codebook.WordCount(extraBits) : 0);

    /// <summary>Total words of an important record.</summary>
    public static int TotalWords(int length, int bits, int extraBits, RecordMode mode, long payloadBits) =>
        ImportantHeaderWords(length, bits, extraBits, mode) + PayloadWords(payloadBits);
}
