using Edqa.Core.Huffman;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Nn.Data;
using Edqa.Nn.Experiments;
using Edqa.Nn.Models;

namespace Edqa.Nn.Quantization;

/// <summary>The codes' static codes of a network's points (spec §3.8: code coding static), computed offline from
/// calibration images as each point receives them under the network's own quantization, never from the images whose
/// codes are then stored.</summary>
public static class CodeCalibration
{
    /// <summary>Calibration images a codes' static code is computed from (at most the calibration set's).</summary>
    public const int Images = 512;

    /// <summary>One codes' static code per point: the symbols of all its records' codes (direct and important) over
    /// the first <see cref="Images"/> images of <paramref name="calibration"/>, then §3.8's code.</summary>
    public static CanonicalCode[] StaticCodes(QuantizableModel model, FashionMnist calibration,
        IActivationQuantizer? quantizer, QuantFormat[] formats, ChannelMode[][] modes, ScaleGranularity scales)
    {
        long[][] histograms = formats.Select(f => new long[CodeSymbols.AlphabetSize(f.Bits)]).ToArray();
        CalibratedMaxima.ForEachActivation(model, calibration, Training.Evaluation.BatchSize, activation =>
        {
            int p = activation.Point.Index;
            LayerQuantizer.CodeCalibrationHistogram(activation.Data, TensorLayout.Create(activation.Shape, 1),
                formats[p], scales, Methods.ImportantMask(modes[p]), histograms[p]);
        }, quantizer, Images);
        return histograms.Select(histogram => StaticCode.ForCodes(histogram)).ToArray();
    }
}
