using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Edqa.Bindings;
using Edqa.Core.Channel;
using Edqa.Core.Huffman;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Nn.Experiments;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa dse</c>: design-space exploration of the eDQA accelerator. Every configuration of units and lanes the
/// simulation elaborates, under each coding, quantizes and de-quantizes whole layers (a ResNet-18-sized layer of
/// synthetic post-ReLU activations, and the shipped CNN's real activations) on the cycle-level model; each row has
/// the activations per cycle both ways, the DDR bound of that layer's traffic, and the configuration's estimated
/// resources (docs/resources.json, from <c>edqa-hwlint --configurations --json</c>) and whether they fit the
/// xc7z020. A PNG plots activations per cycle against LUTs with the Pareto front.
/// </summary>
public static class DseCommand
{
    /// <summary>The PYNQ-Z1's DDR3: 16 bits at 1050 MT/s.</summary>
    public const double DefaultDdrMegabytesPerSecond = 2100;

    /// <summary>A layer the sweep runs: its name, activations, layout.</summary>
    public sealed record DseLayer(string Name, float[] Data, TensorLayout Layout);

    /// <summary>One configuration's resources, as the estimator wrote them.</summary>
    public sealed record ResourceEstimate(int Units, int Lanes, int Bram36, int Dsp, long Lut, long Ff, bool Fits);

