using Edqa.Nn.Models;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>One point's activation as its quantizer received it (C order, shape [B, C, H, W]) and what the
/// quantizer returned (null when there was no quantizer).</summary>
public sealed record CapturedActivation(ActivationPoint Point, long[] Shape, float[] Data, float[]? Output);

/// <summary>
/// Records each point's activation on its way into the quantizer (upstream quantization included), then applies
/// <paramref name="inner"/> (or nothing). What it records is exactly what the hardware would receive.
/// </summary>
public sealed class CapturingQuantizer(IActivationQuantizer? inner) : IActivationQuantizer
{
    private readonly List<CapturedActivation> _captured = [];

    public IReadOnlyList<CapturedActivation> Captured => _captured;

    public Tensor Apply(Tensor activation, ActivationPoint point)
    {
        float[] input = activation.contiguous().data<float>().ToArray();
        Tensor? output = inner?.Apply(activation, point);
        _captured.Add(new CapturedActivation(point, activation.shape, input,
            output?.contiguous().data<float>().ToArray()));
        return output ?? activation;
    }

    /// <summary>Runs one batch through the model with <paramref name="quantizer"/> active and returns the logits
    /// and what every point received.</summary>
    public static (Tensor Logits, IReadOnlyList<CapturedActivation> Activations) Run(QuantizableModel model,
        Tensor images, IActivationQuantizer? quantizer)
    {
        var capture = new CapturingQuantizer(quantizer);
        using var noGrad = no_grad();
        using var hooks = new QuantizationHooks(model, capture);
        return (model.call(images), capture.Captured);
    }
}
