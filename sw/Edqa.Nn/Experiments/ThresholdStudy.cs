using Edqa.Core.Calibration;
using Edqa.Nn.Quantization;
using static TorchSharp.torch;

namespace Edqa.Nn.Experiments;

/// <summary>One candidate threshold of DQSS (spec §9) at one point, bit width and run: the threshold, the point's
/// max |x|, and the quantization error it gives on the calibration activations the finders saw.</summary>
public sealed record ThresholdRow(string Point, ThresholdFinder Finder, int Bits, int Run, float Max, float Threshold,
    double CalibrationMse);

/// <summary>The diagnostic behind the Table 2 rows of the candidates alone: per point, finder and N, where the
/// threshold lands and what error it leaves (<c>edqa thresholds</c>).</summary>
public sealed record ThresholdStudyResults(string Model, string Checkpoint, int Runs, int CalibrationImages,
    ThresholdRow[] Rows, double Seconds,
    ResultProvenance? Provenance = null);

public static class ThresholdStudy
{
    /// <summary>The candidates' thresholds of every run at every N, on the same calibration activations DQSS uses
    /// (the first <see cref="DqssCandidates.Images"/> images of each run's calibration subset).</summary>
    public static ThresholdStudyResults Run(ExperimentSetup setup, int[] bits, Action<double>? progress = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rows = new List<ThresholdRow>();
        int images = 0;
        for (int run = 0; run < setup.Runs; run++)
        {
            var calibration = setup.Calibration(run);
            images = Math.Min(DqssCandidates.Images, calibration.Count);
            IReadOnlyList<CapturedActivation> activations;
            using (no_grad())
            {
                (Tensor batch, _) = calibration.Batch(0, images);
                (Tensor logits, activations) = CapturingQuantizer.Run(setup.Model, batch, null);
                logits.Dispose();
                batch.Dispose();
            }

            foreach (CapturedActivation activation in activations)
            {
                float max = ThresholdFinders.MaxAbs(activation.Data);
                foreach (int b in bits)
                {
                    foreach (ThresholdFinder finder in DqssCandidates.Finders)
                    {
                        float threshold = ThresholdFinders.Find(finder, activation.Data, b);
                        rows.Add(new ThresholdRow(activation.Point.Name, finder, b, run + 1, max, threshold,
                            ThresholdQuantizer.MeanSquaredError(activation.Data, threshold, b)));
                    }

                    progress?.Invoke(1);
                }
            }
        }

        return new ThresholdStudyResults(setup.Model.Architecture, Path.GetFileName(setup.Checkpoint), setup.Runs,
            images, rows.ToArray(), watch.Elapsed.TotalSeconds, setup.Provenance);
    }
}
