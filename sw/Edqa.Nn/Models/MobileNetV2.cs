using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Edqa.Nn.Models;

/// <summary>
/// MobileNetV2 (Sandler et al.: inverted residuals with linear bottlenecks, depthwise 3x3, ReLU6), width and depth
/// scaled to 28x28 Fashion-MNIST on two cores. Activations are quantized after every ReLU6, the inputs of the
/// convolutions that follow (as for the CNNs): a block's expansion output (into the depthwise convolution) and its
/// depthwise output (into the projection). The linear bottleneck and the residual sum are not activation outputs.
/// <code>
///   stem 3x3 conv 16 (28x28) | blocks (t, c, n, s) = (1, 16, 1, 1), (3, 24, 2, 2), (3, 32, 2, 2), (3, 48, 1, 1)
///   | 1x1 conv 96 (7x7) | global average | linear 10
/// </code>
/// Inside a block with a residual the block's input travels behind the activation
/// (<see cref="ActivationPoint.Carried"/>) until the projection adds it back.
/// </summary>
public sealed class MobileNetV2 : QuantizableModel
{
    public const string Name = "mobilenetv2";

    private const int StemChannels = 16;
    private const int LastChannels = 96;

    /// <summary>(expansion t, output channels c, repeats n, first stride s), the paper's table scaled down.</summary>
    private static readonly (int Expansion, int Channels, int Repeats, int Stride)[] Stages =
        [(1, 16, 1, 1), (3, 24, 2, 2), (3, 32, 2, 2), (3, 48, 1, 1)];

    private readonly Sequential _stem;
    private readonly ModuleList<InvertedResidual> _blocks;
    private readonly Sequential _last;
    private readonly Linear _classifier;
    private readonly List<ActivationPoint> _points = [];

    public MobileNetV2()
        : base(Name)
    {
        _stem = nn.Sequential(("conv", nn.Conv2d(1, StemChannels, 3, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(StemChannels)), ("relu6", nn.ReLU6()));
        _blocks = new ModuleList<InvertedResidual>();
        int inChannels = StemChannels;
        int side = 28;
        foreach ((int expansion, int channels, int repeats, int stride) in Stages)
        {
            for (int r = 0; r < repeats; r++)
            {
                _blocks.Add(new InvertedResidual($"block{_blocks.Count}", inChannels, channels, expansion,
                    r == 0 ? stride : 1));
                inChannels = channels;
            }
        }

        _last = nn.Sequential(("conv", nn.Conv2d(inChannels, LastChannels, 1, bias: false)),
            ("bn", nn.BatchNorm2d(LastChannels)), ("relu6", nn.ReLU6()));
        _classifier = nn.Linear(LastChannels, 10);
        RegisterComponents();

        _points.Add(new ActivationPoint(0, "stem", _stem, StemChannels, side * side));
        // Each block's output (the projection plus the residual) is computed by the segment of the next point,
        // from the previous point's activation and what it carried.
        Func<Tensor, Tensor> blockInput = state => state;
        for (int b = 0; b < _blocks.Count; b++)
        {
            InvertedResidual block = _blocks[b];
            Func<Tensor, Tensor> input = blockInput;
            int carried = block.HasResidual ? block.InChannels : 0;
            ActivationPoint? expandPoint = null;
            if (block.Expands)
            {
                expandPoint = AddPoint($"block{b}.expand", state =>
                {
                    Tensor x = input(state);
                    Tensor hidden = block.Expand(x);
                    return carried == 0 ? hidden : cat([hidden, x], 1);
                }, block.HiddenChannels, side * side, carried);
            }

            side /= block.Stride;
            ActivationPoint? expanded = expandPoint;
            ActivationPoint depthwisePoint = AddPoint($"block{b}.depthwise", state =>
            {
                // Without an expansion the depthwise convolution reads the block's input itself.
                Tensor x = expanded is null ? input(state) : carried == 0 ? state
                    : state.narrow(1, expanded.Channels, carried);
                Tensor depthwise = block.Depthwise(expanded is null ? x : expanded.Activation(state));
                return carried == 0 ? depthwise : cat([depthwise, x], 1);
            }, block.HiddenChannels, side * side, carried);
            blockInput = state =>
            {
                Tensor projected = block.Project(depthwisePoint.Activation(state));
                return carried == 0 ? projected : projected.add(state.narrow(1, depthwisePoint.Channels, carried));
            };
        }

        Func<Tensor, Tensor> lastInput = blockInput;
        AddPoint("last", state => _last.call(lastInput(state)), LastChannels, side * side, 0);
    }

    public override string Architecture => Name;

    public override IReadOnlyList<ActivationPoint> ActivationPoints => _points;

    protected override Tensor Head(Tensor activation) => _classifier.call(activation.mean([2, 3]));

    private ActivationPoint AddPoint(string name, Func<Tensor, Tensor> forward, int channels, int length, int carried)
    {
        var point = new ActivationPoint(_points.Count, name, new Segment(name, forward), channels, length, carried);
        _points.Add(point);
        return point;
    }

    /// <summary>1x1 expansion (t > 1) - ReLU6 - depthwise 3x3 (stride s) - ReLU6 - 1x1 linear projection, plus the
    /// input when the shape is kept (stride 1, same channels).</summary>
    private sealed class InvertedResidual : nn.Module
    {
        private readonly Sequential? _expand;
        private readonly Sequential _depthwise;
        private readonly Sequential _project;

        public InvertedResidual(string name, int inChannels, int outChannels, int expansion, int stride)
            : base(name)
        {
            InChannels = inChannels;
            HiddenChannels = inChannels * expansion;
            Stride = stride;
            HasResidual = stride == 1 && inChannels == outChannels;
            if (expansion != 1)
            {
                _expand = nn.Sequential(("conv", nn.Conv2d(inChannels, HiddenChannels, 1, bias: false)),
                    ("bn", nn.BatchNorm2d(HiddenChannels)), ("relu6", nn.ReLU6()));
            }

            _depthwise = nn.Sequential(
                ("conv",
                    nn.Conv2d(HiddenChannels, HiddenChannels, 3, stride: stride, padding: 1, groups: HiddenChannels,
                        bias: false)),
                ("bn", nn.BatchNorm2d(HiddenChannels)),
                ("relu6", nn.ReLU6()));
            _project = nn.Sequential(("conv", nn.Conv2d(HiddenChannels, outChannels, 1, bias: false)),
                ("bn", nn.BatchNorm2d(outChannels)));
            RegisterComponents();
        }

        public int InChannels { get; }

        public int HiddenChannels { get; }

        public int Stride { get; }

        public bool HasResidual { get; }

        public bool Expands => _expand is not null;

        public Tensor Expand(Tensor x) => _expand!.call(x);

        public Tensor Depthwise(Tensor x) => _depthwise.call(x);

        public Tensor Project(Tensor x) => _project.call(x);
    }
}
