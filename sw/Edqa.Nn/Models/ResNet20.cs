using TorchSharp;
using Edqa.Nn.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Edqa.Nn.Models;

/// <summary>
/// ResNet-20 (He et al., CIFAR-style: three stages of three basic blocks, 16/32/64 channels) on 1x28x28 inputs.
/// Activations are quantized where the authors quantized them: after the stem and after each residual block.
/// <code>
///   stem 16x28x28 | stage1 3 x 16x28x28 | stage2 3 x 32x14x14 | stage3 3 x 64x7x7 | global average | linear 10
/// </code>
/// </summary>
public sealed class ResNet20 : QuantizableModel
{
    public const string Name = "resnet20";

    private readonly Sequential _stem;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _blocks;
    private readonly Linear _classifier;
    private readonly List<ActivationPoint> _points;

    public ResNet20()
        : base(Name)
    {
        _stem = nn.Sequential(("conv", nn.Conv2d(1, 16, 3, padding: 1, bias: false)), ("bn", nn.BatchNorm2d(16)),
            ("relu", nn.ReLU()));
        _points = [new(0, "stem", _stem, 16, 784)];
        _blocks = new ModuleList<nn.Module<Tensor, Tensor>>();
        int inChannels = 16;
        int side = 28;
        foreach ((int stage, int channels) in new[] { (1, 16), (2, 32), (3, 64) })
        {
            for (int b = 0; b < 3; b++)
            {
                int stride = stage > 1 && b == 0 ? 2 : 1;
                side /= stride;
                var block = new BasicBlock($"stage{stage}_block{b}", inChannels, channels, stride);
                _blocks.Add(block);
                _points.Add(new(_points.Count, $"stage{stage}.block{b}", block, channels, side * side));
                inChannels = channels;
            }
        }

        _classifier = nn.Linear(64, 10);
        RegisterComponents();
    }

    public override string Architecture => Name;

    public override IReadOnlyList<ActivationPoint> ActivationPoints => _points;

    protected override Tensor Head(Tensor activation) => _classifier.call(activation.mean([2, 3]));

    /// <summary>conv-bn-relu-conv-bn plus a shortcut (a 1x1 convolution where the shape changes), then ReLU.</summary>
    private sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1;
        private readonly BatchNorm2d _bn1;
        private readonly Conv2d _conv2;
        private readonly BatchNorm2d _bn2;
        private readonly Sequential? _shortcut;

        public BasicBlock(string name, int inChannels, int outChannels, int stride)
            : base(name)
        {
            _conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
            _bn1 = nn.BatchNorm2d(outChannels);
            _conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
            _bn2 = nn.BatchNorm2d(outChannels);
            if (stride != 1 || inChannels != outChannels)
            {
                _shortcut = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false),
                    nn.BatchNorm2d(outChannels));
            }

            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor residual = _shortcut is null ? input : _shortcut.call(input);
            Tensor output = _bn2.call(_conv2.call(nn.functional.relu(_bn1.call(_conv1.call(input)))));
            return nn.functional.relu(output.Plus(residual)).MoveToOuterDisposeScope();
        }
    }
}
