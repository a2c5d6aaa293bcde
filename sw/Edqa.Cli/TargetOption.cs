using System.CommandLine;
using Edqa.Bindings;
using Edqa.Targets;

namespace Edqa.Cli;

/// <summary>The <c>--target</c> option: where quantization runs.</summary>
public static class TargetOption
{
    public static Option<string> Create() => new("--target", "-t")
    {
        Description = $"Where to run: {string.Join(", ", AcceleratorTargets.Names)} (the golden model, the SystemC model in-process or as a child process, or the accelerator of the board this runs on)",
        DefaultValueFactory = _ => AcceleratorTargets.Reference,
    };

    /// <summary>The <c>--vcd</c> option: a waveform of what the simulation targets run.</summary>
    public static Option<string?> Waveform() => new("--vcd") { Description = "Write a VCD waveform of the accelerator's run (--target sim or sim-process)" };

    /// <summary>The <c>--save-jobs</c> option: the accelerator jobs of the run, for `edqa-sim run` (no .NET needed).</summary>
    public static Option<string?> SaveJobs() => new("--save-jobs") { Description = "Also write the run's accelerator jobs as a job stream, to re-run with `edqa-sim run JOBS RESULTS`" };

    /// <summary>Opens a target; a missing native library or runner is an environment problem with a clear fix.</summary>
    public static IAcceleratorTarget Open(string name, string? vcdPath = null)
    {
        if (!AcceleratorTargets.Names.Contains(name))
        {
            throw new UsageException($"--target: '{name}' is not one of {string.Join(", ", AcceleratorTargets.Names)}");
        }

        if (vcdPath is not null && name is not (AcceleratorTargets.Simulation or AcceleratorTargets.SimulationProcess))
        {
            throw new UsageException($"--vcd: target {name} has no waveform; use --target sim or sim-process");
        }

        try
        {
            return AcceleratorTargets.Create(name, vcdPath);
        }
        catch (Exception e) when (e is DllNotFoundException or FileNotFoundException or SimulatorException or InvalidOperationException)
        {
            string fix = name == AcceleratorTargets.Board ? "Run on the board, as root, with libedqa_board.so beside edqa" : "Build the SystemC model with `make build`";
            throw new EnvironmentException($"target {name} is not available: {e.Message}. {fix}.");
        }
    }
}

/// <summary>Something the machine lacks (a native library, the runner): exit 4 with the fix in the message.</summary>
public sealed class EnvironmentException(string message) : Exception(message);
