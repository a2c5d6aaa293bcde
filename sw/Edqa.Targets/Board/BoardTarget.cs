using Edqa.Bindings;
using Edqa.Core.Jobs;

namespace Edqa.Targets.Board;

/// <summary>
/// The accelerator on the PYNQ-Z1, in this process on the board: libedqa_board.so implements the same C ABI as the
/// simulation library (the driver against /dev/mem), so jobs run through the same job runner. The bitstream fixes
/// the units and lanes; the host over SSH uses <see cref="SshBoardTarget"/> instead.
/// </summary>
public sealed class BoardTarget : IAcceleratorTarget
{
    public const string Library = "libedqa_board.so";

    private readonly Simulator _board;

    /// <param name="timeoutCycles">Cycle budget per operation (0: the library's default).</param>
    public BoardTarget(ulong timeoutCycles = 0)
    {
        NativeLibraryResolver.UseLibrary(Library);
        _board = Simulator.Open(timeoutCycles, null, 0, 0);
    }

    public string Name => AcceleratorTargets.Board;

    public int MaxRecordLength => Simulator.MaxLength;

    public bool CountsCycles => true;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs) =>
        SimulationTarget.RunThrough(_board, jobs, Name);

    public void Dispose() => _board.Dispose();
}
