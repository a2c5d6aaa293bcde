namespace Edqa.Bindings;

/// <summary>
/// One row of the accelerators' schedule (hw/edqa_schedule.h, read through the C ABI): a loop's label in hw/ (the
/// name Vivado HLS reports it under), its initiation interval and pipeline depth in cycles at 200 MHz, its trip
/// count and the reason for both numbers.
/// </summary>
public sealed record ScheduledLoop(string Label, int Ii, int Depth, string Trip, string Reason);
