using Edqa.Nn.Models;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>How one channel of an activation point is treated.</summary>
public enum ChannelMode : byte
{
    /// <summary>Left in float32 (Algorithm 3's "skipped" channel).</summary>
    Float,

    /// <summary>Quantized directly to N bits.</summary>
    Direct,

    /// <summary>Quantized with N + m bits, shifted back to N; the shifting error is kept (eDQA's important
    /// channel).</summary>
    Important,
}

/// <summary>Where M of a point, and so its scale, comes from (the name of <c>--scale-source</c>).</summary>
public enum ScaleSource
{
    /// <summary>The current batch's abs-max (the paper's dynamic quantization; results depend on the batch
    /// size).</summary>
    Dynamic,

    /// <summary>The abs-max over a calibration set, fixed at inference.</summary>
    Calibrated,
}

/// <summary>Replaces the activation at a point by its quantized and de-quantized value.</summary>
public interface IActivationQuantizer
{
    Tensor Apply(Tensor activation, ActivationPoint point);
}

/// <summary>
/// Applies a quantizer at every activation point of a model through forward hooks (which fire only through
/// <c>Module.call</c>, as every model here calls its segments). Disposing removes the hooks.
/// </summary>
public sealed class QuantizationHooks : IDisposable
{
    private readonly List<Action> _removers = [];

    public QuantizationHooks(QuantizableModel model, IActivationQuantizer quantizer)
    {
        foreach (ActivationPoint point in model.ActivationPoints)
        {
            var hook = point.Module.register_forward_hook((_, _, output) =>
                point.WithActivation(output, quantizer.Apply(point.Activation(output), point)));
            _removers.Add(hook.remove);
        }
    }

    public void Dispose()
    {
        foreach (Action remove in _removers)
        {
            remove();
        }

        _removers.Clear();
    }
}
