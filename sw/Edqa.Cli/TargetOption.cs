using System.CommandLine;
using Edqa.Bindings;
using Edqa.Core.Io;
using Edqa.Core.Jobs;
using Edqa.Targets;

namespace Edqa.Cli;

/// <summary>The <c>--target</c> option: where quantization runs.</summary>
public static class TargetOption
{
    public static Option<string> Create(string defaultTarget = AcceleratorTargets.Reference) => new("--target", "-t")
    {
        Description = $"Where to run: {string.Join(", ", AcceleratorTargets.Names)} (the golden model, the SystemC "
            + $"model in-process or as a child process, or the accelerator of the board this runs on)",
        DefaultValueFactory = _ => defaultTarget,
    };

    /// <summary>The <c>--vcd</c> option: a waveform of what the simulation targets run.</summary>
    public static Option<string?> Waveform() => new("--vcd")
    {
        Description = "Write a VCD waveform of the accelerator's run (--target sim or sim-process)"
    };

    /// <summary>The <c>--save-jobs</c> option: the accelerator jobs of the run, for `edqa-sim run` (no .NET
    /// needed).</summary>
    public static Option<string?> SaveJobs() => new("--save-jobs")
    {
        Description =
            "Also write the run's accelerator jobs as a job stream, to re-run with `edqa-sim run JOBS RESULTS`"
    };

    /// <summary>Writes <c>--save-jobs</c>' job stream, before the run, so a run that fails can still be re-run by
    /// hand. A zero-size layer has no record and a job stream holds 1 to 2^24 records a job (docs/spec.md §11):
    /// there is no job to save, which is bad input, said before anything is written.</summary>
    public static void WriteSavedJobs(string jobsPath, params AcceleratorJob[] jobs)
    {
        if (jobs.Length == 0 || jobs.Any(job => job.Records.Count == 0))
        {
            throw new InputException(
                "--save-jobs: the layer has no records (a zero-size array) and a job stream holds 1 to 2^24 records "
                + "a job: there is no job to save");
        }

        JobStream.Write(CommandLineHost.OutputPath(jobsPath, "--save-jobs"), jobs);
    }

    /// <summary>The <c>--units</c> option: the eDQA accelerator's parallel channel units (simulation
    /// targets).</summary>
    public static Option<int> Units() => new("--units")
    {
        Description = "Parallel channel units of the eDQA accelerator: 1, 2 or 4 (--target sim or sim-process)",
        DefaultValueFactory = _ => 1
    };

    /// <summary>The <c>--lanes</c> option: 32-bit words per stream beat (simulation targets).</summary>
    public static Option<int> Lanes() => new("--lanes")
    {
        Description = "Words per stream beat of the eDQA accelerator: 1 (32-bit AXI-Stream) or 2 (64-bit) (--target "
            + "sim or sim-process)",
        DefaultValueFactory = _ => 1
    };

    /// <summary>A target's name, with its units x lanes when it is a simulation of another than the paper's.</summary>
    public static string Label(IAcceleratorTarget target) => target switch
    {
        SimulationTarget { Configuration.IsPaper: false } simulation =>
            $"{simulation.Name} ({simulation.Configuration})",
        SimulationProcessTarget { Configuration.IsPaper: false } process => $"{process.Name} ({process.Configuration})",
        _ => target.Name,
    };

    /// <summary>The configuration --units and --lanes give.</summary>
    public static AcceleratorConfiguration Configuration(ParseResult result, Option<int> units, Option<int> lanes) =>
        CommandLineHost.CheckUsage(() =>
            AcceleratorConfiguration.Create(result.GetValue(units), result.GetValue(lanes)));

    /// <summary>Opens a target; a missing native library or runner is an environment problem with a clear
    /// fix.</summary>
    public static IAcceleratorTarget Open(string name, string? vcdPath = null,
        AcceleratorConfiguration? configuration = null, MemorySettings memory = default)
    {
        if (!AcceleratorTargets.Names.Contains(name))
        {
            throw new UsageException($"--target: '{name}' is not one of {string.Join(", ", AcceleratorTargets.Names)}");
        }

        if (vcdPath is not null)
        {
            // A waveform that cannot be written is bad output (exit 3) on every target, said before any work.
            // SystemC writes NAME.vcd for a NAME without that ending.
            bool named = vcdPath.EndsWith(".vcd", StringComparison.Ordinal);
            if (!named && Directory.Exists(vcdPath))
            {
                throw new InputException(
                    $"--vcd {vcdPath}: is a directory; SystemC writes a waveform to NAME.vcd: give a file name ending "
                    + "in .vcd");
            }

            string file = named ? vcdPath : vcdPath + ".vcd";
            try
            {
                OutputFile.CheckWritable(CommandLineHost.OutputPath(file, "--vcd"));
            }
            catch (IOException e)
            {
                throw new InputException($"--vcd {e.Message}");
            }
        }

        if (vcdPath is not null && name is not (AcceleratorTargets.Simulation or AcceleratorTargets.SimulationProcess))
        {
            throw new UsageException($"--vcd: target {name} has no waveform; use --target sim or sim-process");
        }

        if (configuration is { IsPaper: false }
            && name is not (AcceleratorTargets.Simulation or AcceleratorTargets.SimulationProcess))
        {
            throw new UsageException(
                $"--units/--lanes: target {name} has no such choice; use --target sim or sim-process");
        }

        try
        {
            return AcceleratorTargets.Create(name, vcdPath, configuration, memory);
        }
        catch (Exception e)
            when (e is DllNotFoundException or FileNotFoundException or SimulatorException or InvalidOperationException)
        {
            string fix = name == AcceleratorTargets.Board
                ? "Run on the board, as root, with libedqa_board.so beside edqa"
                : "Build the SystemC model with `make build`";
            throw new EnvironmentException($"target {name} is not available: {e.Message}. {fix}.");
        }
    }
}

/// <summary>Something the machine lacks (a native library, the runner): exit 4 with the fix in the message.</summary>
public sealed class EnvironmentException(string message) : Exception(message);
