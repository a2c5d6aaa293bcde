using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Nn.Models;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>
/// eDQA (and Direct, which is eDQA without important channels) as tensor operations, bit-exact with the golden model
/// (docs/spec.md §2.3): per channel a multiplier (inv, or inv * 2^m), rne, clamp, then t * step. The per-group
/// factors are computed on the host by <see cref="GroupScale"/>, exactly as the spec defines them; the tensor
/// operations are IEEE float32 multiplies, round-half-to-even and clamps, element by element.
/// </summary>
public sealed class EdqaTensorQuantizer : IActivationQuantizer
{
    private readonly ChannelMode[][] _modes;
    private readonly float[][]? _maxima;
    private readonly QuantFormat[]? _pointFormats;
    private readonly long[] _clampedNegatives;

    /// <param name="modes">Per point, per channel: Float, Direct or Important.</param>
    /// <param name="maxima">Calibrated M per point (1 or C values); null for dynamic per-batch scales.</param>
    /// <param name="pointFormats">Per point its own N and m (a tuned configuration, `edqa tune`); null: every point
    /// <paramref name="format"/>.</param>
    public EdqaTensorQuantizer(QuantFormat format, ScaleGranularity granularity, ChannelMode[][] modes,
        float[][]? maxima = null, QuantFormat[]? pointFormats = null)
    {
        if (pointFormats is not null && pointFormats.Length != modes.Length)
        {
            throw new ArgumentException($"{pointFormats.Length} point formats for {modes.Length} points");
        }

        Format = format;
        Granularity = granularity;
        _modes = modes;
        _maxima = maxima;
        _pointFormats = pointFormats;
        _clampedNegatives = new long[modes.Length];
    }

    public QuantFormat Format { get; }

    public ScaleGranularity Granularity { get; }

    /// <summary>Per point, the negative activations its unsigned grid clamped to 0 so far (spec §2.3): 0 where the
    /// architecture chose the grid; a grid chosen from calibration data shows here what evaluation met.</summary>
    public IReadOnlyList<long> ClampedNegatives => _clampedNegatives;

    public Tensor Apply(Tensor activation, ActivationPoint point)
    {
        QuantFormat format = FormatOf(point.Index);
        if (format.IsUnsigned)
        {
            Interlocked.Add(ref _clampedNegatives[point.Index], CountNegatives(activation, _modes[point.Index]));
        }

        return Quantize(activation, _modes[point.Index], format, Granularity, _maxima?[point.Index]);
    }

    /// <summary>The values below 0 in the channels that are quantized (not <see cref="ChannelMode.Float"/>).</summary>
    public static long CountNegatives(Tensor x, ReadOnlySpan<ChannelMode> modes)
    {
        using var scope = NewDisposeScope();
        bool[] quantized = modes.ToArray().Select(m => m != ChannelMode.Float).ToArray();
        return x.lt(KeptScalars.Float(0f)).logical_and(tensor(quantized).reshape(BroadcastShape(x))).sum()
            .item<long>();
    }

    /// <summary>The N and m of one point.</summary>
    public QuantFormat FormatOf(int point) => _pointFormats?[point] ?? Format;

    /// <summary>Per point, <paramref name="format"/> on the grid <paramref name="grid"/> gives it: auto takes the
    /// unsigned grid where the point cannot be negative (spec §2.1): by the architecture (after a ReLU or ReLU6), or,
    /// given <paramref name="negativeOnCalibration"/>, where no calibration activation was below 0.</summary>
    public static QuantFormat[] PointFormats(IReadOnlyList<ActivationPoint> points, QuantFormat format,
        GridChoice grid, IReadOnlyList<bool>? negativeOnCalibration = null) =>
        points.Select(p => new QuantFormat(format.Bits, format.ExtraBits,
            grid.For(canBeNegative: negativeOnCalibration?[p.Index] ?? p.Signed))).ToArray();

