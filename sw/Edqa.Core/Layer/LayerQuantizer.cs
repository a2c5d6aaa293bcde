using Edqa.Core.Channel;
using Edqa.Core.Quantization;

namespace Edqa.Core.Layer;

/// <summary>
/// The paper's Algorithms 1 (quantize a layer) and 2 (de-quantize it): scales per group, then every record through
/// a <see cref="ChannelCodec"/>, important channels with N+m bits and Huffman-coded shifting errors.
/// </summary>
public sealed class LayerQuantizer
{
    public LayerQuantizer(ChannelCodec codec)
    {
        Codec = codec;
    }

    /// <summary>The optimized path (bit-identical to the golden model).</summary>
    public static LayerQuantizer Default { get; } = new(ChannelCodec.Optimized);

    public ChannelCodec Codec { get; }

    /// <summary>M per scale group. Throws <see cref="NonFiniteValueException"/> with the element's flat index.</summary>
    public float[] GroupMaxima(ReadOnlySpan<float> data, TensorLayout layout, ScaleGranularity granularity)
    {
        CheckSize(data.Length, layout);
        var maxima = new float[granularity == ScaleGranularity.Layer ? 1 : layout.Channels];
        for (int record = 0; record < layout.RecordCount; record++)
        {
            int start = record * layout.RecordLength;
            float max;
            try
            {
                max = Codec.Kernel.AbsMax(data.Slice(start, layout.RecordLength));
            }
            catch (NonFiniteValueException e)
            {
                throw new NonFiniteValueException(start + e.Index, e.Value);
            }

            int group = granularity == ScaleGranularity.Layer ? 0 : layout.ChannelOf(record);
            maxima[group] = MathF.Max(maxima[group], max);
        }

        // Store the effective M: a flushed group (M < 2^-64) is stored as 0.
        for (int group = 0; group < maxima.Length; group++)
        {
            maxima[group] = GroupScale.EffectiveMax(maxima[group]);
        }

        return maxima;
    }

    /// <summary>Algorithm 1: quantizes a layer held in C order.</summary>
    public QuantizedLayer Quantize(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format, ScaleGranularity granularity, bool[] important)
    {
        if (important.Length != layout.Channels)
        {
            throw new ArgumentException($"{important.Length} importance flags for a layer of {layout.Channels} channels");
        }

        float[] scales = GroupMaxima(data, layout, granularity);
        var records = new uint[layout.RecordCount][];
        var groupScales = scales.Select(max => GroupScale.FromMax(max, format.Bits)).ToArray();
        for (int record = 0; record < records.Length; record++)
        {
            int channel = layout.ChannelOf(record);
            GroupScale scale = groupScales[granularity == ScaleGranularity.Layer ? 0 : channel];
            records[record] = Codec.Encode(data.Slice(record * layout.RecordLength, layout.RecordLength), scale, important[channel], format);
        }

        return new QuantizedLayer(format, granularity, layout, scales, (bool[])important.Clone(), records);
    }

    /// <summary>Algorithm 2: de-quantizes every record into a C-order tensor.</summary>
    public float[] Dequantize(QuantizedLayer layer)
    {
        TensorLayout layout = layer.Layout;
        var output = new float[layout.ElementCount];
        for (int record = 0; record < layout.RecordCount; record++)
        {
            ChannelFields fields = layer.DecodeRecord(record, Codec);
            Codec.Dequantize(fields, layer.ScaleOf(layout.ChannelOf(record)), layer.Format, output.AsSpan(record * layout.RecordLength, layout.RecordLength));
        }

        return output;
    }

    private static void CheckSize(int length, TensorLayout layout)
    {
        if (length != layout.ElementCount)
        {
            throw new ArgumentException($"{length} values for a tensor of shape {layout} ({layout.ElementCount} elements)");
        }
    }
}
