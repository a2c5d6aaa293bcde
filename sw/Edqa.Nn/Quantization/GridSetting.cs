using Edqa.Core.Quantization;
using Edqa.Nn.Data;
using Edqa.Nn.Models;

namespace Edqa.Nn.Quantization;

/// <summary>What <c>--grid auto</c> judges in the network (spec §2.1): the architecture (the point follows a ReLU
/// or ReLU6) or the calibration images (the point's minimum over them is &gt;= 0); never the evaluated batch.</summary>
public enum GridSource
{
    Architecture,
    Calibration,
}

/// <summary>The grid a network run quantizes its points on: fixed, or auto judged by <see cref="Source"/>. Result
/// files record its <see cref="Label"/>.</summary>
public sealed record GridSetting(GridChoice Choice, GridSource Source = GridSource.Architecture)
{
    public static GridSetting Signed { get; } = new(GridChoice.Signed);

    /// <summary>Whether the setting needs the calibration images (auto judged by them).</summary>
    public bool NeedsCalibration => Choice == GridChoice.Auto && Source == GridSource.Calibration;

    /// <summary>"signed", "unsigned", "auto (architecture)" or "auto (calibration)".</summary>
    public string Label => Choice == GridChoice.Auto
        ? $"auto ({Source.ToString().ToLowerInvariant()})"
        : Choice.ToString().ToLowerInvariant();

    /// <summary>Per point, whether its calibration activations went below 0 (auto from calibration), else null (the
    /// architecture's <see cref="ActivationPoint.Signed"/> decides, or the grid is fixed).</summary>
    public bool[]? NegativeOnCalibration(QuantizableModel model, FashionMnist? calibration) =>
        !NeedsCalibration ? null
        : CalibratedMinima.Negative(model,
            calibration ?? throw new ArgumentException("--grid auto from calibration needs calibration images"));

    /// <summary>The grid of every point (<paramref name="negative"/> from <see cref="NegativeOnCalibration"/>).
    /// </summary>
    public QuantGrid[] Grids(QuantizableModel model, bool[]? negative) =>
        EdqaTensorQuantizer.PointFormats(model.ActivationPoints, new QuantFormat(2, 1), Choice, negative)
            .Select(f => f.Grid).ToArray();

    public override string ToString() => Label;
}

/// <summary>Per point, whether any float32 activation over a calibration set is below 0 (the calibrated rule of
/// spec §2.1, per quantization point).</summary>
public static class CalibratedMinima
{
    public static bool[] Negative(QuantizableModel model, FashionMnist calibration, int batchSize = 128)
    {
        var negative = new bool[model.ActivationPoints.Count];
        // NaN counts as below 0: only values known to be >= 0 make a point unsigned.
        CalibratedMaxima.ForEachActivation(model, calibration, batchSize, activation =>
            negative[activation.Point.Index] |=
                activation.Data.AsSpan().IndexOfAnyExceptInRange(0f, float.PositiveInfinity) >= 0);
        return negative;
    }
}
