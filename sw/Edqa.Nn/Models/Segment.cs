using static TorchSharp.torch;

namespace Edqa.Nn.Models;

/// <summary>
/// A segment of a network that is cut between the layers its modules belong to (a MobileNetV2 or transformer block
/// holds several activation points): a forward function over layers the model owns and registers. The segment itself
/// owns no parameters and is not registered, so every weight is saved, counted and quantized once; its forward hook
/// (through <c>call</c>) is where the point's quantizer applies.
/// </summary>
public sealed class Segment(string name, Func<Tensor, Tensor> function)
    : TorchSharp.torch.nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor input) => function(input);
}
