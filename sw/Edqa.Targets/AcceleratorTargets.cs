using Edqa.Bindings;

namespace Edqa.Targets;

/// <summary>The targets by name, as the command line knows them.</summary>
public static class AcceleratorTargets
{
    public const string Reference = "reference";
    public const string Simulation = "sim";
    public const string SimulationProcess = "sim-process";
    public const string Board = "board";

    public static IReadOnlyList<string> Names { get; } = [Reference, Simulation, SimulationProcess, Board];

    /// <param name="vcdPath">A waveform of the run (the simulation targets only).</param>
    /// <param name="configuration">The eDQA accelerator's units and lanes (the simulation targets only; default the
    /// paper's).</param>
    public static IAcceleratorTarget Create(string name, string? vcdPath = null,
        AcceleratorConfiguration? configuration = null, MemorySettings memory = default)
    {
        if (memory != default && name != Simulation)
        {
            throw new ArgumentException($"memory settings reach the in-process simulation only; target {name} has its "
                + "own (use --target sim)");
        }

        if (vcdPath is not null && name is not (Simulation or SimulationProcess))
        {
            throw new ArgumentException($"a waveform exists only in simulation; target {name} has none");
        }

        if (configuration is { IsPaper: false } && name is not (Simulation or SimulationProcess))
        {
            throw new ArgumentException(name == Board
                ? "the board runs its bitstream's units and lanes; leave --units and --lanes out"
                : $"target {name} is the golden model: it has no units or lanes (they change cycles, never a bit); use "
                    + $"--target sim or sim-process");
        }

        switch (name)
        {
            case Reference:
                return new ReferenceTarget();
            case Simulation:
                return new SimulationTarget(vcdPath: vcdPath, configuration: configuration, memory: memory);
            case SimulationProcess:
                return new SimulationProcessTarget(vcdPath: vcdPath, configuration: configuration);
            case Board:
                return new global::Edqa.Targets.Board.BoardTarget();
            default:
                throw new ArgumentException($"unknown target '{name}'; choose one of {string.Join(", ", Names)}");
        }
    }
}
