using Edqa.Bindings;
using Edqa.Core.Channel;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Targets.Tests;

/// <summary>
/// The design-space exploration's memory settings reach the simulated DMA, not only the bound column: a slower DDR
/// or a faster fabric clock (the DMA held at 150 MHz) lowers the simulated activations per cycle, which never beat
/// the memory bound; activations per second are activations per cycle at the stated clock.
/// </summary>
[Collection(SystemCCollection.Name)]
public sealed class DesignSpaceTests
{
    private static DesignSpace.Layer SmallLayer()
    {
        var random = new Random(5);
        float[] data = Enumerable.Range(0, 16 * 14 * 14)
            .Select(_ => random.Next(2) == 0 ? 0f : (float)-Math.Log(1 - random.NextDouble())).ToArray();
        return new DesignSpace.Layer("small", data, TensorLayout.Create([1, 16, 14, 14], 1));
    }

    private static DesignSpace.Point FourByTwo(MemorySettings memory) =>
        DesignSpace.Explore([SmallLayer()], [RecordCoding.Static], new QuantFormat(3, 3), 0.4, memory, [])
            .Single(p => p.Configuration.Units == 4 && p.Configuration.Lanes == 2);

    [Fact]
    public void The_ddr_and_the_clock_reach_the_simulation_and_the_bound_holds()
    {
        DesignSpace.Point wide = FourByTwo(new MemorySettings(2100, 75, 150));
        DesignSpace.Point narrow = FourByTwo(new MemorySettings(800, 75, 150));
        Assert.True(narrow.Quantize < wide.Quantize, $"800 MB/s: {narrow.Quantize}, 2100 MB/s: {wide.Quantize}");
        // The credit holds at most one 64-byte burst, so a short layer can beat the steady bound by a little.
        Assert.True(narrow.Quantize <= narrow.QuantizeDdrBound * 1.05,
            $"{narrow.Quantize} activations per cycle beside a bound of {narrow.QuantizeDdrBound}");
        Assert.True(narrow.Dequantize <= narrow.DequantizeDdrBound * 1.05,
            $"{narrow.Dequantize} activations per cycle beside a bound of {narrow.DequantizeDdrBound}");

        DesignSpace.Point fast = FourByTwo(new MemorySettings(2100, 75, 200));
        Assert.True(fast.Quantize < wide.Quantize, $"200 MHz: {fast.Quantize}, 150 MHz: {wide.Quantize}");
        Assert.Equal(200, fast.ClockMHz);
        Assert.Equal(fast.Quantize * 200e6, fast.QuantizePerSecond, 6);
    }

    /// <summary>Code coding static through the sweep (issue 24 §2): the layer's records shrink (fewer bits per
    /// activation than packed codes) and the accelerator still takes them both ways, at its measured rate.</summary>
    [Fact]
    public void Code_coding_static_shrinks_the_records_the_sweep_runs()
    {
        var memory = new MemorySettings(2100, 75, 150);
        DesignSpace.Point Of(CodeCoding codeCoding) =>
            DesignSpace.Explore([SmallLayer()], [RecordCoding.Static], new QuantFormat(3, 3), 0.4, memory, [],
                codeCoding).Single(p => p.Configuration.Units == 1 && p.Configuration.Lanes == 1);
        DesignSpace.Point packed = Of(CodeCoding.Packed), coded = Of(CodeCoding.Static);
        Assert.True(coded.BitsPerActivation < packed.BitsPerActivation,
            $"coded {coded.BitsPerActivation} bits per activation, packed {packed.BitsPerActivation}");
        Assert.True(coded.Quantize > 0 && coded.Dequantize > 0, $"{coded.Quantize} / {coded.Dequantize}");
    }
}
