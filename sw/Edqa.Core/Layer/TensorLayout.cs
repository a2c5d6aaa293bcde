namespace Edqa.Core.Layer;

/// <summary>
/// The shape of a layer's activations and its channel axis (spec §4.1). In C order, the elements of channel c of
/// outer index o (the product of the axes before the channel axis, e.g. the sample) are contiguous:
/// record r = o * C + c covers elements [r * L, (r + 1) * L), with L the product of the axes after the channel
/// axis (e.g. H x W). A record is the unit of coding: one codebook, one Huffman payload.
/// </summary>
public sealed class TensorLayout
{
    /// <summary>Largest rank the format stores.</summary>
    public const int MaxRank = 4;

    private readonly int[] _shape;

    private TensorLayout(int[] shape, int channelAxis, int outer, int channels, int recordLength)
    {
        _shape = shape;
        ChannelAxis = channelAxis;
        Outer = outer;
        Channels = channels;
        RecordLength = recordLength;
    }

    public IReadOnlyList<int> Shape => _shape;

    public int ChannelAxis { get; }

    /// <summary>Product of the dimensions before the channel axis (the batch, for [B, C, H, W]).</summary>
    public int Outer { get; }

    /// <summary>C, the number of channels.</summary>
    public int Channels { get; }

    /// <summary>L, the elements of one record: the product of the dimensions after the channel axis.</summary>
    public int RecordLength { get; }

    public int RecordCount => Outer * Channels;

    public int ElementCount => RecordCount * RecordLength;

    public int ChannelOf(int record) => record % Channels;

    public int OuterOf(int record) => record / Channels;

    /// <summary>Names record r for messages: "record 5 (sample 1, channel 2)".</summary>
    public string DescribeRecord(int record) =>
        $"record {record} (sample {OuterOf(record)}, channel {ChannelOf(record)})";

    /// <summary>The default channel axis of a shape: 0 for [C, L], 1 for [B, C, ...].</summary>
    public static int DefaultChannelAxis(int rank) => rank <= 2 ? 0 : 1;

    /// <summary>Validates a shape and axis; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static TensorLayout Create(IReadOnlyList<long> shape, int channelAxis)
    {
        if (shape.Count is < 1 or > MaxRank)
        {
            throw new ArgumentException($"tensor rank {shape.Count} is not in [1, {MaxRank}]");
        }

        if (channelAxis < 0 || channelAxis >= shape.Count)
        {
            throw new ArgumentException($"channel axis {channelAxis} is outside a tensor of rank {shape.Count}");
        }

        long outer = 1;
        long inner = 1;
        long total = 1;
        for (int axis = 0; axis < shape.Count; axis++)
        {
            long dim = shape[axis];
            if (dim is < 0 or > int.MaxValue)
            {
                throw new ArgumentException($"dimension {axis} is {dim}");
            }

            total = Math.Min(total * dim, long.MaxValue / int.MaxValue);
            if (axis < channelAxis)
            {
                outer = Math.Min(outer * dim, int.MaxValue);
            }
            else if (axis > channelAxis)
            {
                inner = Math.Min(inner * dim, int.MaxValue);
            }
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException(
                $"tensor of shape ({string.Join(", ", shape)}) has more than {Array.MaxLength} elements");
        }

        if (outer * (long)shape[channelAxis] > Array.MaxLength)
        {
            throw new ArgumentException(
                $"tensor of shape ({string.Join(", ", shape)}) has more than {Array.MaxLength} channel records");
        }

        if (inner > SpecConstants.MaxRecordLength)
        {
            throw new ArgumentException($"channel length {inner} exceeds the format's {SpecConstants.MaxRecordLength}");
        }

        int[] dims = shape.Select(d => (int)d).ToArray();
        return new TensorLayout(dims, channelAxis, (int)outer, dims[channelAxis], (int)inner);
    }

    public override string ToString() => $"({string.Join(", ", _shape)}), channel axis {ChannelAxis}";
}
