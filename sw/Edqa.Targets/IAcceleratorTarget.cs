using Edqa.Bindings;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Targets;

/// <summary>A layer quantized by a target, with the accelerator's cycle counts per record where the target has an
/// accelerator (null for the golden model, which has no clock).</summary>
public sealed record TargetQuantization(QuantizedLayer Layer, CycleCounts[]? Cycles);

/// <summary>A layer de-quantized by a target, C order, with cycle counts per record where the target has them.</summary>
public sealed record TargetDequantization(float[] Values, CycleCounts[]? Cycles);

/// <summary>
/// Something that quantizes and de-quantizes a layer's channels as docs/spec.md says and, if it is hardware, counts
/// cycles. Every target writes byte-identical .edqa content for the same input.
/// </summary>
public interface IAcceleratorTarget : IDisposable
{
    /// <summary>The name the command line uses: reference, sim, sim-process.</summary>
    string Name { get; }

    TargetQuantization Quantize(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format, ScaleGranularity granularity, bool[] important);

    TargetDequantization Dequantize(QuantizedLayer layer);
}
