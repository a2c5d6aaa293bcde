namespace Edqa.Core.Channel;

/// <summary>
/// Word counts of one channel record (spec §4.2). A record is a sequence of 32-bit words, each section starting on
/// a word boundary, the same words the accelerator streams as beats:
/// <code>
///   direct channel:     [ codes: ceil(L*N/32) ]
///   important channel:  [ codes: ceil(L*N/32) ][ H: MODE | P ][ codebook: ceil(2^m*4/32), adaptive only ]
///                       [ payload: ceil(P/32) ]
/// </code>
/// In a layer of code coding static the codes section is one mode bit and either the packed codes or Q coded bits
/// (spec §3.8): ceil((1 + L*N) / 32) or ceil((1 + Q) / 32) words; an important record's comes last, after its
/// payload (H, codebook, payload, codes), so the hardware codes and decodes both in one pass.
/// </summary>
public static class RecordLayout
{
    /// <summary>Words of the packed N-bit codes of L elements.</summary>
    public static int CodeWords(int length, int bits) => (int)((((long)length * bits) + 31) / 32);

    /// <summary>Words of a payload of <paramref name="payloadBits"/> bits.</summary>
    public static int PayloadWords(long payloadBits) => (int)((payloadBits + 31) / 32);

    /// <summary>Words of an important record's sections other than its payload: codes (of
    /// <paramref name="codeWords"/> words), H, and adaptive's codebook.</summary>
    public static int ImportantHeaderWords(int codeWords, int extraBits, RecordMode mode) =>
        codeWords + 1 + (mode == RecordMode.Adaptive ? Huffman.Codebook.WordCount(extraBits) : 0);

    /// <summary>Total words of an important record whose codes take <paramref name="codeWords"/> words.</summary>
    public static int TotalWords(int codeWords, int extraBits, RecordMode mode, long payloadBits) =>
        ImportantHeaderWords(codeWords, extraBits, mode) + PayloadWords(payloadBits);

    /// <summary>Bits of the codes section before its padding, in a layer of code coding static: the mode bit, then
    /// L*N packed bits or the Q coded ones.</summary>
    public static long CodedSectionBits(CodeMode mode, int length, int bits, long codedBits) =>
        1 + (mode == CodeMode.Static ? codedBits : (long)length * bits);
}
