using CsCheck;
using Edqa.Core.Jobs;
using Edqa.Core.Baselines;
using Edqa.Core.Quantization;
using Edqa.Core.Tests;

namespace Edqa.Targets.Tests;

/// <summary>The NoisyQuant baseline accelerator computes exactly its C# reference (docs/spec.md §8), and costs what
/// the design says: 21 matrix products of S^3 multiply-accumulates, one every float-add latency, dominate.</summary>
[Collection(SystemCCollection.Name)]
public sealed class NoisyQuantTests
{
    [Fact]
    public void The_accelerator_equals_the_reference_bit_for_bit()
    {
        using var simulation = new SimulationTarget();
        Gen.Select(Gen.Int[1, 16], Gen.Int[2, 8], Gen.Enum<ChannelKind>(), Gen.Int).Sample((side, bits, kind, seed) =>
        {
            float[] values = ChannelCases.Make(kind, new QuantFormat(bits, 1), side * side, seed);
            NoisyQuantRecord expected = NoisyQuantChannel.Quantize(values, side, bits);
            (NoisyQuantRecord actual, _) = simulation.NoisyQuantQuantize(values, side, bits);
            Assert.Equal(expected.Codes, actual.Codes);
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected.Step), BitConverter.SingleToUInt32Bits(actual.Step));
            Assert.Equal((expected.ClipIndex, expected.NoiseIndex), (actual.ClipIndex, actual.NoiseIndex));
            (float[] decoded, _) = simulation.NoisyQuantDequantize(expected, side, bits);
            BitAssert.Identical(NoisyQuantChannel.Dequantize(expected, side, bits), decoded);
        }, iter: 120, threads: 1);
    }

    [Fact]
    public void Cycles_grow_with_the_cube_of_the_side()
    {
        using var simulation = new SimulationTarget();
        var random = new Random(2);
        foreach (int side in new[] { 7, 14, 28 })
        {
            float[] values = Enumerable.Range(0, side * side).Select(_ => (float)random.NextDouble()).ToArray();
            (_, CycleCounts cycles) = simulation.NoisyQuantQuantize(values, side, 3);
            // The reference product and 20 candidates: a multiply-accumulate every float-add latency (5 cycles,
            // the spec's sequential sums), plus a few per element (the schedule's exact count is the C++ test's).
            long macs = 21L * side * side * side;
            Assert.InRange((long)cycles.Total, 5 * macs, (5 * macs) + (400L * side * side) + 2000);
        }
    }

    [Fact]
    public void The_reference_handles_the_zero_channel_and_validates_its_input()
    {
        NoisyQuantRecord zero = NoisyQuantChannel.Quantize(new float[9], 3, 3);
        Assert.Equal((0f, 0, 0), (zero.Step, zero.ClipIndex, zero.NoiseIndex));
        Assert.All(NoisyQuantChannel.Dequantize(zero, 3, 3), v => Assert.Equal(0, BitConverter.SingleToInt32Bits(v)));
        Assert.All(NoisyQuantChannel.UnitNoise(64), u => Assert.InRange(u, -1f, 1f - float.Epsilon));
        Assert.Throws<ArgumentException>(() => NoisyQuantChannel.Quantize(new float[10], 3, 3));
        Assert.Throws<ArgumentException>(() => NoisyQuantChannel.Quantize(new float[65 * 65], 65, 3));
        NoisyQuantRecord record = NoisyQuantChannel.Quantize([0.5f, -1f, 0.25f, 2f], 2, 3);
        Assert.Equal(record.Codes, NoisyQuantChannel.FromWords(NoisyQuantChannel.ToWords(record, 3), 4, 3).Codes);
        Assert.Throws<Core.EdqaFormatException>(() => NoisyQuantChannel.FromWords([1u, 2u], 4, 3));
    }
}
