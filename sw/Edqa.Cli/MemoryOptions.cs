using System.CommandLine;
using System.Globalization;
using Edqa.Bindings;

namespace Edqa.Cli;

/// <summary>
/// The memory options of the commands that run the simulation for throughput (<c>edqa dse</c>, <c>edqa latency</c>):
/// the DDR controller's efficiency, the fabric clock and the AXI DMA's clock, which reach the simulated DMA
/// (<see cref="MemorySettings"/>).
/// </summary>
public sealed record MemoryOptions(Option<int> Efficiency, Option<int> Clock, Option<int?> Dma)
{
    public static MemoryOptions Create(int defaultClockMHz = (int)MemorySettings.DefaultClockMHz) => new(
        new Option<int>("--ddr-efficiency")
        {
            Description = "Share of the DDR's peak its controller delivers, % (UG585 §22.3.2: about 75 by design)",
            DefaultValueFactory = _ => (int)MemorySettings.DefaultEfficiencyPercent
        },
        new Option<int>("--clock-mhz")
        {
            Description = "Fabric clock, MHz: what a cycle gets of the DDR and the DMA, and the activations per second",
            DefaultValueFactory = _ => defaultClockMHz
        },
        new Option<int?>("--dma-mhz")
        {
            Description = "The AXI DMA's clock, MHz (default min(clock, 150): PG022 characterizes it to 150 MHz here)"
        });

    /// <summary>The settings the options name; a value out of range is a usage error that names it.</summary>
    public MemorySettings Read(ParseResult result, uint ddrMegabytesPerSecond)
    {
        int efficiency = result.GetValue(Efficiency);
        if (efficiency is < 1 or > 100)
        {
            throw new UsageException($"--ddr-efficiency {efficiency} is not a percentage in 1..100");
        }

        int clock = result.GetValue(Clock);
        if (clock is < 50 or > 300)
        {
            throw new UsageException($"--clock-mhz {clock} is outside 50..300 MHz");
        }

        int? dma = result.GetValue(Dma);
        if (dma is < 50 or > 300)
        {
            throw new UsageException($"--dma-mhz {dma} is outside 50..300 MHz");
        }

        return new MemorySettings(ddrMegabytesPerSecond, (uint)efficiency, (uint)clock, (uint)(dma ?? 0));
    }

    /// <summary>"DDR 2100 MB/s at 75%, fabric 150 MHz, DMA 150 MHz".</summary>
    public static string Describe(MemorySettings memory)
    {
        uint ddr = memory.DdrMegabytesPerSecond == 0
            ? MemorySettings.DefaultDdrMegabytesPerSecond
            : memory.DdrMegabytesPerSecond;
        uint efficiency = memory.EfficiencyPercent == 0
            ? MemorySettings.DefaultEfficiencyPercent
            : memory.EfficiencyPercent;
        return string.Create(CultureInfo.InvariantCulture,
            $"DDR {ddr} MB/s at {efficiency}%, fabric {memory.EffectiveClockMHz} MHz, "
            + $"DMA {memory.EffectiveDmaMHz} MHz");
    }
}
