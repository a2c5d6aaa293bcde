using Edqa.Core.Channel;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Targets;

/// <summary>The C# golden model (docs/spec.md as code). No cycles: it is not hardware.</summary>
public sealed class ReferenceTarget : IAcceleratorTarget
{
    private readonly LayerQuantizer _quantizer;

    /// <param name="codec">The golden model's scalar path by default; <see cref="ChannelCodec.Optimized"/> is bit-identical.</param>
    public ReferenceTarget(ChannelCodec? codec = null)
    {
        _quantizer = new LayerQuantizer(codec ?? ChannelCodec.Reference);
    }

    public string Name => AcceleratorTargets.Reference;

    public TargetQuantization Quantize(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format, ScaleGranularity granularity, bool[] important) =>
        new(_quantizer.Quantize(data, layout, format, granularity, important), null);

    public TargetDequantization Dequantize(QuantizedLayer layer) => new(_quantizer.Dequantize(layer), null);

    public void Dispose()
    {
    }
}
