namespace Edqa.Core.Quantization;

/// <summary>
/// The scale of one scale group (a whole layer, or one channel across the batch), spec §2.2:
/// M = max |x| over the group, inv = float32(2^(N-1)) / M (one IEEE division), delta = M * 2^-(N-1) (exact); on the
/// unsigned grid inv = float32(2^N - 1) / M and delta = M / float32(2^N - 1), two IEEE divisions.
/// </summary>
/// <remarks>
/// The paper writes floor(max(A)); for max &lt; 1 that makes the step 0 and every value quantizes to 0, so the
/// spec uses M itself. A group with M below <see cref="SpecConstants.MinNonZeroMaximum"/> is flushed to the
/// all-zero group: M, inv and delta are all +0, and every code, error and reconstruction is 0.
/// </remarks>
public readonly record struct GroupScale
{
    private GroupScale(float max, float inv, float delta)
    {
        Max = max;
        Inv = inv;
        Delta = delta;
    }

    /// <summary>M, as stored in the container (0 for a flushed or all-zero group).</summary>
    public float Max { get; }

    /// <summary>inv = 2^(N-1) / M (unsigned: (2^N - 1) / M), the multiplier of direct channels (0 for the zero
    /// group).</summary>
    public float Inv { get; }

    /// <summary>delta = M * 2^-(N-1) (unsigned: M / (2^N - 1)), the step of direct channels (0 for the zero
    /// group).</summary>
    public float Delta { get; }

    /// <summary>True for the all-zero group (M = 0 after flushing).</summary>
    public bool IsZero => Max == 0f;

    /// <summary>
    /// Builds the scale of a group from its abs-max M. M must be finite and non-negative (an M from
    /// <see cref="IQuantizationKernel.AbsMax"/> always is; one read from a file must be checked).
    /// </summary>
    public static GroupScale FromMax(float max, int bits, QuantGrid grid = QuantGrid.Signed)
    {
        if (!float.IsFinite(max) || max < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "the group abs-max M must be finite and >= 0");
        }

        if (bits is < SpecConstants.MinBits or > SpecConstants.MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits,
                $"N must be in [{SpecConstants.MinBits}, {SpecConstants.MaxBits}]");
        }

        if (EffectiveMax(max) == 0f)
        {
            return default;
        }

        if (grid == QuantGrid.Unsigned)
        {
            float steps = (1 << bits) - 1;
            return new GroupScale(max, steps / max, max / steps);
        }

        float levels = 1 << (bits - 1);
        return new GroupScale(max, levels / max, max * (1f / levels));
    }

    /// <summary>The scale of a group of abs-max M in <paramref name="format"/>'s N and grid.</summary>
    public static GroupScale FromMax(float max, in QuantFormat format) => FromMax(max, format.Bits, format.Grid);

    /// <summary>
    /// The scale as the accelerator's registers hold it: inv and delta as given (spec §7), M derived as
    /// delta * 2^(N-1) (exact; on the unsigned grid delta * (2^N - 1), rounded: the accelerator never uses M). The
    /// checks are the accelerator's: each factor +0 or a positive normal float32, both zero or neither, and
    /// inv * 2^m and delta * 2^-m still normal. Throws <see cref="ArgumentException"/> naming the register.
    /// </summary>
    public static GroupScale FromFactors(float inv, float delta, in QuantFormat format)
    {
        static bool ZeroOrPositiveNormal(float value) =>
            value == 0f ? !float.IsNegative(value) : float.IsNormal(value) && value > 0f;
        if (!ZeroOrPositiveNormal(inv) || !ZeroOrPositiveNormal(delta))
        {
            throw new ArgumentException(
                $"inv = {inv:R}, delta = {delta:R}: each must be +0 or a positive normal float32 (spec §2.2)");
        }

        if ((inv == 0f) != (delta == 0f))
        {
            throw new ArgumentException(
                $"inv = {inv:R} and delta = {delta:R}: both are 0 (the zero group) or neither is");
        }

        if (inv == 0f)
        {
            return default;
        }

        if (!float.IsNormal(inv * (1 << format.ExtraBits)) || !float.IsNormal(delta * (1f / (1 << format.ExtraBits))))
        {
            throw new ArgumentException(
                $"inv * 2^m or delta * 2^-m leaves the normal float32 range (inv = {inv:R}, delta = {delta:R}); flush "
                + $"such a group (M < 2^-64) to zero (spec §2.2)");
        }

        return new GroupScale(delta * format.Levels, inv, delta);
    }

    /// <summary>The M a group stores: M itself, or 0 when it is below
    /// <see cref="SpecConstants.MinNonZeroMaximum"/>.</summary>
    public static float EffectiveMax(float max) => max < SpecConstants.MinNonZeroMaximum ? 0f : max;

    /// <summary>The multiplier applied to x: inv for a direct channel, inv * 2^m for an important one
    /// (exact).</summary>
    public float Multiplier(bool important, int extraBits) => important ? Inv * (1 << extraBits) : Inv;

    /// <summary>The reconstruction step: delta for a direct channel, delta * 2^-m for an important one
    /// (exact).</summary>
    public float Step(bool important, int extraBits) => important ? Delta * (1f / (1 << extraBits)) : Delta;
}
