namespace Edqa.Core.Analysis;

/// <summary>
/// How close a de-quantized tensor comes to its input: the largest absolute error, the mean squared error and the
/// signal-to-noise ratio 10 log10(sum x^2 / sum (x - x^)^2) in dB (infinite for an exact reconstruction). Sums in
/// double precision.
/// </summary>
public readonly record struct Reconstruction(double MaxAbsError, double MeanSquaredError, double SnrDecibels)
{
    public static Reconstruction Of(ReadOnlySpan<float> input, ReadOnlySpan<float> reconstructed)
    {
        if (input.Length != reconstructed.Length)
        {
            throw new ArgumentException($"{reconstructed.Length} reconstructed values for {input.Length} inputs");
        }

        double maxError = 0;
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < input.Length; i++)
        {
            double error = (double)input[i] - reconstructed[i];
            maxError = Math.Max(maxError, Math.Abs(error));
            signal += (double)input[i] * input[i];
            noise += error * error;
        }

        double snr = noise == 0 ? double.PositiveInfinity : signal == 0 ? double.NegativeInfinity
            : 10 * Math.Log10(signal / noise);
        return new Reconstruction(maxError, input.Length == 0 ? 0 : noise / input.Length, snr);
    }

    public override string ToString() =>
        FormattableString.Invariant(
            $"reconstruction: max |x - x^| = {MaxAbsError:G4}, MSE = {MeanSquaredError:G4}, SNR = {(
                double.IsPositiveInfinity(SnrDecibels)
                    ? "inf"
                    : SnrDecibels.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))} dB");
}
