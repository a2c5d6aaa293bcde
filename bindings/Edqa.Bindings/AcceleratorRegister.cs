namespace Edqa.Bindings;

/// <summary>
/// One register of an accelerator (a row of hw/edqa_registers.h, read through the C ABI): its name (the board
/// map's EDQA_BOARD_REG_&lt;Name&gt;), the SystemC port Vivado HLS names it after, its logical offset from the
/// accelerator's ctrl base, its width, who writes it, and its AXI-Lite bundle.
/// </summary>
public sealed record AcceleratorRegister(
    string Name, string Port, uint Offset, int Width, bool HostWrites, string Bundle, string Description)
{
    public const string ControlBundle = "ctrl";
    public const string CountersBundle = "counters";
}
