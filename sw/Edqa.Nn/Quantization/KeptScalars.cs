using System.Collections.Concurrent;
using TorchSharp;

namespace Edqa.Nn.Quantization;

/// <summary>
/// Scalars that live for the whole process. An implicit <c>tensor + 0f</c> creates a native Scalar whose managed
/// owner is dead as soon as its handle is read, so a garbage collection during the native call can finalize it
/// while libtorch still uses it (seen here: "Expected false to be true" from Scalar::toFloat after thousands of
/// calls). TorchSharp's own <c>add(other)</c> and <c>sub(other)</c> (and the + and - operators) create such a
/// temporary for their alpha of 1; <see cref="TensorArithmetic"/> passes a kept one instead. Every scalar operand of
/// the tensor paths comes from here.
/// </summary>
public static class KeptScalars
{
    private static readonly ConcurrentDictionary<int, Scalar> Ints = new();
    private static readonly ConcurrentDictionary<float, Scalar> Floats = new();

    public static Scalar Int(int value) => Ints.GetOrAdd(value, v => v.ToScalar());

    public static Scalar Float(float value) => Floats.GetOrAdd(value, v => v.ToScalar());
}

/// <summary>Addition with a kept alpha (see <see cref="KeptScalars"/>), and subtraction beside it (TorchSharp's sub
/// has no alpha): use these, not + and -.</summary>
public static class TensorArithmetic
{
    public static TorchSharp.torch.Tensor Plus(this TorchSharp.torch.Tensor left,
        TorchSharp.torch.Tensor right) => left.add(right, KeptScalars.Int(1));

    public static TorchSharp.torch.Tensor Minus(this TorchSharp.torch.Tensor left,
        TorchSharp.torch.Tensor right) => left.sub(right);

    public static TorchSharp.torch.Tensor Plus(this TorchSharp.torch.Tensor left, Scalar right) => left.add(right,
        KeptScalars.Int(1));

    public static TorchSharp.torch.Tensor Minus(this TorchSharp.torch.Tensor left, Scalar right) => left.sub(right);
}
