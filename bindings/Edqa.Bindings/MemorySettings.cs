namespace Edqa.Bindings;

/// <summary>
/// What a cycle of the simulated accelerator gets from memory (edqa_sim_options; sim/systemc/dma_model.h): the DDR's
/// peak MB/s and the share its controller delivers, the fabric clock and the AXI DMA's clock. Zero selects each
/// default: 2100 MB/s (the PYNQ-Z1's DDR3), 75% (UG585 §22.3.2), 150 MHz, and min(clock, 150 MHz) for the DMA (the
/// DataMover's characterized limit on this fabric, PG022). A board's DMA loopback measurement of M MB/s each way
/// replaces the first two: <c>DdrMegabytesPerSecond = 2M, EfficiencyPercent = 100</c> (hw/hls/README.md).
/// </summary>
public readonly record struct MemorySettings(
    uint DdrMegabytesPerSecond = 0, uint EfficiencyPercent = 0, uint ClockMHz = 0, uint DmaMHz = 0)
{
    public const uint DefaultDdrMegabytesPerSecond = 2100;
    public const uint DefaultEfficiencyPercent = 75;
    public const uint DefaultClockMHz = 150;
    public const uint DmaCharacterizedMHz = 150;

    /// <summary>The fabric clock these settings select.</summary>
    public uint EffectiveClockMHz => ClockMHz == 0 ? DefaultClockMHz : ClockMHz;

    /// <summary>The DMA's clock these settings select.</summary>
    public uint EffectiveDmaMHz => DmaMHz != 0 ? DmaMHz : Math.Min(EffectiveClockMHz, DmaCharacterizedMHz);

    /// <summary>DDR bytes per accelerator cycle, both directions together.</summary>
    public double DdrBytesPerCycle =>
        (DdrMegabytesPerSecond == 0 ? DefaultDdrMegabytesPerSecond : DdrMegabytesPerSecond)
        * (EfficiencyPercent == 0 ? DefaultEfficiencyPercent : EfficiencyPercent) / 100.0 / EffectiveClockMHz;

    /// <summary>Stream beats each DMA direction moves per accelerator cycle (at most one).</summary>
    public double DmaBeatsPerCycle => Math.Min(1.0, (double)EffectiveDmaMHz / EffectiveClockMHz);
}
