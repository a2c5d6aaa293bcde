using System.CommandLine;
using Edqa.Bindings;
using Edqa.Core;
using Edqa.Core.Analysis;
using Edqa.Core.Io;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Targets;
using Edqa.Targets.Board;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa board run</c>: the host side of a board run. The board runner goes to the board once (scp); each
/// operation is one job stream (the whole layer) copied there, run on the accelerator by the runner, and its
/// result stream fetched back. The records and de-quantized values are verified bit for bit against the golden
/// model, and the board's cycle counters and host times are printed beside the cycle-level model's. The remote
/// working directory is removed whatever happens.
/// </summary>
public static class BoardCommand
{
    public static Command Create()
    {
        var layer = new LayerInputOptions();
        var host = new Option<string>("--host") { Description = "USER@HOST of the board", Required = true };
        var port = new Option<int?>("--port") { Description = "SSH port" };
        var identity = new Option<string?>("--identity") { Description = "SSH private key" };
        var knownHosts = new Option<string?>("--known-hosts")
        {
            Description = "known_hosts file for the board's host key (new keys are recorded)"
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds each ssh or scp call may take",
            DefaultValueFactory = _ => 300
        };
        var runner = new Option<string>("--runner")
        {
            Description = "The runner to run on the board",
            DefaultValueFactory = _ =>
                Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "board", RunnerCommandLine.BoardRunner))
        };
        var format = TableOutput.FormatOption();
        var run = new Command("run",
            "Run a layer on the board over SSH, verify it bit for bit and print the measured latency")
        {
            host, port, identity, knownHosts, timeout, runner, format
        };
        layer.AddTo(run);
        run.SetAction(result =>
        {
            // The address is checked before anything runs: ssh would read a host starting with '-' as an option.
            string destination = result.GetValue(host)!;
            if (string.IsNullOrWhiteSpace(destination) || destination.StartsWith('-')
                || destination.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new UsageException(
                    $"--host '{Core.Io.TerminalText.Escape(destination)}' is not USER@HOST or HOST (no spaces, no "
                    + $"leading '-')");
            }

            if (result.GetValue(port) is { } portNumber && portNumber is < 1 or > 65535)
            {
                throw new UsageException($"--port {portNumber} is not a TCP port in [1, 65535]");
            }

            LayerInput input = layer.Read(result);
            string runnerPath = result.GetValue(runner)!;
            if (!File.Exists(runnerPath))
            {
                throw new InputException(
                    $"{runnerPath}: no such runner (build it with `make board-runner`, or pass --runner)");
            }

            int seconds = result.GetValue(timeout);
            if (seconds is < 1 or > 86400)
            {
                throw new UsageException("--timeout must be in [1, 86400] seconds");
            }

            var ssh = new SshConnection(new BoardAddress(destination, result.GetValue(port),
                result.GetValue(identity), result.GetValue(knownHosts), TimeSpan.FromSeconds(seconds)));
            using var board = new SshBoardTarget(ssh, runnerPath);
            return Run(board, ssh, input, result.GetValue(layer.Input)!, result.GetValue(format));
        });
        return new Command("board", "The PYNQ-Z1 board: run layers on it over SSH, write its register map")
        {
            run, MapCommand()
        };
    }

    /// <summary><c>edqa board map --from x&lt;top&gt;_hw.h</c>: the board map from the headers Vivado HLS
    /// generated.</summary>
    private static Command MapCommand()
    {
        var from = new Option<string[]>("--from")
        {
            Description = "A Vivado HLS x<top>_hw.h (drivers/<top>_v1_0/src/), one per accelerator",
            Required = true,
            AllowMultipleArgumentsPerToken = false
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the map here (EDQA_BOARD_MAP on the board); default: standard output"
        };
        var map = new Command("map", "Write the board map (register offsets Vivado HLS assigned) for the board runner")
        {
            from, output
        };
        map.SetAction(result =>
        {
            string[] headers = result.GetValue(from)!;
            var parsed = headers.Select(path => BoardMap.ReadHeader(path, InputFile.ReadAllText(path))).ToList();
            string text = BoardMap.Write(parsed, BoardMap.Tables());
            string? path = result.GetValue(output);
            if (path is null)
            {
                Console.Write(text);
            }
            else
            {
                OutputFile.WriteAllText(CommandLineHost.OutputPath(path, "--output"), text);
                Console.Error.WriteLine($"board map: wrote {path} ({parsed.Count} accelerator(s))");
            }

            return ExitCodes.Success;
        });
        return map;
    }

    private static int Run(SshBoardTarget board, SshConnection ssh, LayerInput input, string inputPath,
        TableFormat format)
    {
        using var reference = new ReferenceTarget();
        LayerQuantization golden = LayerInputOptions.Quantize(reference, input, inputPath);
        float[] goldenValues = new LayerQuantizer(reference).Dequantize(golden.Layer, input.Name).Values;
        Console.WriteLine(
            $"board: quantizing and de-quantizing {input.Layout.RecordCount} records of layer {input.Name} on "
            + $"{ssh.Address.Destination}");
        LayerQuantization measured = LayerInputOptions.Quantize(board, input, inputPath);
        Console.WriteLine($"board: working directory {board.RemoteDirectory}");
        LayerDequantization measuredValues = new LayerQuantizer(board).Dequantize(golden.Layer, input.Name);
        Difference? difference =
            LayerComparison.Compare(golden.Layer, measured.Layer, "golden model", "board", input.Name)
            ?? LayerComparison.CompareValues(goldenValues, measuredValues.Values, input.Layout, "golden model", "board",
                input.Name);
        if (difference is not null)
        {
            Console.WriteLine($"DIFFERENCE: {difference}");
            return ExitCodes.Mismatch;
        }

        Console.WriteLine(
            $"bit-exact: board = golden model on layer {input.Name}: {input.Layout.RecordCount} records, "
            + $"{input.Layout.ElementCount} elements, {golden.Layer.Records.Sum(r => (long)r.Length)} record words");
        Console.Write(LatencyTable(input, measured, measuredValues).Render(format));
        return ExitCodes.Success;
    }

    /// <summary>Measured (the board's counters and the runner's host time per record) beside modeled (the
    /// cycle-level model run here on the same inputs).</summary>
    private static TableOutput LatencyTable(LayerInput input, LayerQuantization board, LayerDequantization boardValues)
    {
        CycleCounts[]? modeledQuantize = null;
        CycleCounts[]? modeledDequantize = null;
        try
        {
            using var simulation = new SimulationTarget();
            LayerQuantization model = new LayerQuantizer(simulation)
                .Quantize(input.Data, input.Layout, input.Format, input.Granularity, input.Important, input.Name);
            modeledQuantize = model.Cycles;
            modeledDequantize = new LayerQuantizer(simulation).Dequantize(model.Layer, input.Name).Cycles;
        }
        catch (Exception e) when (e is DllNotFoundException or SimulatorException)
        {
            Console.Error.WriteLine(
                $"board: no cycle-level model on this machine ({e.Message}); the modeled columns stay empty");
        }

        var table = new TableOutput(
            $"latency per record of {input.Layout.RecordLength} elements: measured on the board, beside the model",
        [
            new("channels", "channels"), new("records", "records"),
            new("quantize_cycles_board", "quantize cycles (board)", "0.#"),
            new("quantize_us_host", "quantize us (host)", "0.#"),
            new("quantize_cycles_model", "quantize cycles (model)", "0.#"),
            new("dequantize_cycles_board", "de-quantize cycles (board)", "0.#"),
            new("dequantize_us_host", "de-quantize us (host)", "0.#"),
            new("dequantize_cycles_model", "de-quantize cycles (model)", "0.#"),
        ]);
        foreach (bool important in new[] { true, false })
        {
            int[] records = Enumerable.Range(0, input.Layout.RecordCount).Where(r =>
                input.Important[input.Layout.ChannelOf(r)] == important).ToArray();
            if (records.Length == 0)
            {
                continue;
            }

            double? Mean(CycleCounts[]? cycles) =>
                cycles is null ? null : records.Average(r => (double)cycles[r].Total);
            double? Micros(ulong[]? host) => host is null ? null : records.Average(r => host[r] / 1000.0);
            table.AddRow(important ? "important" : "direct", records.Length,
                Mean(board.Cycles), Micros(board.HostNanoseconds), Mean(modeledQuantize),
                Mean(boardValues.Cycles), Micros(boardValues.HostNanoseconds), Mean(modeledDequantize));
        }

        table.AddNote(
            "Board: the accelerator's cycle counters and the runner's wall-clock time per record (registers, DMA and "
            + "polling included), averaged.");
        table.AddNote("Model: the cycle-level SystemC accelerator on this machine, same inputs.");
        return table;
    }
}
