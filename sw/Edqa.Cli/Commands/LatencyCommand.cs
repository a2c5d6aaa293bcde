using System.CommandLine;
using Edqa.Bindings;
using Edqa.Core.Quantization;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa latency</c>: the analogue of the paper's Table 3. Quantize and de-quantize one important channel of each
/// ResNet-18 size (N = 3, m = 3, random input as in the paper) on the cycle-level model, in cycles and in
/// microseconds at the given clock, beside the paper's board measurements.
/// </summary>
public static class LatencyCommand
{
    /// <summary>The paper's Table 3, eDQA column: size, quantize us, de-quantize us (PYNQ-Z1, 200 MHz).</summary>
    private static readonly (int Size, string Layers, double Quantize, double Dequantize)[] Paper =
    [
        (49, "7 & 8", 24, 4),
        (196, "5 & 6", 85, 14),
        (784, "3 & 4", 329, 52),
        (3136, "1 & 2", 1303, 205),
    ];

    public static Command Create()
    {
        var clock = new Option<double>("--clock-mhz") { Description = "Clock the cycles are converted at", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random input", DefaultValueFactory = _ => 1 };
        var format = TableOutput.FormatOption();
        var command = new Command("latency", "Quantize/de-quantize latency per channel size on the cycle-level model, beside the paper's Table 3") { clock, seed, format };
        command.SetAction(result =>
        {
            double mhz = result.GetValue(clock);
            if (!(mhz > 0 && mhz <= 10_000))
            {
                throw new UsageException("--clock-mhz must be in (0, 10000]");
            }

            Console.Write(Build(mhz, result.GetValue(seed)).Render(result.GetValue(format)));
            return ExitCodes.Success;
        });
        return command;
    }

    public static TableOutput Build(double mhz, int seed)
    {
        var table = new TableOutput(
            $"eDQA latency per channel, N = 3, m = 3, important channel, {mhz:0.#} MHz",
            ["layers", "size", "quantize cycles", "de-quantize cycles", "quantize us", "de-quantize us", "paper quantize us", "paper de-quantize us", "quantize speed-up", "de-quantize speed-up"]);
        var format = new QuantFormat(3, 3);
        var random = new Random(seed);
        using var target = (SimulationTarget)TargetOption.Open(AcceleratorTargets.Simulation);
        foreach ((int size, string layers, double paperQuantize, double paperDequantize) in Paper)
        {
            float[] values = Enumerable.Range(0, size).Select(_ => (float)random.NextDouble()).ToArray();
            GroupScale scale = GroupScale.FromMax(values.Max(), format.Bits);
            (uint[] record, CycleCounts quantize) = target.QuantizeChannel(values, scale, important: true, format);
            CycleCounts dequantize = target.DequantizeChannel(record, scale, important: true, format, new float[size]);
            double quantizeUs = quantize.Total / mhz;
            double dequantizeUs = dequantize.Total / mhz;
            table.AddRow(layers, size, quantize.Total, dequantize.Total, quantizeUs, dequantizeUs, paperQuantize, paperDequantize,
                $"{paperQuantize / quantizeUs:0.#}x", $"{paperDequantize / dequantizeUs:0.#}x");
        }

        table.AddNote($"Cycles are modeled by the cycle-level SystemC accelerator ({Simulator.LibraryVersion}), not measured on a board.");
        table.AddNote("Paper figures: eDQA on the PYNQ-Z1 at 200 MHz (Table 3). Speed-up = paper time / modeled time.");
        return table;
    }
}
