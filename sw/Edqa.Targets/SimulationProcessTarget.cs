using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using Edqa.Bindings;
using Edqa.Core;
using Edqa.Core.Container;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Targets;

/// <summary>The runner crashed, hung or failed in a way that is not about the input.</summary>
public sealed class SimulationProcessException(string message) : Exception(message);

/// <summary>
/// The SystemC accelerator in a child process: the standalone runner edqa-sim, driven through CliWrap with files.
/// Each call has its own process and temporary directory, so calls may run in parallel and a runner that crashes
/// or hangs takes nothing else down: it is killed at the timeout and reported in one clear message.
/// </summary>
public sealed class SimulationProcessTarget : IAcceleratorTarget
{
    public const string RunnerEnvironmentVariable = "EDQA_SIM_RUNNER";

    private readonly string _runner;
    private readonly TimeSpan _timeout;

    /// <param name="runnerPath">edqa-sim; default: EDQA_SIM_RUNNER, else next to this application.</param>
    /// <param name="timeout">Wall-clock limit per runner invocation (default 10 minutes).</param>
    public SimulationProcessTarget(string? runnerPath = null, TimeSpan? timeout = null)
    {
        _runner = runnerPath ?? Environment.GetEnvironmentVariable(RunnerEnvironmentVariable) ?? Path.Combine(AppContext.BaseDirectory, "edqa-sim");
        if (!File.Exists(_runner))
        {
            throw new FileNotFoundException($"the SystemC runner {_runner} does not exist; run `make build` (or set {RunnerEnvironmentVariable})", _runner);
        }

        _timeout = timeout ?? TimeSpan.FromMinutes(10);
    }

    public string Name => AcceleratorTargets.SimulationProcess;

    public TargetQuantization Quantize(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format, ScaleGranularity granularity, bool[] important)
    {
        using var scratch = new TemporaryDirectory("edqa-sim-");
        string input = scratch.File("input.npy");
        string output = scratch.File("output.edqa");
        string cycles = scratch.File("cycles.csv");
        NpyFile.Write(input, new NpyArray(layout.Shape.Select(d => (long)d).ToArray(), data.ToArray()));
        string ids = string.Join(",", Enumerable.Range(0, important.Length).Where(c => important[c]));
        Run(
        [
            "quantize", "--input", input, "--bits", Text(format.Bits), "--extra-bits", Text(format.ExtraBits), "--important", ids,
            "--scale", granularity == ScaleGranularity.Layer ? "layer" : "channel", "--channel-axis", Text(layout.ChannelAxis),
            "--output", output, "--cycles", cycles,
        ]);
        return new TargetQuantization(EdqaFile.Read(output), ReadCycles(cycles, layout.RecordCount, quantize: true));
    }

    public TargetDequantization Dequantize(QuantizedLayer layer)
    {
        using var scratch = new TemporaryDirectory("edqa-sim-");
        string input = scratch.File("input.edqa");
        string output = scratch.File("output.npy");
        string cycles = scratch.File("cycles.csv");
        EdqaFile.Write(input, layer);
        Run(["dequantize", "--input", input, "--output", output, "--cycles", cycles]);
        return new TargetDequantization(NpyFile.Read(output).Data, ReadCycles(cycles, layer.Layout.RecordCount, quantize: false));
    }

    public void Dispose()
    {
    }

    private void Run(string[] arguments)
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
            throw new SimulationProcessException($"{Path.GetFileName(_runner)} did not finish within {_timeout.TotalSeconds:F0} s and was killed");
        }

        string message = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.StartsWith("edqa-sim:", StringComparison.Ordinal))?.Trim()
            ?? result.StandardError.Trim();
        switch (result.ExitCode)
        {
            case 0:
                return;
            case 2:
                throw new ArgumentException(message);
            case 3:
                throw new EdqaFormatException(message);
            case > 128:
                throw new SimulationProcessException($"{Path.GetFileName(_runner)} crashed (signal {result.ExitCode - 128}){(message.Length > 0 ? ": " + message : string.Empty)}");
            default:
                throw new SimulationProcessException($"{Path.GetFileName(_runner)} failed with exit code {result.ExitCode}: {message}");
        }
    }

    /// <summary>Reads the runner's per-record cycle log (record,sample,channel,important,total,stage,stage,wall_us).</summary>
    private static CycleCounts[] ReadCycles(string path, int records, bool quantize)
    {
        string[] lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        if (lines.Length != records)
        {
            throw new SimulationProcessException($"the runner logged cycles for {lines.Length} records of {records}");
        }

        return lines.Select(line =>
        {
            ulong[] f = line.Split(',').Skip(4).Take(3).Select(v => ulong.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return quantize ? new CycleCounts(f[0], f[1], f[2], 0, 0) : new CycleCounts(f[0], 0, 0, f[1], f[2]);
        }).ToArray();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
