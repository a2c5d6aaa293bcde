using System.CommandLine;
using System.Globalization;
using Edqa.Bindings;
using Edqa.Bindings.Native;
using Edqa.Core.Baselines;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa latency</c>: the analogue of the paper's Table 3. Quantize and de-quantize one important channel of each
/// size (by default the paper's four ResNet-18 sizes; N = 3, m = 3, random input as in the paper) on the cycle-level
/// models of eDQA and NoisyQuant, in cycles and in microseconds at the given clock, beside the paper's board
/// measurements. NoisyQuant runs only where the channel is S x S with S &lt;= 64.
/// </summary>
public static class LatencyCommand
{
    /// <summary>The paper's Table 3: size, eDQA quantize / de-quantize us, NoisyQuant quantize / de-quantize us
    /// (PYNQ-Z1, 200 MHz).</summary>
    private static readonly (int Size, string Layers, double Quantize, double Dequantize, double NoisyQuantize,
        double NoisyDequantize)[] Paper =
    [
        (49, "7 & 8", 24, 4, 1488, 7),
        (196, "5 & 6", 85, 14, 9231, 28),
        (784, "3 & 4", 329, 52, 63395, 114),
        (3136, "1 & 2", 1303, 205, 465593, 455),
    ];

    public static Command Create()
    {
        // The paper's 200 MHz by default, so its Table 3 compares at its own clock; the DMA then runs at 150 MHz.
        MemoryOptions memory = MemoryOptions.Create(defaultClockMHz: 200);
        var ddr = new Option<int>("--ddr-mbps")
        {
            Description = "DDR peak bandwidth shared by both directions, MB/s",
            DefaultValueFactory = _ => (int)MemorySettings.DefaultDdrMegabytesPerSecond
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random input (each length's input is drawn from this seed and the length)",
            DefaultValueFactory = _ => 1
        };
        var bits = new Option<int>("--bits", "-n") { Description = "N", DefaultValueFactory = _ => 3 };
        var extraBits = new Option<int>("--extra-bits", "-m")
        {
            Description = "m of eDQA",
            DefaultValueFactory = _ => 3
        };
        var lengths = new Option<string>("--length", "-l")
        {
            Description = "Channel lengths L, comma-separated (default: the paper's 49,196,784,3136)",
            DefaultValueFactory = _ => string.Join(",", Paper.Select(p => p.Size))
        };
        var format = TableOutput.FormatOption();
        var units = TargetOption.Units();
        var lanes = TargetOption.Lanes();
        var command = new Command("latency",
            "Quantize/de-quantize latency per channel size on the cycle-level models of eDQA and NoisyQuant, beside "
            + "the paper's Table 3, and the throughput of a layer of such channels")
        {
            memory.Clock, memory.Efficiency, memory.Dma, ddr, seed, bits, extraBits, lengths, format, units, lanes,
        };
        command.SetAction(result =>
        {
            int mbps = result.GetValue(ddr);
            if (mbps is < 100 or > 100_000)
            {
                throw new UsageException($"--ddr-mbps {mbps} is outside 100..100000");
            }

            MemorySettings settings = memory.Read(result, (uint)mbps);

            QuantFormat quantFormat =
                CommandLineHost.CheckUsage(() => new QuantFormat(result.GetValue(bits), result.GetValue(extraBits)));
            int[] sizes = ParseLengths(result.GetValue(lengths)!);
            AcceleratorConfiguration configuration = TargetOption.Configuration(result, units, lanes);
            TableOutput table = ProgressDisplay.Run("latency", sizes.Length, progress =>
                Build(settings, result.GetValue(seed), quantFormat, sizes, configuration, progress));
            Console.Write(table.Render(result.GetValue(format)));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Channels of the layer whose throughput the table shows beside each size's latency.</summary>
    public const int LayerChannels = 64;

    /// <summary>The share of the layer's channels that are important (the paper's r).</summary>
    public const double LayerImportant = 0.4;

    /// <summary>The table, one row per size; each size draws its input from its own generator, seeded from
    /// <paramref name="seed"/> and the size alone, so a row does not depend on which other sizes were asked.</summary>
    public static TableOutput Build(MemorySettings memory, int seed, QuantFormat format, IReadOnlyList<int> sizes,
        AcceleratorConfiguration? configuration = null, ProgressDisplay.Progress? progress = null)
    {
        AcceleratorConfiguration chosen = configuration ?? AcceleratorConfiguration.Paper;
        double mhz = memory.EffectiveClockMHz;
        var table = new TableOutput(
            $"latency per channel, {format} (eDQA {chosen} (units x lanes): an important channel; NoisyQuant: b = N, "
            + $"10 + 10 search iterations), {mhz:0.#} MHz",
            [
                new("layers", "layers"), new("length", "size"),
                new("edqa_quantize_cycles", "eDQA q cycles"), new("edqa_dequantize_cycles", "eDQA dq cycles"),
                new("edqa_quantize_us", "eDQA q us"), new("edqa_dequantize_us", "eDQA dq us"),
                new("noisyquant_quantize_cycles", "NoisyQuant q cycles"),
                new("noisyquant_dequantize_cycles", "NoisyQuant dq cycles"),
                new("noisyquant_quantize_us", "NoisyQuant q us", "0.#"),
                new("noisyquant_dequantize_us", "NoisyQuant dq us"),
                new("speedup", "speed-up", "0"),
                new("noisyquant_parallel_quantize_cycles", "NoisyQuant K MACs q cycles"),
                new("speedup_parallel", "speed-up, K MACs", "0.0"),
                new("noisyquant_calibrated_quantize_cycles", "NoisyQuant calibrated q cycles"),
                new("speedup_calibrated", "speed-up, calibrated", "0.00"),
                new("paper_edqa_quantize_us", "paper eDQA q us", "0"),
                new("paper_edqa_dequantize_us", "paper eDQA dq us", "0"),
                new("paper_noisyquant_quantize_us", "paper NoisyQuant q us", "0"),
                new("paper_noisyquant_dequantize_us", "paper NoisyQuant dq us", "0"),
                new("paper_speedup", "paper speed-up", "0"),
                new("layer_quantize_per_cycle", "layer q act/cycle", "0.000"),
                new("layer_dequantize_per_cycle", "layer dq act/cycle", "0.000"),
                new("layer_quantize_mact_per_second", "layer q Mact/s", "0.0"),
                new("layer_dequantize_mact_per_second", "layer dq Mact/s", "0.0"),
            ]);
        table.KeyColumns = 2;
        int macs = 0;
        using var target = TargetOption.Open(AcceleratorTargets.Simulation, configuration: chosen, memory: memory);
        var edqa = new LayerQuantizer(target);
        foreach (int size in sizes)
        {
            progress?.Describe($"latency: L = {size}");
            // Random input of the layer's size, as the paper's hardware comparison used.
            var random = new Random(unchecked((seed * 100_003) + size));
            float[] values = Enumerable.Range(0, size).Select(_ => (float)random.NextDouble()).ToArray();
            LayerQuantization quantized = edqa.Quantize(values, TensorLayout.Create([1, size], 0), format,
                ScaleGranularity.Layer, [true], $"latency L={size}");
            LayerDequantization dequantized = edqa.Dequantize(quantized.Layer, $"latency L={size}");
            ulong quantize = quantized.Cycles![0].Total;
            ulong dequantize = dequantized.Cycles![0].Total;
            (ulong NoisyQuantize, ulong NoisyDequantize)? noisy = NoisyQuantCycles(target, values, format.Bits);
            (ulong Parallel, ulong Calibrated, int Macs)? alternatives = noisy is null
                ? null
                : Simulator.NoisyQuantAlternatives(new EdqaNoisyquantConfig { Bits = (uint)format.Bits,
                        Side = (uint)Math.Round(Math.Sqrt(size)) });
            macs = alternatives?.Macs ?? macs;
            (double Quantize, double Dequantize) layer = LayerThroughput(edqa, random, format, size);
            var paper = Paper.Where(p => p.Size == size && format == new QuantFormat(3, 3)).Select(p =>
                ((string, double, double, double, double)?)(p.Layers, p.Quantize, p.Dequantize, p.NoisyQuantize,
                        p.NoisyDequantize)).FirstOrDefault();
            table.AddRow(paper?.Item1, size, quantize, dequantize, quantize / mhz, dequantize / mhz,
                noisy?.NoisyQuantize, noisy?.NoisyDequantize, noisy?.NoisyQuantize / mhz, noisy?.NoisyDequantize / mhz,
                noisy is { } n ? (double)(n.NoisyQuantize + n.NoisyDequantize) / (quantize + dequantize) : null,
                alternatives?.Parallel,
                noisy is { } np && alternatives is { } ap
                    ? (double)(ap.Parallel + np.NoisyDequantize) / (quantize + dequantize)
                    : null,
                alternatives?.Calibrated,
                noisy is { } nc && alternatives is { } ac
                    ? (double)(ac.Calibrated + nc.NoisyDequantize) / (quantize + dequantize)
                    : null,
                paper?.Item2, paper?.Item3, paper?.Item4, paper?.Item5,
                paper is { } p ? (p.Item4 + p.Item5) / (p.Item2 + p.Item3) : null,
                layer.Quantize, layer.Dequantize, layer.Quantize * mhz, layer.Dequantize * mhz);
            progress?.Advance();
        }

        table.AddNote(
            $"Modeled: cycle counts of the cycle-level SystemC accelerators ({Simulator.LibraryVersion}) at {mhz:0.#} "
            + $"MHz, not measured on a board; the DMA model at {MemoryOptions.Describe(memory)}.");
        table.AddNote(
            "Paper: eDQA and NoisyQuant on the PYNQ-Z1 at 200 MHz (Table 3), measured on the board: its times include "
            + "the ARM's register and DMA work per call, ours are the accelerator's cycles alone.");
        table.AddNote(
            $"Layer: {LayerChannels} channels of that size, the first {LayerImportant:P0} important, as one layer (one "
            + $"START), activations per accelerator cycle and millions per second at {mhz:0.#} MHz "
            + $"(docs/performance.md, \"Board figures at the board's limits\").");
        table.AddNote(
            $"Speed-up, K MACs: the same online search on {macs} multiply-accumulate units, each interleaving 5 output "
            + $"elements so its adder takes an addition every cycle (the DSPs a one-unit eDQA leaves on the xc7z020); "
            + $"calibrated: NoisyQuant as its paper runs it at inference, clip and noise fixed at calibration, one "
            + $"pass per record. Both are schedules (hw/edqa_schedule.h), not simulated designs; "
            + $"de-quantize as simulated.");
        table.AddNote(
            "Quote the K-MAC speed-up for eDQA against online NoisyQuant on equal silicon; the paper's design ratio is "
            + "the simulated one; calibration-time NoisyQuant is a different method (no online search) and as fast as "
            + "eDQA's direct path.");
        table.AddNote(
            "Speed-up = NoisyQuant / eDQA, quantize + de-quantize. The NoisyQuant model does one multiply-accumulate "
            + "per float-add latency (5 cycles: the spec's sums are sequential); its 21 S x S x S matrix products are "
            + "the online search eDQA avoids.");
        return table;
    }

    /// <summary>Activations per cycle of a layer of <see cref="LayerChannels"/> random channels of one size, quantized
    /// and de-quantized as one layer.</summary>
    private static (double Quantize, double Dequantize) LayerThroughput(LayerQuantizer edqa, Random random,
        QuantFormat format, int size)
    {
        float[] values = Enumerable.Range(0, LayerChannels * size).Select(_ => (float)random.NextDouble()).ToArray();
        bool[] important = Enumerable.Range(0, LayerChannels).Select(c => c < LayerImportant * LayerChannels).ToArray();
        LayerQuantization quantized = edqa.Quantize(values, TensorLayout.Create([LayerChannels, size], 0), format,
            ScaleGranularity.Channel, important, $"latency layer L={size}");
        LayerDequantization dequantized = edqa.Dequantize(quantized.Layer, $"latency layer L={size}");
        double activations = values.Length;
        return (activations / quantized.Cycles!.Aggregate(0UL, (sum, c) => sum + c.Total),
            activations / dequantized.Cycles!.Aggregate(0UL, (sum, c) => sum + c.Total));
    }

    /// <summary>NoisyQuant's cycles on an S x S channel (S &lt;= 64), or null for a length that is not such a
    /// square.</summary>
    private static (ulong, ulong)? NoisyQuantCycles(IAcceleratorTarget target, float[] values, int bits)
    {
        int side = (int)Math.Round(Math.Sqrt(values.Length));
        if (side * side != values.Length || side is < 1 or > NoisyQuantChannel.MaxSide)
        {
            return null;
        }

        (NoisyQuantRecord record, CycleCounts quantize) = target.NoisyQuantQuantize(values, side, bits);
        (_, CycleCounts dequantize) = target.NoisyQuantDequantize(record, side, bits);
        return (quantize.Total, dequantize.Total);
    }

    private static int[] ParseLengths(string list)
    {
        int max = (int)Bindings.Native.EdqaSimNative.EDQA_SIM_MAX_LENGTH;
        int[] sizes =
            list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item =>
            int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int length) && length is >= 1
                && length <= max
                ? length
                : throw new UsageException($"--length: '{item}' is not a channel length in [1, {max}]")).ToArray();
        return sizes.Length > 0 ? sizes : throw new UsageException("--length: name at least one channel length");
    }
}
