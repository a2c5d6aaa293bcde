using Edqa.Core.Channel;
using Edqa.Core.Quantization;

namespace Edqa.Core.Layer;

/// <summary>
/// One quantized layer, the content of an <c>.edqa</c> file: format, layout, maxima M, importance and one record per
/// (outer index, channel). Records are the words of spec §4.2, exactly what the accelerator streams.
/// </summary>
public sealed class QuantizedLayer
{
    public QuantizedLayer(QuantFormat format, ScaleGranularity granularity, TensorLayout layout, float[] maxima,
        bool[] important, uint[][] records, Huffman.CanonicalCode? staticCode = null,
        Huffman.CanonicalCode? codeStaticCode = null)
    {
        if (codeStaticCode is not null && !Huffman.StaticCode.FitsCodes(codeStaticCode, format.Bits))
        {
            throw new ArgumentException(
                $"a codes' static code of {codeStaticCode.AlphabetSize} symbols for a layer of N = {format.Bits}");
        }

        CodeStaticCode = codeStaticCode;
        if (staticCode is not null && !Huffman.StaticCode.Fits(staticCode, format.ExtraBits))
        {
            throw new ArgumentException(
                $"a static code of {staticCode.AlphabetSize} symbols ({staticCode.UsedSymbols} with codes) for a layer "
                + $"of m = {format.ExtraBits}");
        }

        StaticCode = staticCode;
        int groups = granularity == ScaleGranularity.Layer ? 1 : layout.Channels;
        if (maxima.Length != groups || important.Length != layout.Channels || records.Length != layout.RecordCount)
        {
            throw new ArgumentException(
                $"layer parts disagree: {maxima.Length} maxima (need {groups}), {important.Length} importance flags "
                + $"and {records.Length} records for {layout}");
        }

        Format = format;
        Granularity = granularity;
        Layout = layout;
        Maxima = maxima;
        Important = important;
        Records = records;
    }

    public QuantFormat Format { get; }

    public ScaleGranularity Granularity { get; }

    public TensorLayout Layout { get; }

    /// <summary>M per scale group: one for <see cref="ScaleGranularity.Layer"/>, one per channel otherwise.</summary>
    public float[] Maxima { get; }

    /// <summary>Importance flag per channel.</summary>
    public bool[] Important { get; }

    /// <summary>The layer's static code (spec §3.7), or null when it has none.</summary>
    public Huffman.CanonicalCode? StaticCode { get; }

    /// <summary>The layer's codes' static code (spec §3.8: code coding static), or null when its codes are
    /// packed.</summary>
    public Huffman.CanonicalCode? CodeStaticCode { get; }

    /// <summary>Record words, indexed by record r = outer * C + channel.</summary>
    public uint[][] Records { get; }

    /// <summary>The scale of the group that <paramref name="channel"/> belongs to.</summary>
    public GroupScale ScaleOf(int channel) =>
        GroupScale.FromMax(Maxima[Granularity == ScaleGranularity.Layer ? 0 : channel], Format);

    public bool IsImportant(int record) => Important[Layout.ChannelOf(record)];

    /// <summary>Describes record r for messages: "record 5 (sample 1, channel 2)".</summary>
    public string Describe(int record) => Layout.DescribeRecord(record);

    /// <summary>Unpacks and validates record r; a bad record throws <see cref="EdqaFormatException"/> that names
    /// it.</summary>
    public ChannelFields DecodeRecord(int record, ChannelCodec codec)
    {
        try
        {
            return codec.Decode(Records[record], Layout.RecordLength, IsImportant(record), Format, StaticCode,
                CodeStaticCode);
        }
        catch (EdqaFormatException e)
        {
            throw e.At(Describe(record));
        }
    }
}
