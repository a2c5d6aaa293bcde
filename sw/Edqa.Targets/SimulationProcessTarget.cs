using CliWrap;
using CliWrap.Buffered;
using Edqa.Bindings.Native;
using Edqa.Core;
using Edqa.Core.Jobs;

namespace Edqa.Targets;

/// <summary>
/// The SystemC accelerator in a child process: the standalone runner edqa-sim, which reads a job stream and writes
/// a result stream (docs/spec.md §11) and nothing else. Each call has its own process and temporary directory, so
/// calls may run in parallel and a runner that crashes or hangs takes nothing else down: it is killed at the
/// timeout and reported in one message.
/// </summary>
public sealed class SimulationProcessTarget : IAcceleratorTarget
{
    public const string RunnerEnvironmentVariable = "EDQA_SIM_RUNNER";

    private readonly string _runner;
    private readonly TimeSpan _timeout;
    private readonly string? _vcdPath;

    /// <param name="runnerPath">edqa-sim; default: EDQA_SIM_RUNNER, else next to this application.</param>
    /// <param name="timeout">Wall-clock limit per runner invocation (default 10 minutes).</param>
    /// <param name="vcdPath">Have the runner write a VCD waveform of each run here.</param>
    /// <param name="configuration">The eDQA accelerator's units and lanes (default the paper's).</param>
    public SimulationProcessTarget(string? runnerPath = null, TimeSpan? timeout = null, string? vcdPath = null,
        AcceleratorConfiguration? configuration = null)
    {
        Configuration = configuration ?? AcceleratorConfiguration.Paper;
        _vcdPath = vcdPath is null ? null : Path.GetFullPath(vcdPath);
        _runner = runnerPath ?? DefaultRunner();
        if (!File.Exists(_runner))
        {
            throw new FileNotFoundException(
                $"the SystemC runner {_runner} does not exist; run `make build` (or set {RunnerEnvironmentVariable})",
                _runner);
        }

        _timeout = timeout ?? TimeSpan.FromMinutes(10);
    }

    public string Name => AcceleratorTargets.SimulationProcess;

    public AcceleratorConfiguration Configuration { get; }

    /// <summary>The accelerator's buffers (hw/edqa_hw_config.h, published as EDQA_SIM_MAX_LENGTH by the C
    /// header).</summary>
    public int MaxRecordLength => (int)EdqaSimNative.EDQA_SIM_MAX_LENGTH;

    public bool CountsCycles => true;

    /// <summary>edqa-sim as EDQA_SIM_RUNNER names it, else beside this application (where <c>make build</c> puts
    /// both).</summary>
    public static string DefaultRunner() =>
        Environment.GetEnvironmentVariable(RunnerEnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, RunnerCommandLine.SimulationRunner);

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs)
    {
        using var scratch = new TemporaryDirectory("edqa-sim-");
        string jobsPath = scratch.File("input" + JobStream.FileExtension);
        string resultsPath = scratch.File("output" + ResultStream.FileExtension);
        JobStream.Write(jobsPath, jobs);
        (int code, string message) =
            Execute(RunnerCommandLine.Run(jobsPath, resultsPath, vcd: _vcdPath, configuration: Configuration));
        string name = Path.GetFileName(_runner);
        switch (code)
        {
            case > 128:
                throw new TargetException(
                    $"{name} crashed (signal {code - 128}){(message.Length > 0 ? ": " + message : string.Empty)}");
            case ExitCodes.Success or ExitCodes.BadInput or ExitCodes.TargetFailure when File.Exists(resultsPath):
                // Refused or failed records are statuses inside the results.
                return ReadResults(jobs, resultsPath, name);
            default:
                throw new TargetException($"{name} failed with exit code {code}: {message}");
        }
    }

    public void Dispose()
    {
    }

    private static IReadOnlyList<JobResult> ReadResults(IReadOnlyList<AcceleratorJob> jobs, string path, string name)
    {
        try
        {
            IReadOnlyList<JobResult> results = ResultStream.Read(path);
            ResultStream.RequireAnswers(jobs, results, name);
            return results;
        }
        catch (EdqaFormatException e)
        {
            throw new TargetException($"{name} wrote a result stream this reader refuses: {e.Message}");
        }
    }

    private (int Code, string Message) Execute(string[] arguments)
    {
        using var deadline = new CancellationTokenSource(_timeout);
        BufferedCommandResult result;
        try
        {
            result = Cli.Wrap(_runner)
                .WithArguments(arguments)
                .WithEnvironmentVariables(env => env.Set("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1"))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(deadline.Token)
                .GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new TargetException(
                $"{Path.GetFileName(_runner)} did not finish within {_timeout.TotalSeconds:F0} s and was killed");
        }

        string message = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l =>
            l.StartsWith("edqa-sim:", StringComparison.Ordinal))?.Trim()
            ?? result.StandardError.Trim();
        return (result.ExitCode, message);
    }
}
