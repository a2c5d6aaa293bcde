using System.Globalization;

namespace Edqa.Targets;

/// <summary>
/// The eDQA accelerator's compile-time configuration (EdqaAcceleratorT in hw/accelerator.sc.h): parallel channel
/// units behind one stream, and 32-bit words per stream beat (1: a 32-bit AXI-Stream, 2: the 64-bit width of the
/// Zynq's HP ports). The simulation elaborates every pair of <see cref="Units"/> in {1, 2, 4} and
/// <see cref="Lanes"/> in {1, 2}; a board runs its bitstream's.
/// </summary>
public readonly record struct AcceleratorConfiguration(int Units, int Lanes)
{
    public static readonly int[] UnitChoices = [1, 2, 4];
    public static readonly int[] LaneChoices = [1, 2];

    /// <summary>The paper's: one unit, a 32-bit stream.</summary>
    public static AcceleratorConfiguration Paper { get; } = new(1, 1);

    /// <summary>Every configuration the simulation elaborates, the paper's first.</summary>
    public static IReadOnlyList<AcceleratorConfiguration> All { get; } =
        [.. LaneChoices.SelectMany(lanes => UnitChoices.Select(units => new AcceleratorConfiguration(units, lanes)))];

    public bool IsPaper => this == Paper;

    /// <summary>A checked configuration; the message names the option and its choices.</summary>
    public static AcceleratorConfiguration Create(int units, int lanes)
    {
        if (!UnitChoices.Contains(units))
        {
            throw new ArgumentException($"--units {units}: the accelerator has 1, 2 or 4 units");
        }

        return LaneChoices.Contains(lanes)
            ? new AcceleratorConfiguration(units, lanes)
            : throw new ArgumentException($"--lanes {lanes}: a stream beat carries 1 or 2 words");
    }

    /// <summary>"2x2": units x lanes.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Units}x{Lanes}");
}
