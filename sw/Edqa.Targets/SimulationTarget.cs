using System.Diagnostics;
using System.Runtime.InteropServices;
using Edqa.Bindings;
using Edqa.Bindings.Native;
using Edqa.Core.Jobs;

namespace Edqa.Targets;

/// <summary>
/// The cycle-level SystemC accelerator in this process, through the generated bindings. Jobs go to the library as a
/// job stream and come back as a result stream, run exactly as the runner process and the board runner run them
/// (sim/jobs/job_runner.cpp): an eDQA job as one layer, a refused or failed record as its status and message.
/// </summary>
public sealed class SimulationTarget : IAcceleratorTarget
{
    private readonly Simulator _simulator;

    /// <param name="timeoutCycles">Cycle budget per operation (0: the library's default).</param>
    /// <param name="vcdPath">Write a VCD waveform of everything this process simulates (the first simulator
    /// only).</param>
    /// <param name="configuration">The eDQA accelerator's units and lanes (default the paper's).</param>
    /// <param name="memory">The DDR and clocks the DMA model sees (default: 2100 MB/s at 75%, 150 MHz).</param>
    public SimulationTarget(ulong timeoutCycles = 0, string? vcdPath = null,
        AcceleratorConfiguration? configuration = null, MemorySettings memory = default)
    {
        Configuration = configuration ?? AcceleratorConfiguration.Paper;
        Memory = memory;
        _simulator = Simulator.Open(
            timeoutCycles, vcdPath, (uint)Configuration.Units, (uint)Configuration.Lanes, memory);
    }

    /// <summary>The memory the simulated DMA sees.</summary>
    public MemorySettings Memory { get; }

    public AcceleratorConfiguration Configuration { get; }

    public string Name => AcceleratorTargets.Simulation;

    public int MaxRecordLength => Simulator.MaxLength;

    public bool CountsCycles => true;

    /// <summary>The model underneath.</summary>
    public Simulator Simulator => _simulator;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs) => RunThrough(_simulator, jobs, Name);

    public void Dispose() => _simulator.Dispose();

    /// <summary>Jobs through the C ABI's job runner (libedqa_sim, or libedqa_board on a board).</summary>
    internal static IReadOnlyList<JobResult> RunThrough(Simulator simulator, IReadOnlyList<AcceleratorJob> jobs,
        string name)
    {
        IReadOnlyList<JobResult> results = ResultStream.Parse(simulator.RunJobs(JobStream.ToBytes(jobs)));
        ResultStream.RequireAnswers(jobs, results, $"the {name} target");
        return results;
    }
}
