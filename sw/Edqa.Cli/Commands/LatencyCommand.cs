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
    /// <summary>The paper's Table 3: size, eDQA quantize / de-quantize us, NoisyQuant quantize / de-quantize us (PYNQ-Z1, 200 MHz).</summary>
    private static readonly (int Size, string Layers, double Quantize, double Dequantize, double NoisyQuantize, double NoisyDequantize)[] Paper =
    [
        (49, "7 & 8", 24, 4, 1488, 7),
        (196, "5 & 6", 85, 14, 9231, 28),
        (784, "3 & 4", 329, 52, 63395, 114),
        (3136, "1 & 2", 1303, 205, 465593, 455),
    ];

    public static Command Create()
    {
        var clock = new Option<double>("--clock-mhz") { Description = "Clock the cycles are converted at", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random input", DefaultValueFactory = _ => 1 };
        var format = TableOutput.FormatOption();
        var command = new Command("latency", "Quantize/de-quantize latency per channel size on the cycle-level models of eDQA and NoisyQuant, beside the paper's Table 3") { clock, seed, format };
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
            $"latency per channel, N = 3 (eDQA m = 3, important channel; NoisyQuant 10 + 10 search iterations), {mhz:0.#} MHz",
            ["layers", "size", "eDQA us (q / dq)", "NoisyQuant us (q / dq)", "speed-up", "paper eDQA us", "paper NoisyQuant us", "paper speed-up", "eDQA cycles", "NoisyQuant cycles"]);
        var format = new QuantFormat(3, 3);
        var random = new Random(seed);
        using var target = (SimulationTarget)TargetOption.Open(AcceleratorTargets.Simulation);
        foreach ((int size, string layers, double paperQuantize, double paperDequantize, double paperNoisy, double paperNoisyDequantize) in Paper)
        {
            // Random input of the layer's size, as the paper's hardware comparison used.
            float[] values = Enumerable.Range(0, size).Select(_ => (float)random.NextDouble()).ToArray();
            GroupScale scale = GroupScale.FromMax(values.Max(), format.Bits);
            (uint[] record, CycleCounts quantize) = target.QuantizeChannel(values, scale, important: true, format);
            CycleCounts dequantize = target.DequantizeChannel(record, scale, important: true, format, new float[size]);
            int side = (int)Math.Round(Math.Sqrt(size));
            (var noisyRecord, CycleCounts noisyQuantize) = target.NoisyQuantQuantize(values, side, format.Bits);
            (_, CycleCounts noisyDequantize) = target.NoisyQuantDequantize(noisyRecord, side, format.Bits);
            double edqa = (quantize.Total + dequantize.Total) / mhz;
            double noisy = (noisyQuantize.Total + noisyDequantize.Total) / mhz;
            table.AddRow(layers, size,
                $"{quantize.Total / mhz:0.##} / {dequantize.Total / mhz:0.##}",
                $"{noisyQuantize.Total / mhz:0.#} / {noisyDequantize.Total / mhz:0.##}",
                $"{noisy / edqa:0}x",
                $"{paperQuantize:0} / {paperDequantize:0}",
                $"{paperNoisy:0} / {paperNoisyDequantize:0}",
                $"{(paperNoisy + paperNoisyDequantize) / (paperQuantize + paperDequantize):0}x",
                $"{quantize.Total} / {dequantize.Total}",
                $"{noisyQuantize.Total} / {noisyDequantize.Total}");
        }

        table.AddNote($"Modeled: cycle counts of the cycle-level SystemC accelerators ({Simulator.LibraryVersion}) at {mhz:0.#} MHz, not measured on a board.");
        table.AddNote("Paper: eDQA and NoisyQuant on the PYNQ-Z1 at 200 MHz (Table 3), measured. Speed-up = NoisyQuant / eDQA, quantize + de-quantize.");
        table.AddNote("The NoisyQuant model does one multiply-accumulate per cycle; its 21 S x S x S matrix products are the online search eDQA avoids.");
        return table;
    }
}
