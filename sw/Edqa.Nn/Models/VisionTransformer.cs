using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Edqa.Nn.Models;

/// <summary>
/// A small vision transformer (Dosovitskiy et al.): 4x4 patches of the 28x28 image as 49 tokens of width 48 with a
/// learned position embedding, three pre-norm blocks (multi-head self-attention with 4 heads, a GELU MLP of width
/// 96), a final layer norm, the mean over tokens and a linear classifier.
/// <code>
///   x = x + proj(attention(qkv(norm1(x))));   x = x + fc2(gelu(fc1(norm2(x))))
/// </code>
/// Activations are quantized at the inputs of the linear layers, as NoisyQuant does: per block <c>qkv</c>
/// (norm1's output), <c>proj</c> (the heads' output), <c>fc1</c> (norm2's output) and <c>fc2</c> (the GELU's
/// output). A channel is a feature dimension, a channel record its value over the 49 tokens. Token activations are
/// held as [B, features, tokens, 1] so that every quantizer sees the layout it sees in the CNNs; the residual stream
/// travels behind each activation (<see cref="ActivationPoint.Carried"/>).
/// </summary>
public sealed class VisionTransformer : QuantizableModel
{
    public const string Name = "vit";

    private const int Patch = 4;
    private const int Tokens = (28 / Patch) * (28 / Patch);

    private readonly int _width;
    private readonly Conv2d _patchEmbedding;
    private readonly Parameter _positionEmbedding;
    private readonly ModuleList<EncoderBlock> _blocks;
    private readonly LayerNorm _norm;
    private readonly Linear _classifier;
    private readonly List<ActivationPoint> _points = [];
    private readonly Func<Tensor, Tensor> _headInput;

    /// <summary>The shipped shape by default (width 48, 4 heads, MLP 96, 3 blocks); smaller ones keep tests
    /// fast.</summary>
    public VisionTransformer(int width = 48, int heads = 4, int mlpWidth = 96, int depth = 3)
        : base(Name)
    {
        _width = width;
        _patchEmbedding = nn.Conv2d(1, width, Patch, stride: Patch);
        _positionEmbedding = new Parameter(randn(1, width, Tokens, 1).mul_(0.02));
        _blocks = new ModuleList<EncoderBlock>();
        for (int b = 0; b < depth; b++)
        {
            _blocks.Add(new EncoderBlock($"block{b}", width, heads, mlpWidth));
        }

        _norm = nn.LayerNorm(width);
        _classifier = nn.Linear(width, 10);
        RegisterComponents();

        // The residual stream entering a block: the embedded patches, or the previous block's output, which the
        // next point's segment computes from the previous fc2 input and the stream it carried.
        // A point's output carries the stream behind its activation: the point's own Activation reads the one, this
        // the other.
        Tensor Stream(ActivationPoint point, Tensor state) => state.narrow(1, point.Channels, width);
        Func<Tensor, Tensor> stream =
            image => _patchEmbedding.call(image).flatten(2).unsqueeze(-1).add(_positionEmbedding);
        for (int b = 0; b < depth; b++)
        {
            EncoderBlock block = _blocks[b];
            Func<Tensor, Tensor> blockInput = stream;
            ActivationPoint qkv = AddPoint($"block{b}.qkv", state =>
            {
                Tensor x = blockInput(state);
                return cat([FromTokens(block.Norm1(ToTokens(x))), x], 1);
            }, width);
            ActivationPoint proj = AddPoint($"block{b}.proj", state =>
                cat([FromTokens(block.Attention(ToTokens(qkv.Activation(state)))), Stream(qkv, state)], 1), width);
            ActivationPoint fc1 = AddPoint($"block{b}.fc1", state =>
            {
                Tensor x = Stream(proj, state).add(FromTokens(block.Project(ToTokens(proj.Activation(state)))));
                return cat([FromTokens(block.Norm2(ToTokens(x))), x], 1);
            }, width);
            ActivationPoint fc2 = AddPoint($"block{b}.fc2", state =>
                cat([FromTokens(block.Hidden(ToTokens(fc1.Activation(state)))), Stream(fc1, state)], 1), mlpWidth);
            stream = state => Stream(fc2, state).add(FromTokens(block.Output(ToTokens(fc2.Activation(state)))));
        }

        _headInput = stream;
    }

    public override string Architecture => Name;

    public override IReadOnlyList<ActivationPoint> ActivationPoints => _points;

    protected override Tensor Head(Tensor activation) =>
        _classifier.call(_norm.call(ToTokens(_headInput(activation))).mean([1]));

    /// <summary>[B, features, tokens, 1] to [B, tokens, features].</summary>
    private static Tensor ToTokens(Tensor x) => x.squeeze(-1).transpose(1, 2);

    /// <summary>[B, tokens, features] to [B, features, tokens, 1].</summary>
    private static Tensor FromTokens(Tensor x) => x.transpose(1, 2).unsqueeze(-1);

    private ActivationPoint AddPoint(string name, Func<Tensor, Tensor> forward, int channels)
    {
        var point = new ActivationPoint(_points.Count, name, new Segment(name, forward), channels, Tokens,
            Carried: _width, Signed: true);
        _points.Add(point);
        return point;
    }

    /// <summary>One pre-norm encoder block's layers, applied piecewise by the model's segments.</summary>
    private sealed class EncoderBlock : nn.Module
    {
        private readonly int _width;
        private readonly int _heads;
        private readonly LayerNorm _norm1;
        private readonly Linear _qkv;
        private readonly Linear _proj;
        private readonly LayerNorm _norm2;
        private readonly Linear _fc1;
        private readonly Linear _fc2;

        public EncoderBlock(string name, int width, int heads, int mlpWidth)
            : base(name)
        {
            _width = width;
            _heads = heads;
            _norm1 = nn.LayerNorm(width);
            _qkv = nn.Linear(width, 3 * width);
            _proj = nn.Linear(width, width);
            _norm2 = nn.LayerNorm(width);
            _fc1 = nn.Linear(width, mlpWidth);
            _fc2 = nn.Linear(mlpWidth, width);
            RegisterComponents();
        }

        public Tensor Norm1(Tensor x) => _norm1.call(x);

        /// <summary>Scaled dot-product attention of the heads, concatenated: [B, T, D] to [B, T, D] (before
        /// proj).</summary>
        public Tensor Attention(Tensor x)
        {
            long batch = x.shape[0];
            int headWidth = _width / _heads;
            Tensor qkv = _qkv.call(x).reshape(batch, Tokens, 3, _heads, headWidth).permute(2, 0, 3, 1, 4);
            Tensor weights = qkv[0].matmul(qkv[1].transpose(-2, -1)).mul(1.0 / Math.Sqrt(headWidth)).softmax(-1);
            return weights.matmul(qkv[2]).transpose(1, 2).reshape(batch, Tokens, _width);
        }

        public Tensor Project(Tensor x) => _proj.call(x);

        public Tensor Norm2(Tensor x) => _norm2.call(x);

        public Tensor Hidden(Tensor x) => nn.functional.gelu(_fc1.call(x));

        public Tensor Output(Tensor x) => _fc2.call(x);
    }
}