    public static Command Create()
    {
        var codings = new Option<string>("--coding") { Description = "Codings to sweep, comma-separated: adaptive, static, smallest", DefaultValueFactory = _ => "adaptive,static,smallest" };
        var bits = new Option<int>("--bits", "-n") { Description = "N", DefaultValueFactory = _ => 3 };
        var extraBits = new Option<int>("--extra-bits", "-m") { Description = "m", DefaultValueFactory = _ => 3 };
        var ratio = new Option<double>("--ratio", "-r") { Description = "Share of each layer's channels that are important", DefaultValueFactory = _ => 0.4 };
        var resources = new Option<string>("--resources") { Description = "The resource estimates (edqa-hwlint hw --configurations --json)", DefaultValueFactory = _ => Path.Combine("docs", "resources.json") };
        var activations = new Option<string>("--activations") { Description = "A directory of .npy layers from a shipped network (edqa capture)", DefaultValueFactory = _ => Path.Combine("tests", "vectors", "real") };
        var only = new Option<string?>("--layers") { Description = "Only these layers, comma-separated (resnet18-layer1, resnet18-layer2, resnet18-layer4, cnn-relu1, ...); default all" };
        var plot = new Option<string?>("--plot") { Description = "Also draw activations per cycle against LUTs, with the Pareto front, as this PNG" };
        var ddr = new Option<double>("--ddr-mbps") { Description = "DDR bandwidth shared by both directions, MB/s", DefaultValueFactory = _ => DefaultDdrMegabytesPerSecond };
        var format = TableOutput.FormatOption();
        var command = new Command("dse", "Design-space exploration: units x lanes x coding on whole layers, throughput against the DDR bound and the estimated resources")
        {
            codings, bits, extraBits, ratio, resources, activations, only, plot, ddr, format,
        };
        command.SetAction(result =>
        {
            QuantFormat quantFormat = CommandLineHost.CheckUsage(() => new QuantFormat(result.GetValue(bits), result.GetValue(extraBits)));
            RecordCoding[] chosen = result.GetValue(codings)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(c => Enum.TryParse(c, ignoreCase: true, out RecordCoding coding) && Enum.IsDefined(coding) ? coding : throw new UsageException($"--coding: '{c}' is not adaptive, static or smallest")).ToArray();
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
            if (!(mbps >= 100 && mbps <= 100_000))
            {
                throw new UsageException("--ddr-mbps must be in 100..100000");
            }

            string resourcesPath = result.GetValue(resources)!;
            IReadOnlyList<ResourceEstimate> estimates = CommandLineHost.LoadInput(resourcesPath, () => ReadResources(resourcesPath));
            List<DseLayer> layers = [.. SyntheticLayers(), .. ShippedLayers(result.GetValue(activations)!)];
            if (result.GetValue(only) is string names)
            {
                string[] wanted = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                string? unknown = wanted.FirstOrDefault(w => layers.All(l => l.Name != w));
                layers = unknown is null ? layers.Where(l => wanted.Contains(l.Name)).ToList()
                    : throw new UsageException($"--layers: '{unknown}' is not one of {string.Join(", ", layers.Select(l => l.Name))}");
            }
            TableOutput table = Explore(layers, chosen, quantFormat, r, mbps, estimates, progress: Console.Error);
            if (result.GetValue(plot) is string plotPath)
            {
                DrawPareto(table, CommandLineHost.OutputPath(plotPath, "--plot"));
            }

            Console.Write(table.Render(result.GetValue(format)));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The estimator's JSON: one object per configuration.</summary>
    public static IReadOnlyList<ResourceEstimate> ReadResources(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.EnumerateArray().Select(e => new ResourceEstimate(
                e.GetProperty("units").GetInt32(), e.GetProperty("lanes").GetInt32(), e.GetProperty("bram36").GetInt32(), e.GetProperty("dsp").GetInt32(),
                e.GetProperty("lut").GetInt64(), e.GetProperty("ff").GetInt64(), e.GetProperty("fits").GetBoolean())).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A damaged or foreign file names itself and the fix, not an internal error.
            throw new InputException($"{path}: not a resource estimate of edqa-hwlint --configurations --json ({e.Message}); run `make resources`");
        }
    }

    /// <summary>ResNet-18's stages on 224 x 224 inputs: 64 channels of 56 x 56, 128 of 28 x 28 and 512 of 7 x 7 (the
    /// paper's largest, a middle and its smallest channels), post-ReLU: half zeros, the rest exponential (seeded).</summary>
    public static IEnumerable<DseLayer> SyntheticLayers()
    {
        foreach ((string name, int channels, int side) in new[] { ("resnet18-layer1", 64, 56), ("resnet18-layer2", 128, 28), ("resnet18-layer4", 512, 7) })
        {
            var random = new Random(channels * side);
            float[] data = new float[channels * side * side];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = random.Next(2) == 0 ? 0f : (float)-Math.Log(1 - random.NextDouble());
            }

            yield return new DseLayer(name, data, TensorLayout.Create([1, channels, side, side], 1));
        }
    }

    /// <summary>The shipped network's layers (tests/vectors/real: what each quantization point of the CNN received).</summary>
    public static IEnumerable<DseLayer> ShippedLayers(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (string path in Directory.GetFiles(directory, "*.npy").Order(StringComparer.Ordinal))
        {
            NpyArray array = CommandLineHost.LoadInput(path, () => NpyFile.Read(path));
            yield return new DseLayer("cnn-" + Path.GetFileNameWithoutExtension(path), array.Data, TensorLayout.Create(array.Shape, 1));
        }
    }

    public static TableOutput Explore(IReadOnlyList<DseLayer> layers, IReadOnlyList<RecordCoding> codings, QuantFormat format, double ratio, double ddrMegabytesPerSecond,
        IReadOnlyList<ResourceEstimate> estimates, TextWriter? progress = null)
    {
        var table = new TableOutput($"design space: units x lanes x coding, {format}, r = {ratio:0.##}, DDR {ddrMegabytesPerSecond:0} MB/s",
        [
            new("units", "units"), new("lanes", "lanes"), new("coding", "coding"), new("layer", "layer"), new("activations", "activations"),
            new("quantize_per_cycle", "q act/cycle", "0.000"), new("dequantize_per_cycle", "dq act/cycle", "0.000"),
            new("quantize_ddr_bound", "q DDR bound", "0.00"), new("dequantize_ddr_bound", "dq DDR bound", "0.00"),
            new("bits_per_activation", "bits/act", "0.000"),
            new("bram36", "BRAM36"), new("dsp", "DSP"), new("lut", "LUT"), new("ff", "FF"), new("fits", "fits xc7z020"),
        ]);
        double bytesPerCycle = ddrMegabytesPerSecond / Simulator.ClockMHz;
        int runs = AcceleratorConfiguration.All.Count * codings.Count * layers.Count, run = 0;
        foreach (AcceleratorConfiguration configuration in AcceleratorConfiguration.All)
        {
            ResourceEstimate? estimate = estimates.FirstOrDefault(e => e.Units == configuration.Units && e.Lanes == configuration.Lanes);
            using var target = new SimulationTarget(configuration: configuration);
            var quantizer = new LayerQuantizer(target);
            foreach (RecordCoding coding in codings)
            {
                foreach (DseLayer layer in layers)
                {
                    progress?.WriteLine($"dse: {++run}/{runs}: {configuration} {coding.ToString().ToLowerInvariant()} {layer.Name}");
                    bool[] important = Enumerable.Range(0, layer.Layout.Channels).Select(c => c < Math.Round(ratio * layer.Layout.Channels)).ToArray();
                    CanonicalCode? staticCode = coding == RecordCoding.Adaptive ? null : StaticCodeOf(layer, format, important);
                    LayerQuantization quantized = quantizer.Quantize(layer.Data, layer.Layout, format, ScaleGranularity.Channel, important, layer.Name, coding, staticCode);
                    LayerDequantization dequantized = quantizer.Dequantize(quantized.Layer, layer.Name);
                    double activations = layer.Data.Length;
                    double quantizeCycles = quantized.Cycles!.Aggregate(0.0, (sum, c) => sum + c.Total);
                    double dequantizeCycles = dequantized.Cycles!.Aggregate(0.0, (sum, c) => sum + c.Total);
                    // The stream words each way (docs/spec.md §7): per record a descriptor and its input, its output and a
                    // trailer (and the static code once); the DDR carries both directions.
                    long recordWords = quantized.Layer.Records.Sum(w => (long)w.Length);
                    long records = quantized.Layer.Records.Length;
                    long codeWords = staticCode is null ? 0 : StaticCode.ToWords(staticCode, format.ExtraBits).Length;
                    long quantizeWords = (3 * records) + layer.Data.Length + codeWords + recordWords + (2 * records);
                    long dequantizeWords = (3 * records) + recordWords + codeWords + layer.Data.Length + (2 * records);
                    table.AddRow(configuration.Units, configuration.Lanes, coding.ToString().ToLowerInvariant(), layer.Name, layer.Data.Length,
                        activations / quantizeCycles, activations / dequantizeCycles,
                        bytesPerCycle * activations / (4.0 * quantizeWords), bytesPerCycle * activations / (4.0 * dequantizeWords),
                        32.0 * recordWords / activations,
                        estimate?.Bram36, estimate?.Dsp, estimate?.Lut, estimate?.Ff, estimate?.Fits);
                }
            }
        }

        table.AddNote("Modeled: the cycle-level SystemC accelerator, the accelerator's counters over one START per layer (one per DMA transfer), the DMA model sharing the DDR between both directions; no ARM time.");
        table.AddNote("DDR bound: the layer's stream words both ways (descriptors, values, records, trailers) at the DDR's bytes per cycle; no configuration can beat it, and the one-word-a-cycle stream of one lane bounds quantizing at 1.");
        table.AddNote("Resources: edqa-hwlint --configurations (BRAM and DSP counted from the source, LUT and FF an analytic estimate calibrated to the paper's Table 4; docs/performance.md). Codings share one design.");
        if (Best(table) is { } best)
        {
            table.AddNote(string.Create(CultureInfo.InvariantCulture,
                $"Best that fits, on the slower direction of resnet18-layer1: {best.Units} x {best.Lanes}, coding {best.Coding}: {best.Quantize:0.000} activations per cycle to quantize, {best.Dequantize:0.000} to de-quantize ({best.Lut} LUT)."));
        }

        return table;
    }

    private static CanonicalCode StaticCodeOf(DseLayer layer, QuantFormat format, bool[] important)
    {
        var histogram = new long[format.AlphabetSize];
        LayerQuantizer.CalibrationHistogram(layer.Data, layer.Layout, format, ScaleGranularity.Channel, important, histogram);
        return StaticCode.FromHistogram(histogram);
    }

    /// <summary>A row of the table as numbers (JSON is the table's own serialization, so one reading serves all).</summary>
    public sealed record DsePoint(int Units, int Lanes, string Coding, string Layer, double Quantize, double Dequantize, long? Lut, bool? Fits);

    public static IReadOnlyList<DsePoint> Points(TableOutput table)
    {
        var rows = table.ToJson()["rows"]!.AsArray();
        return rows.Select(r => new DsePoint((int)r!["units"]!, (int)r["lanes"]!, (string)r["coding"]!, (string)r["layer"]!, (double)r["quantize_per_cycle"]!,
            (double)r["dequantize_per_cycle"]!, (long?)r["lut"], (bool?)r["fits"])).ToList();
    }

    private static (int Units, int Lanes, string Coding, double Quantize, double Dequantize, long? Lut)? Best(TableOutput table) =>
        Points(table).Where(p => p.Layer == "resnet18-layer1" && p.Fits == true).OrderByDescending(p => Math.Min(p.Quantize, p.Dequantize)).ThenBy(p => p.Lut)
            .Select(p => ((int, int, string, double, double, long?)?)(p.Units, p.Lanes, p.Coding, p.Quantize, p.Dequantize, p.Lut)).FirstOrDefault();

    /// <summary>Activations per cycle (the slower direction) against LUTs, on the ResNet-18-sized layer (or the first
    /// layer the table has).</summary>
    public static void DrawPareto(TableOutput table, string path)
    {
        IReadOnlyList<DsePoint> all = Points(table);
        string layer = all.Any(p => p.Layer == "resnet18-layer1") ? "resnet18-layer1" : all[0].Layer;
        List<DsePoint> points = all.Where(p => p.Layer == layer && p.Lut is not null).ToList();
        Figures.Pareto(
            points.Select(p => ($"{p.Units}x{p.Lanes} {p.Coding}", (double)p.Lut!.Value, Math.Min(p.Quantize, p.Dequantize), p.Fits == true)).ToList(),
            "estimated LUTs (whole design; the xc7z020 has 53,200)", "activations per cycle (slower direction)",
            $"eDQA design space on {layer}", path);
    }
}
