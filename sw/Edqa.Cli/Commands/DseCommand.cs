using System.CommandLine;
using System.Globalization;
using Edqa.Bindings;
using Edqa.Core.Channel;
using Edqa.Core.Quantization;
using Edqa.Nn.Experiments;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa dse</c>: design-space exploration of the eDQA accelerator (<see cref="DesignSpace"/>) on whole layers (a
/// ResNet-18-sized layer of synthetic post-ReLU activations, and the shipped CNN's real activations), as a table of
/// the design points and whether they fit the xc7z020. A PNG plots activations per cycle against LUTs with the
/// Pareto front.
/// </summary>
public static class DseCommand
{
    public static Command Create()
    {
        var codings = new Option<string>("--coding")
        {
            Description = "Codings to sweep, comma-separated: adaptive, static, smallest",
            DefaultValueFactory = _ => "adaptive,static,smallest"
        };
        var codeCoding = new Option<CodeCoding>("--code-coding")
        {
            Description = "How the records store their codes in the whole sweep (spec §3.8): packed (the paper's) or "
                + "static (each layer's codes' static code from the layer itself)",
            CustomParser = EnumOption.Parse<CodeCoding>,
            DefaultValueFactory = _ => CodeCoding.Packed,
        };
        var bits = new Option<int>("--bits", "-n") { Description = "N", DefaultValueFactory = _ => 3 };
        var extraBits = new Option<int>("--extra-bits", "-m") { Description = "m", DefaultValueFactory = _ => 3 };
        var ratio = new Option<double>("--ratio", "-r")
        {
            Description = "Share of each layer's channels that are important",
            DefaultValueFactory = _ => 0.4
        };
        var resources = new Option<string>("--resources")
        {
            Description = "The resource estimates (edqa-hwlint hw --configurations --json)",
            DefaultValueFactory = _ => ShippedFile.Default("docs/resources.json")
        };
        var activations = new Option<string>("--activations")
        {
            Description = "A directory of .npy layers from a shipped network (edqa capture)",
            DefaultValueFactory = _ => ShippedFile.Default("tests/vectors/real")
        };
        var only = new Option<string?>("--layers")
        {
            Description = "Only these layers, comma-separated (resnet18-layer1, resnet18-layer2, resnet18-layer4, "
                + "cnn-relu1, ...); default all"
        };
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw activations per cycle against LUTs, with the Pareto front, as this PNG"
        };
        var ddr = new Option<double>("--ddr-mbps")
        {
            Description = "DDR peak bandwidth shared by both directions, MB/s (the simulated DMA's and the bound's)",
            DefaultValueFactory = _ => DesignSpace.DefaultDdrMegabytesPerSecond
        };
        MemoryOptions memory = MemoryOptions.Create();
        var format = TableOutput.FormatOption();
        var command = new Command("dse",
            "Design-space exploration: units x lanes x coding on whole layers, throughput against the DDR bound and "
            + "the estimated resources")
        {
            codings, codeCoding, bits, extraBits, ratio, resources, activations, only, plot, ddr, memory.Efficiency,
            memory.Clock, memory.Dma, format,
        };
        command.SetAction(result =>
        {
            QuantFormat quantFormat =
                CommandLineHost.CheckUsage(() => new QuantFormat(result.GetValue(bits), result.GetValue(extraBits)));
            RecordCoding[] chosen = result.GetValue(codings)!
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(c =>
                    Enum.TryParse(c, ignoreCase: true, out RecordCoding coding) && Enum.IsDefined(coding)
                        ? coding
                        : throw new UsageException($"--coding: '{c}' is not adaptive, static or smallest"))
                .ToArray();
            if (chosen.Length == 0)
            {
                throw new UsageException("--coding: name at least one coding");
            }

            double r = result.GetValue(ratio);
            if (!(r >= 0 && r <= 1))
            {
                throw new UsageException("--ratio must be in [0, 1]");
            }

            double mbps = result.GetValue(ddr);
            if (!(mbps >= 100 && mbps <= 100_000) || mbps != Math.Floor(mbps))
            {
                throw new UsageException("--ddr-mbps must be a whole number in 100..100000");
            }

            MemorySettings settings = memory.Read(result, (uint)mbps);

            string resourcesPath = ShippedFile.Require(result.GetValue(resources)!, "resource estimate");
            string activationsPath =
                ShippedFile.Require(result.GetValue(activations)!, "directory of real activations");
            if (!Directory.Exists(activationsPath))
            {
                throw new InputException($"{activationsPath}: no such directory of layers (edqa capture writes one)");
            }

            IReadOnlyList<DesignSpace.ResourceEstimate> estimates =
                CommandLineHost.LoadInput(resourcesPath, () => DesignSpace.ReadResources(resourcesPath));
            List<DesignSpace.Layer> layers =
            [
                .. DesignSpace.SyntheticLayers(),
                .. DesignSpace.ShippedLayerFiles(activationsPath)
                    .Select(path => CommandLineHost.LoadInput(path, () => DesignSpace.ShippedLayer(path))),
            ];
            if (result.GetValue(only) is string names)
            {
                string[] wanted =
                    names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                string? unknown = wanted.FirstOrDefault(w => layers.All(l => l.Name != w));
                layers = unknown is null ? layers.Where(l => wanted.Contains(l.Name)).ToList()
                    : throw new UsageException(
                        $"--layers: '{unknown}' is not one of {string.Join(", ", layers.Select(l => l.Name))}");
            }
            CodeCoding codes = result.GetValue(codeCoding);
            IReadOnlyList<DesignSpace.Point> points = ProgressDisplay.Run("dse",
                DesignSpace.Runs(layers.Count, chosen.Length), progress =>
                    DesignSpace.Explore(layers, chosen, quantFormat, r, settings, estimates, codes, ran =>
                    {
                        progress.Describe($"dse: {ran}");
                        progress.Advance();
                    }));
            if (result.GetValue(plot) is string plotPath)
            {
                DrawPareto(points, CommandLineHost.OutputPath(plotPath, "--plot"), codes);
            }

            Console.Write(Table(points, quantFormat, r, settings, codes).Render(result.GetValue(format)));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The design points as a table, with what was modeled and the best design that fits.</summary>
    public static TableOutput Table(IReadOnlyList<DesignSpace.Point> points, QuantFormat format, double ratio,
        MemorySettings memory, CodeCoding codeCoding = CodeCoding.Packed)
    {
        var table = new TableOutput(
            $"design space: units x lanes x coding, {format}, r = {ratio:0.##}, "
            + (codeCoding == CodeCoding.Static ? "codes coded (code coding static), " : "")
            + MemoryOptions.Describe(memory),
        [
            new("units", "units"), new("lanes", "lanes"), new("coding", "coding"), new("layer", "layer"),
            new("activations", "activations"),
            new("quantize_per_cycle", "q act/cycle", "0.000"), new("dequantize_per_cycle", "dq act/cycle", "0.000"),
            new("quantize_mact_per_second", "q Mact/s", "0.0"), new("dequantize_mact_per_second", "dq Mact/s", "0.0"),
            new("quantize_memory_bound", "q memory bound", "0.00"),
            new("dequantize_memory_bound", "dq memory bound", "0.00"),
            new("bits_per_activation", "bits/act", "0.000"),
            new("bram36", "BRAM36"), new("dsp", "DSP"), new("lut", "LUT"), new("ff", "FF"), new("fits", "fits xc7z020"),
        ]);
        table.KeyColumns = 4;
        foreach (DesignSpace.Point p in points)
        {
            DesignSpace.ResourceEstimate? estimate = p.Estimate;
            table.AddRow(p.Configuration.Units, p.Configuration.Lanes, Name(p.Coding), p.Layer, p.Activations,
                p.Quantize, p.Dequantize, p.QuantizePerSecond / 1e6, p.DequantizePerSecond / 1e6,
                p.QuantizeDdrBound, p.DequantizeDdrBound, p.BitsPerActivation,
                estimate?.Bram36, estimate?.Dsp, estimate?.Lut, estimate?.Ff, estimate?.Fits);
        }

        table.AddNote(
            "Modeled: the cycle-level SystemC accelerator, the accelerator's counters over one START per layer (one "
            + "per DMA transfer), the DMA model sharing the DDR between both directions at the settings above; no ARM "
            + "time. Mact/s: activations per cycle at the fabric clock.");
        table.AddNote(string.Create(CultureInfo.InvariantCulture,
            $"Memory bound: the layer's stream words both ways (descriptors, values, records, trailers) at the DDR's "
            + $"{memory.DdrBytesPerCycle:0.###} bytes per cycle, and each direction's at the DMA's "
            + $"{memory.DmaBeatsPerCycle:0.###} beats per cycle; no configuration can beat it."));
        table.AddNote(
            "Resources: edqa-hwlint --configurations (LUT and FF: Yosys's mapping of the RTL kernels, each counted "
            + "once per module, and of the block RAMs, the vendor cores' and the DMA's documented figures, the rest "
            + "modeled; no factor fitted; docs/performance.md, \"Resources\"). Codings share one design.");
        if (DesignSpace.Best(points) is { } best)
        {
            table.AddNote(string.Create(CultureInfo.InvariantCulture,
                $"Best that fits, on the slower direction of {DesignSpace.ReferenceLayer}: "
                + $"{best.Configuration.Units} x {best.Configuration.Lanes}, coding {Name(best.Coding)}: "
                + $"{best.Quantize:0.000} activations per cycle to quantize, {best.Dequantize:0.000} to de-quantize "
                + $"({best.Estimate!.Lut} LUT)."));
        }

        return table;
    }

    /// <summary>Activations per cycle (the slower direction) against LUTs, one panel per layer run, in the order
    /// they ran; the coding by marker and colour; the title says when the codes are Huffman-coded too.</summary>
    public static void DrawPareto(IReadOnlyList<DesignSpace.Point> points, string path,
        CodeCoding codes = CodeCoding.Packed) =>
        Figures.Pareto(points.Where(p => p.Estimate is not null).GroupBy(p => p.Layer).Select(layer =>
                ($"eDQA design space on {layer.Key} ({layer.First().Activations:N0} activations"
                    + (codes == CodeCoding.Static ? ", codes Huffman-coded)" : ")"),
                    (IReadOnlyList<Figures.Design>)layer.Select(p => new Figures.Design(
                        $"{p.Configuration.Units}x{p.Configuration.Lanes}", Name(p.Coding), p.Estimate!.Lut,
                        p.Slower, p.Fits)).ToList())).ToList(),
            "estimated LUTs (whole design; the xc7z020 has 53,200)", "activations per cycle (slower direction)", path);

    private static string Name(RecordCoding coding) => coding.ToString().ToLowerInvariant();
}
