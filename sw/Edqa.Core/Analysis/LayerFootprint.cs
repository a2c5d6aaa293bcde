using Edqa.Core.Channel;
using Edqa.Core.Layer;

namespace Edqa.Core.Analysis;

/// <summary>Sizes of one record, in bits, and the entropy bound of its shifting errors.</summary>
public sealed record RecordFootprint(
    int Record,
    int Sample,
    int Channel,
    bool Important,
    int Length,
    long CodeBits,
    long CodebookBits,
    long PayloadBits,
    double EntropyBoundBits,
    RecordMode Mode = RecordMode.Adaptive,
    CodeMode CodeMode = CodeMode.Packed,
    long RawCodeBits = 0)
{
    /// <summary>Bits of the record as stored (codes section with its mode bit, codebook and payload, without word
    /// padding or the coding word H). <see cref="CodeBits"/> is the codes as stored, <see cref="RawCodeBits"/> L *
    /// N.</summary>
    public long StoredBits => CodeBits + CodebookBits + PayloadBits;

    /// <summary>What coding saved against the raw m-bit errors (negative when it cost more): L * m - codebook -
    /// payload.</summary>
    public long SavedBits(int extraBits) => Important ? ((long)Length * extraBits) - CodebookBits - PayloadBits : 0;
}

/// <summary>
/// Memory of a quantized layer (the paper's Table 1 view): bits of Direct N, of eDQA (N-bit codes plus Huffman-coded
/// errors and codebooks) and of storing important channels at N + m bits uncompressed.
/// </summary>
public sealed class LayerFootprint
{
    private LayerFootprint(QuantizedLayer layer, RecordFootprint[] records)
    {
        Records = records;
        Elements = layer.Layout.ElementCount;
        Bits = layer.Format.Bits;
        ExtraBits = layer.Format.ExtraBits;
        StaticCodeBits =
            layer.StaticCode is null ? 0 : (long)layer.Format.AlphabetSize * SpecConstants.CodeLengthFieldBits;
        CodeStaticCodeBits = (layer.CodeStaticCode?.AlphabetSize ?? 0) * SpecConstants.CodeLengthFieldBits;
        FileBytes = Container.EdqaHeader.SizeInBytes(layer.Layout, layer.Maxima.Length, records.Length,
            Huffman.Codebook.WordCount(layer.Format.ExtraBits),
            Container.EdqaHeader.CodeStaticCodeWords(layer.Format, layer.CodeStaticCode is not null))
            + layer.Records.Sum(r => (4L * r.Length) + 4);
    }

    public IReadOnlyList<RecordFootprint> Records { get; }

    public long Elements { get; }

    public int Bits { get; }

    public int ExtraBits { get; }

    /// <summary>The static code's lengths in the header, once per layer (0 without one).</summary>
    public long StaticCodeBits { get; }

    /// <summary>The codes' static code's lengths in the header (spec §3.8), once per layer (0 without one).</summary>
    public long CodeStaticCodeBits { get; }

    /// <summary>Size of the .edqa file, header, padding and checksums included.</summary>
    public long FileBytes { get; }

    /// <summary>Every element at N bits.</summary>
    public long DirectBits => Elements * Bits;

    /// <summary>N-bit codes plus codebooks and payloads of the important records, and the layer's static
    /// code.</summary>
    public long EdqaBits => Records.Sum(r => r.StoredBits) + StaticCodeBits + CodeStaticCodeBits;

    /// <summary>Important records at N + m bits per element, direct ones at N.</summary>
    public long WideBits => Records.Sum(r => r.RawCodeBits + (r.Important ? (long)r.Length * ExtraBits : 0));

    /// <summary>The codes as stored (with their mode bits) and the codes' static code.</summary>
    public long CodeBits => Records.Sum(r => r.CodeBits) + CodeStaticCodeBits;

    /// <summary>Raw shifting errors: m bits per element of the important records.</summary>
    public long RawErrorBits => Records.Where(r => r.Important).Sum(r => (long)r.Length * ExtraBits);

    /// <summary>Payloads plus codebooks of the important records, and the layer's static code.</summary>
    public long CodedErrorBits => Records.Sum(r => r.PayloadBits + r.CodebookBits) + StaticCodeBits;

    /// <summary>The Shannon bound of the errors, per record (sum of L * H(e)).</summary>
    public double EntropyBoundBits => Records.Sum(r => r.EntropyBoundBits);

    /// <summary>Compression ratio of the shifting errors: raw m-bit errors over payload plus codebook.</summary>
    public double ErrorCompressionRatio => CodedErrorBits == 0 ? 1.0 : (double)RawErrorBits / CodedErrorBits;

    public double BitsPerActivation(long bits) => Elements == 0 ? 0 : (double)bits / Elements;

    public static LayerFootprint Of(QuantizedLayer layer, ChannelCodec codec)
    {
        var records = new RecordFootprint[layer.Layout.RecordCount];
        int codebookBits = layer.Format.AlphabetSize * SpecConstants.CodeLengthFieldBits;
        for (int record = 0; record < records.Length; record++)
        {
            ChannelFields fields = layer.DecodeRecord(record, codec);
            records[record] = new RecordFootprint(
                record,
                layer.Layout.OuterOf(record),
                layer.Layout.ChannelOf(record),
                fields.Important,
                fields.Length,
                fields.CodeBits,
                fields.Important && fields.Mode == RecordMode.Adaptive ? codebookBits : 0,
                fields.PayloadBits,
                fields.Important ? EntropyBits(fields.Errors, layer.Format.AlphabetSize) : 0,
                fields.Mode,
                fields.CodeMode,
                (long)fields.Length * layer.Format.Bits);
        }

        return new LayerFootprint(layer, records);
    }

    /// <summary>L * H(e): the fewest bits any symbol-by-symbol code could spend on these errors.</summary>
    public static double EntropyBits(ReadOnlySpan<byte> symbols, int alphabetSize)
    {
        Span<int> histogram = stackalloc int[alphabetSize];
        foreach (byte symbol in symbols)
        {
            histogram[symbol]++;
        }

        double bits = 0;
        foreach (int count in histogram)
        {
            if (count > 0)
            {
                bits -= count * Math.Log2((double)count / symbols.Length);
            }
        }

        return bits;
    }
}