    /// <summary>Quantizes and de-quantizes an activation [B, C, ...] (channel axis 1).</summary>
    public static Tensor Quantize(Tensor x, ReadOnlySpan<ChannelMode> modes, QuantFormat format,
        ScaleGranularity granularity, float[]? maxima = null)
    {
        CheckModes(x, modes);
        if (!modes.ContainsAnyExcept(ChannelMode.Float))
        {
            return x;
        }

        Grid grid = GridOf(x, modes, format, granularity, maxima);
        using var scope = NewDisposeScope();
        long[] broadcast = BroadcastShape(x);
        Tensor t = (x * Column(grid.Multiplier, broadcast)).round();
        t = minimum(maximum(t, Column(grid.Low, broadcast)), Column(grid.High, broadcast));
        // rne(-0.3) is -0, but the spec's t is the integer 0, whose reconstruction is +0: adding +0 maps -0 to +0.
        t = t.Plus(KeptScalars.Float(0f));
        Tensor result = t * Column(grid.Step, broadcast);
        if (grid.Keep.Contains(true))
        {
            result = where(tensor(grid.Keep).reshape(broadcast), x, result);
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>M per scale group of a batch: the whole activation, or each channel across the batch.</summary>
    public static float[] GroupMaxima(Tensor x, ScaleGranularity granularity)
    {
        using var scope = NewDisposeScope();
        Tensor magnitude = x.abs();
        float[] maxima = granularity == ScaleGranularity.Layer
            ? [magnitude.max().item<float>()]
            : magnitude.amax(Enumerable.Range(0, (int)x.dim()).Where(d => d != 1).Select(d => (long)d).ToArray())
                .data<float>().ToArray();
        foreach (float max in maxima)
        {
            if (!float.IsFinite(max))
            {
                throw new NonFiniteValueException(-1, max);
            }
        }

        return maxima;
    }

    /// <summary>Per channel, the values of <paramref name="x"/> [B, C, ...] that <see cref="Quantize"/> clamps: whose
    /// rne(x * multiplier) lies outside the channel's code range (the top of a signed grid, negatives on an unsigned
    /// one; spec §2.3). Float channels clip nothing.</summary>
    public static long[] ClippedPerChannel(Tensor x, ReadOnlySpan<ChannelMode> modes, QuantFormat format,
        ScaleGranularity granularity, float[]? maxima = null)
    {
        CheckModes(x, modes);
        if (!modes.ContainsAnyExcept(ChannelMode.Float))
        {
            return new long[modes.Length];
        }

        Grid grid = GridOf(x, modes, format, granularity, maxima);
        using var scope = NewDisposeScope();
        long[] broadcast = BroadcastShape(x);
        Tensor t = (x * Column(grid.Multiplier, broadcast)).round();
        Tensor outside = t.lt(Column(grid.Low, broadcast)).logical_or(t.gt(Column(grid.High, broadcast)))
            .logical_and(tensor(grid.Keep).reshape(broadcast).logical_not());
        long[] others = Enumerable.Range(0, (int)x.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        return outside.to_type(ScalarType.Int64).sum(others).data<long>().ToArray();
    }

    private static void CheckModes(Tensor x, ReadOnlySpan<ChannelMode> modes)
    {
        if (modes.Length != x.shape[1])
        {
            throw new ArgumentException($"{modes.Length} channel modes for an activation of {x.shape[1]} channels");
        }
    }

    /// <summary>Per channel its multiplier, code range and step (spec §2.3), or that it stays float.</summary>
    private sealed record Grid(float[] Multiplier, float[] Low, float[] High, float[] Step, bool[] Keep);

    private static Grid GridOf(Tensor x, ReadOnlySpan<ChannelMode> modes, QuantFormat format,
        ScaleGranularity granularity, float[]? maxima)
    {
        int channels = (int)x.shape[1];
        float[] groupMax = maxima ?? GroupMaxima(x, granularity);
        var grid = new Grid(new float[channels], new float[channels], new float[channels], new float[channels],
            new bool[channels]);
        for (int c = 0; c < channels; c++)
        {
            if (modes[c] == ChannelMode.Float)
            {
                grid.Keep[c] = true;
                continue;
            }

            bool important = modes[c] == ChannelMode.Important;
            GroupScale scale = GroupScale.FromMax(groupMax[granularity == ScaleGranularity.Layer ? 0 : c], format);
            grid.Multiplier[c] = scale.Multiplier(important, format.ExtraBits);
            grid.Step[c] = scale.Step(important, format.ExtraBits);
            grid.Low[c] = important ? format.WideMin : format.CodeMin;
            grid.High[c] = important ? format.WideMax : format.CodeMax;
        }

        return grid;
    }

    private static long[] BroadcastShape(Tensor x)
    {
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        shape[1] = x.shape[1];
        return shape;
    }

    private static Tensor Column(float[] values, long[] shape) => tensor(values).reshape(shape);
}
