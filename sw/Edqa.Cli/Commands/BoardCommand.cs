using System.CommandLine;
using System.Globalization;
using Edqa.Bindings;
using Edqa.Core.Analysis;
using Edqa.Core.Container;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Targets;
using Edqa.Targets.Board;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa board run</c>: the host side of a board run. Copies the board runner and the layer to the board (scp),
/// quantizes and de-quantizes every channel there on the accelerator (ssh), fetches the records, cycle counters
/// and wall-clock times, verifies them bit for bit against the golden model, and prints the measured latency beside
/// the cycle-level model's. The remote working directory is removed whatever happens.
/// </summary>
public static class BoardCommand
{
    public static Command Create()
    {
        var layer = new LayerInputOptions();
        var host = new Option<string>("--host") { Description = "USER@HOST of the board", Required = true };
        var port = new Option<int?>("--port") { Description = "SSH port" };
        var identity = new Option<string?>("--identity") { Description = "SSH private key" };
        var knownHosts = new Option<string?>("--known-hosts") { Description = "known_hosts file for the board's host key (new keys are recorded)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds each ssh or scp call may take", DefaultValueFactory = _ => 300 };
        var runner = new Option<string>("--runner") { Description = "The runner to run on the board", DefaultValueFactory = _ => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "board", "edqa-board-runner")) };
        var run = new Command("run", "Run a layer on the board over SSH, verify it bit for bit and print the measured latency") { host, port, identity, knownHosts, timeout, runner };
        layer.AddTo(run);
        run.SetAction(result =>
        {
            LayerInput input = layer.Read(result);
            string runnerPath = result.GetValue(runner)!;
            if (!File.Exists(runnerPath))
            {
                throw new InputException($"{runnerPath}: no such runner (build it with `make board-runner`, or pass --runner)");
            }

            int seconds = result.GetValue(timeout);
            if (seconds is < 1 or > 86400)
            {
                throw new UsageException("--timeout must be in [1, 86400] seconds");
            }

            var ssh = new SshConnection(new BoardAddress(result.GetValue(host)!, result.GetValue(port), result.GetValue(identity), result.GetValue(knownHosts), TimeSpan.FromSeconds(seconds)));
            return Run(ssh, runnerPath, input, result.GetValue(layer.Input)!);
        });
        return new Command("board", "The PYNQ-Z1 board: run layers on it over SSH") { run };
    }

    private static int Run(SshConnection ssh, string runnerPath, LayerInput input, string inputPath)
    {
        using var local = new TemporaryDirectory("edqa-board-");
        string npy = local.File("input.npy");
        NpyFile.Write(npy, new NpyArray(input.Layout.Shape.Select(d => (long)d).ToArray(), input.Data));
        string remote = ssh.Run("mktemp -d /tmp/edqa-board.XXXXXX", "create a working directory on the board").Trim();
        if (!remote.StartsWith("/tmp/edqa-board.", StringComparison.Ordinal))
        {
            throw new BoardException($"create a working directory on the board: unexpected answer '{remote}'");
        }

        try
        {
            Console.WriteLine($"board: copying {Path.GetFileName(runnerPath)} and {Path.GetFileName(inputPath)} to {ssh.Address.Destination}:{remote}");
            ssh.Upload([runnerPath, npy], remote, "copy the runner and the input to the board");
            string runnerName = Path.GetFileName(runnerPath);
            string ids = string.Join(",", Enumerable.Range(0, input.Important.Length).Where(c => input.Important[c]));
            string command = $"cd {remote} && chmod +x ./{runnerName} && " +
                $"./{runnerName} quantize --input input.npy --bits {input.Format.Bits} --extra-bits {input.Format.ExtraBits} --important '{ids}' " +
                $"--scale {(input.Granularity == ScaleGranularity.Layer ? "layer" : "channel")} --channel-axis {input.Layout.ChannelAxis} --output output.edqa --cycles quantize.csv && " +
                $"./{runnerName} dequantize --input output.edqa --output output.npy --cycles dequantize.csv";
            Console.WriteLine($"board: quantizing and de-quantizing {input.Layout.RecordCount} records on the board");
            ssh.Run(command, "run the layer on the board");
            ssh.Download(new[] { "output.edqa", "output.npy", "quantize.csv", "dequantize.csv" }.Select(f => $"{remote}/{f}"), local.Path, "fetch the results from the board");
        }
        finally
        {
            try
            {
                ssh.Run($"rm -rf {remote}", "remove the working directory on the board");
            }
            catch (BoardException e)
            {
                Console.Error.WriteLine($"board: could not remove {remote}: {e.Message}");
            }
        }

        QuantizedLayer board = CommandLineHost.LoadInput(local.File("output.edqa"), () => EdqaFile.Read(local.File("output.edqa")));
        float[] boardValues = NpyFile.Read(local.File("output.npy")).Data;
        using var reference = new ReferenceTarget();
        TargetQuantization golden = LayerInputOptions.Quantize(reference, input, inputPath);
        Difference? difference = LayerComparison.Compare(golden.Layer, board, "golden model", "board", input.Name)
            ?? LayerComparison.CompareValues(reference.Dequantize(golden.Layer).Values, boardValues, input.Layout, "golden model", "board", input.Name);
        if (difference is not null)
        {
            Console.WriteLine($"DIFFERENCE: {difference}");
            return ExitCodes.Mismatch;
        }

        Console.WriteLine($"bit-exact: board = golden model on layer {input.Name}: {input.Layout.RecordCount} records, {input.Layout.ElementCount} elements, {board.Records.Sum(r => (long)r.Length)} record words");
        Console.Write(LatencyTable(input, ReadLog(local.File("quantize.csv")), ReadLog(local.File("dequantize.csv"))).Render(TableFormat.Text));
        return ExitCodes.Success;
    }

    private sealed record LogRow(bool Important, ulong Cycles, double WallMicroseconds);

    private static List<LogRow> ReadLog(string path) =>
        File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            string[] f = line.Split(',');
            return new LogRow(f[3] == "1", ulong.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[7], CultureInfo.InvariantCulture));
        }).ToList();

    /// <summary>Measured (the board's counters and wall clock) beside modeled (the cycle-level model run here).</summary>
    private static TableOutput LatencyTable(LayerInput input, List<LogRow> quantize, List<LogRow> dequantize)
    {
        CycleCounts[]? modeledQuantize = null;
        CycleCounts[]? modeledDequantize = null;
        try
        {
            using var simulation = new SimulationTarget();
            TargetQuantization model = simulation.Quantize(input.Data, input.Layout, input.Format, input.Granularity, input.Important);
            modeledQuantize = model.Cycles;
            modeledDequantize = simulation.Dequantize(model.Layer).Cycles;
        }
        catch (Exception e) when (e is DllNotFoundException or SimulatorException)
        {
            Console.Error.WriteLine($"board: no cycle-level model on this machine ({e.Message}); the modeled column stays empty");
        }

        var table = new TableOutput($"latency per channel of {input.Layout.RecordLength} elements: measured on the board, beside the model",
            ["channels", "records", "quantize cycles (board)", "quantize us (wall)", "quantize cycles (model)", "de-quantize cycles (board)", "de-quantize us (wall)", "de-quantize cycles (model)"]);
        foreach (bool important in new[] { true, false })
        {
            int[] records = Enumerable.Range(0, quantize.Count).Where(r => quantize[r].Important == important).ToArray();
            if (records.Length == 0)
            {
                continue;
            }

            string Modeled(CycleCounts[]? cycles) => cycles is null ? "-" : records.Average(r => (double)cycles[r].Total).ToString("0.#", CultureInfo.InvariantCulture);
            table.AddRow(important ? "important" : "direct", records.Length,
                records.Average(r => (double)quantize[r].Cycles), records.Average(r => quantize[r].WallMicroseconds), Modeled(modeledQuantize),
                records.Average(r => (double)dequantize[r].Cycles), records.Average(r => dequantize[r].WallMicroseconds), Modeled(modeledDequantize));
        }

        table.AddNote("Board: the accelerator's cycle counters and the runner's wall clock per call (registers, DMA and polling included), averaged.");
        table.AddNote("Model: the cycle-level SystemC accelerator on this machine, same inputs.");
        return table;
    }
}
