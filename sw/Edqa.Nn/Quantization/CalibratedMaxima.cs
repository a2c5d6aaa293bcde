using Edqa.Core.Layer;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using static TorchSharp.torch;

namespace Edqa.Nn.Quantization;

/// <summary>
/// Static maxima: M of every point (per layer or per channel) as the largest |x| over a calibration set, measured
/// on the float32 network, then fixed for inference (values beyond M clip). The alternative to the paper's dynamic
/// per-batch M, whose results depend on the batch.
/// </summary>
public static class CalibratedMaxima
{
    public static float[][] Compute(QuantizableModel model, FashionMnist calibration, ScaleGranularity granularity,
        int batchSize = 128)
    {
        float[][] maxima = model.ActivationPoints.Select(p =>
            new float[granularity == ScaleGranularity.Layer ? 1 : p.Channels]).ToArray();
        ForEachActivation(model, calibration, batchSize, activation =>
        {
            float[] batchMax = EdqaTensorQuantizer.GroupMaxima(tensor(activation.Data, activation.Shape), granularity);
            float[] total = maxima[activation.Point.Index];
            for (int g = 0; g < total.Length; g++)
            {
                total[g] = MathF.Max(total[g], batchMax[g]);
            }
        });
        return maxima;
    }

    /// <summary>Runs the network (float32, or under <paramref name="quantizer"/>) over the calibration images (the
    /// first <paramref name="limit"/> of them) batch by batch and hands every point's activation to
    /// <paramref name="visit"/> (the calibrated maxima and minima, the codes' static codes).</summary>
    public static void ForEachActivation(QuantizableModel model, FashionMnist calibration, int batchSize,
        Action<CapturedActivation> visit, IActivationQuantizer? quantizer = null, int? limit = null)
    {
        using var noGrad = no_grad();
        int count = Math.Min(calibration.Count, limit ?? int.MaxValue);
        for (int start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            (Tensor images, _) = calibration.Batch(start, Math.Min(batchSize, count - start));
            (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(model, images, quantizer);
            foreach (CapturedActivation activation in captured)
            {
                visit(activation);
            }
        }
    }
}
