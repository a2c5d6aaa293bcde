namespace Edqa.Targets;

/// <summary>The targets by name, as the command line knows them.</summary>
public static class AcceleratorTargets
{
    public const string Reference = "reference";
    public const string Simulation = "sim";
    public const string SimulationProcess = "sim-process";

    public static IReadOnlyList<string> Names { get; } = [Reference, Simulation, SimulationProcess];

    public static IAcceleratorTarget Create(string name) => name switch
    {
        Reference => new ReferenceTarget(),
        Simulation => new SimulationTarget(),
        SimulationProcess => new SimulationProcessTarget(),
        _ => throw new ArgumentException($"unknown target '{name}'; choose one of {string.Join(", ", Names)}"),
    };
}
