using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Core.Container;

/// <summary>
/// The header of an <c>.edqa</c> file (spec §4.3): everything needed to find and decode any one record without
/// reading the others.
/// </summary>
public sealed class EdqaHeader
{
    public EdqaHeader(QuantFormat format, ScaleGranularity granularity, TensorLayout layout, float[] maxima,
        bool[] important, int[] recordWords,
        Huffman.CanonicalCode? staticCode = null, ushort version = EdqaFile.Version2,
        Huffman.CanonicalCode? codeStaticCode = null)
    {
        StaticCode = staticCode;
        CodeStaticCode = codeStaticCode;
        Version = version;
        Format = format;
        Granularity = granularity;
        Layout = layout;
        Maxima = maxima;
        Important = important;
        RecordWords = recordWords;
        RecordOffsets = new long[recordWords.Length + 1];
        RecordOffsets[0] = SizeInBytes(layout, maxima.Length, recordWords.Length,
            version == EdqaFile.Version1 ? 0 : Huffman.Codebook.WordCount(format.ExtraBits),
            CodeStaticCodeWords(format, codeStaticCode is not null));
        for (int record = 0; record < recordWords.Length; record++)
        {
            // Each record is followed by its CRC-32C word.
            RecordOffsets[record + 1] = RecordOffsets[record] + (4L * recordWords[record]) + 4;
        }
    }

    public QuantFormat Format { get; }

    public ScaleGranularity Granularity { get; }

    public TensorLayout Layout { get; }

    /// <summary>M per scale group (spec §2.2), the header's table of S floats.</summary>
    public float[] Maxima { get; }

    public bool[] Important { get; }

    /// <summary>The layer's static code (spec §3.7); null when it has none.</summary>
    public Huffman.CanonicalCode? StaticCode { get; }

    /// <summary>The layer's codes' static code (spec §3.8, code coding static); null when its codes are
    /// packed.</summary>
    public Huffman.CanonicalCode? CodeStaticCode { get; }

    /// <summary>The file's version: 3 with a codes' static code, else 2; 1 for a file read in the old
    /// layout.</summary>
    public ushort Version { get; }

    /// <summary>Size of each record in 32-bit words (without its CRC word).</summary>
    public int[] RecordWords { get; }

    /// <summary>Byte offset of each record; the last entry is the file size.</summary>
    public long[] RecordOffsets { get; }

    public long FileSize => RecordOffsets[^1];

    /// <summary>Bytes of the header including its CRC word.</summary>
    public static long SizeInBytes(TensorLayout layout, int groupCount, int recordCount, int staticCodeWords,
        int codeStaticWords = 0) =>
        EdqaFile.FixedHeaderBytes + (4L * layout.Shape.Count) + (4L * groupCount) + (4L * BitmapWords(layout.Channels))
            + (4L * staticCodeWords) + (4L * codeStaticWords) + (4L * recordCount) + 4;

    /// <summary>Words of the codes' static code section: ceil((2^N + 15) * 4 / 32) with code coding static, else
    /// none.</summary>
    public static int CodeStaticCodeWords(QuantFormat format, bool codeCoded) =>
        codeCoded ? Huffman.Codebook.WordsFor(Huffman.CodeSymbols.AlphabetSize(format.Bits)) : 0;

    /// <summary>Words of the importance bitmap: one bit per channel, 32 per word.</summary>
    public static int BitmapWords(int channels) => (int)(((long)channels + 31) / 32);
}
