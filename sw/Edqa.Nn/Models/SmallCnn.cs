using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Edqa.Nn.Models;

/// <summary>
/// The fast default: four 3x3 convolutions with batch norm, activations quantized after each ReLU.
/// <code>
///   1x28x28 -conv 16- relu1 (16x28x28) -pool- conv 32- relu2 (32x14x14) -conv 32- relu3 (32x14x14)
///           -pool- conv 64- relu4 (64x7x7) -global average- linear 10
/// </code>
/// Channel records are 784, 196, 196 and 49 elements: the paper's ResNet-18 sizes, scaled down.
/// </summary>
public sealed class SmallCnn : QuantizableModel
{
    public const string Name = "cnn";

    private readonly Sequential _block1;
    private readonly Sequential _block2;
    private readonly Sequential _block3;
    private readonly Sequential _block4;
    private readonly Linear _classifier;
    private readonly List<ActivationPoint> _points;

    public SmallCnn()
        : base(Name)
    {
        _block1 = nn.Sequential(("conv", nn.Conv2d(1, 16, 3, padding: 1, bias: false)), ("bn", nn.BatchNorm2d(16)),
            ("relu", nn.ReLU()));
        _block2 = nn.Sequential(("pool", nn.MaxPool2d(2)), ("conv", nn.Conv2d(16, 32, 3, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(32)), ("relu", nn.ReLU()));
        _block3 = nn.Sequential(("conv", nn.Conv2d(32, 32, 3, padding: 1, bias: false)), ("bn", nn.BatchNorm2d(32)),
            ("relu", nn.ReLU()));
        _block4 = nn.Sequential(("pool", nn.MaxPool2d(2)), ("conv", nn.Conv2d(32, 64, 3, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(64)), ("relu", nn.ReLU()));
        _classifier = nn.Linear(64, 10);
        RegisterComponents();
        _points =
        [
            new(0, "relu1", _block1, 16, 784),
            new(1, "relu2", _block2, 32, 196),
            new(2, "relu3", _block3, 32, 196),
            new(3, "relu4", _block4, 64, 49),
        ];
    }

    public override string Architecture => Name;

    public override IReadOnlyList<ActivationPoint> ActivationPoints => _points;

    protected override Tensor Head(Tensor activation) => _classifier.call(activation.mean([2, 3]));
}
