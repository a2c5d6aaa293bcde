using Edqa.Nn.Data;
using Edqa.Nn.Models;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>NoisyQuant's calibrated parameters of one activation point: the quantization step (clip / (2^(b-1) - 1))
/// and the fixed noisy bias, one value per channel.</summary>
public sealed record NoisyQuantPoint(float Clip, float Step, float[] Noise, double NoiseAmplitude);

/// <summary>
/// NoisyQuant (Liu et al., CVPR 2023) as its paper describes it: a fixed noisy bias N ~ U(-a Δ, a Δ), one value per
/// channel, is added before a symmetric uniform quantizer and subtracted after de-quantization, before the next
/// layer: x^ = Δ clamp(rne((x + N) / Δ), -2^(b-1), 2^(b-1) - 1) - N. The clip (hence Δ) and the amplitude a are
/// searched offline on calibration images, point by point in forward order (earlier points already quantized),
/// minimizing the error of the next segment's output; nothing is searched on test batches.
/// </summary>
public sealed class NoisyQuantQuantizer(int bits, IReadOnlyList<NoisyQuantPoint> points) : IActivationQuantizer
{
    /// <summary>Clip candidates absmax * k / ClipSteps, k = 1..ClipSteps.</summary>
    public const int ClipSteps = 20;

    /// <summary>Amplitude candidates a = 0, 0.1, ..., 1.0 (in steps Δ).</summary>
    public const int NoiseSteps = 10;

    public IReadOnlyList<NoisyQuantPoint> Points => points;

    public Tensor Apply(Tensor activation, ActivationPoint point) => Quantize(activation, points[point.Index], bits);

    public static Tensor Quantize(Tensor x, NoisyQuantPoint point, int bits)
    {
        using var scope = NewDisposeScope();
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        shape[1] = x.shape[1];
        Tensor noise = tensor(point.Noise).reshape(shape);
        int levels = 1 << (bits - 1);
        Tensor q = x.Plus(noise).div(KeptScalars.Float(point.Step)).round()
            .clamp(KeptScalars.Int(-levels), KeptScalars.Int(levels - 1));
        return q.mul(KeptScalars.Float(point.Step)).Minus(noise).MoveToOuterDisposeScope();
    }

    /// <summary>Searches clip and noise amplitude for every point on <paramref name="calibration"/> images.</summary>
    public static NoisyQuantQuantizer Calibrate(QuantizableModel model, FashionMnist calibration, int bits, int seed,
        int images = 512)
    {
        var random = new Random(seed);
        var calibrated = new List<NoisyQuantPoint>();
        using var noGrad = no_grad();
        (Tensor input, _) = calibration.Batch(0, Math.Min(images, calibration.Count));
        foreach (ActivationPoint point in model.ActivationPoints)
        {
            using var scope = NewDisposeScope();
            Tensor activation;
            using (new QuantizationHooks(model, new NoisyQuantQuantizer(bits, calibrated)))
            {
                // Only the points already calibrated have parameters; ForwardTo stops at this one, whose hook
                // would find none, so run the prefix with hooks and this point's segment without.
                activation = point.Index == 0 ? input : model.ForwardTo(point.Index - 1, input);
            }

            Tensor output = point.Module.call(activation);
            activation = point.Activation(output);
            Tensor reference = model.Downstream(point.Index, output);
            float absMax = activation.abs().max().item<float>();
            int levels = (1 << (bits - 1)) - 1;
            float[] unitNoise =
                Enumerable.Range(0, point.Channels).Select(_ => (float)((2 * random.NextDouble()) - 1)).ToArray();
            if (absMax == 0f)
            {
                calibrated.Add(new NoisyQuantPoint(0f, 1f, new float[point.Channels], 0));
                continue;
            }

            double Error(NoisyQuantPoint candidate)
            {
                using var inner = NewDisposeScope();
                return model.Downstream(point.Index,
                    point.WithActivation(output, Quantize(activation, candidate, bits))).Minus(reference).square()
                    .mean().item<float>();
            }

            NoisyQuantPoint best = Enumerable.Range(1, ClipSteps)
                .Select(k => absMax * k / ClipSteps)
                .Select(clip => new NoisyQuantPoint(clip, clip / levels, new float[point.Channels], 0))
                .MinBy(Error)!;
            best = Enumerable.Range(0, NoiseSteps + 1)
                .Select(k => k / (double)NoiseSteps)
                .Select(a =>
                    best with { Noise = unitNoise.Select(u => (float)(u * a * best.Step)).ToArray(),
                            NoiseAmplitude = a })
                .MinBy(Error)!;
            calibrated.Add(best);
        }

        return new NoisyQuantQuantizer(bits, calibrated);
    }
}
