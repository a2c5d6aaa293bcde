using TorchSharp;
using static TorchSharp.torch;

namespace Edqa.Nn.Models;

/// <summary>A point where the network's activations are quantized: the output of segment <see cref="Index"/>.</summary>
/// <param name="Index">Position in forward order (Algorithm 3 walks the points in this order).</param>
/// <param name="Name">Stable name, used in rank files (relu1, stem, stage2.block0, ...).</param>
/// <param name="Module">The segment whose output is the activation; its forward hook applies the quantizer.</param>
/// <param name="Channels">C of the activation [B, C, H, W].</param>
/// <param name="Length">H x W, the length of one channel record (the tokens of a transformer).</param>
/// <param name="Carried">Channels the segment's output carries behind the activation for later segments (a residual
/// stream the next layers still need, e.g. inside a MobileNetV2 block or a transformer block): the segment outputs
/// [B, Channels + Carried, H, W]; only the first <see cref="Channels"/> are the activation, quantized and
/// ranked.</param>
/// <param name="Signed">Whether the activation takes negative values by construction (a layer norm's or attention's
/// output); false after a ReLU or ReLU6. Only a quantizer with an unsigned form (ADQ's N2UQ) needs to know.</param>
public sealed record ActivationPoint(int Index, string Name, nn.Module<Tensor, Tensor> Module, int Channels, int Length,
    int Carried = 0, bool Signed = false)
{
    /// <summary>The activation in a segment's output (the output itself when nothing is carried).</summary>
    public Tensor Activation(Tensor segmentOutput) =>
        Carried == 0 ? segmentOutput : segmentOutput.narrow(1, 0, Channels);

    /// <summary>The segment's output with its activation replaced (what a quantizer's result travels on as).</summary>
    public Tensor WithActivation(Tensor segmentOutput, Tensor activation) =>
        Carried == 0 ? activation : cat([activation, segmentOutput.narrow(1, Channels, Carried)], 1);
}

/// <summary>
/// A network cut at its activation points: <c>head(segment[K-1](... segment[0](x)))</c>, where the output of every
/// segment is an activation point. The cut lets the ranking run the network from any point on (reusing the
/// activations before it) and lets NoisyQuant measure a point's error at the next segment's output.
/// </summary>
public abstract class QuantizableModel : nn.Module<Tensor, Tensor>
{
    protected QuantizableModel(string name)
        : base(name)
    {
    }

    /// <summary>Which architecture (a <see cref="ModelRegistry"/> name).</summary>
    public abstract string Architecture { get; }

    public abstract IReadOnlyList<ActivationPoint> ActivationPoints { get; }

    /// <summary>The layers after the last activation point (pooling and the classifier).</summary>
    protected abstract Tensor Head(Tensor activation);

    public override Tensor forward(Tensor input) => ForwardFrom(-1, input);

    /// <summary>Runs the segments up to and including point <paramref name="point"/> (hooks fire as usual).</summary>
    public Tensor ForwardTo(int point, Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        for (int i = 0; i <= point; i++)
        {
            x = ActivationPoints[i].Module.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Runs the network from the output of point <paramref name="point"/> (-1: from the input) to the
    /// logits.</summary>
    public Tensor ForwardFrom(int point, Tensor activation)
    {
        using var scope = NewDisposeScope();
        Tensor x = activation;
        for (int i = point + 1; i < ActivationPoints.Count; i++)
        {
            x = ActivationPoints[i].Module.call(x);
        }

        return Head(x).MoveToOuterDisposeScope();
    }

    /// <summary>The network's output at the next point (or the logits after the last) from point
    /// <paramref name="point"/>'s segment output (its activation and what it carries): what a point's quantization
    /// error is measured against.</summary>
    public Tensor Downstream(int point, Tensor segmentOutput) =>
        point + 1 < ActivationPoints.Count
            ? ActivationPoints[point + 1].Module.call(segmentOutput)
            : Head(segmentOutput);

    /// <summary>The SHA-256 of the checkpoint it was loaded from (checked against its provenance); null for a network
    /// made here and not loaded.</summary>
    public string? CheckpointSha256 { get; private set; }

    /// <summary>An untrained network of a registered architecture (<see cref="ModelRegistry"/>).</summary>
    public static QuantizableModel Create(string architecture) => ModelRegistry.Get(architecture).Create();

    /// <summary>Loads a checkpoint saved by <see cref="Save"/> as the architecture its provenance file names
    /// (<see cref="ModelProvenance"/>): a checkpoint without provenance, with an unknown architecture, or whose
    /// provenance describes other bytes is a format error.</summary>
    public static QuantizableModel Load(string path)
    {
        ModelProvenance provenance = ModelProvenance.Read(path);
        string architecture = provenance.Architecture;
        QuantizableModel model = Create(architecture);
        model.CheckpointSha256 = provenance.Sha256;
        try
        {
            model.load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException
            or EndOfStreamException or FormatException)
        {
            throw new Core.EdqaFormatException($"{path}: not a {architecture} checkpoint: {e.Message}");
        }

        model.eval();
        return model;
    }

    public void Save(string path) => this.save(path);
}
