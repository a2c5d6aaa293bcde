using System.Text.Json;
using Edqa.Bindings;
using Edqa.Core;
using Edqa.Core.Channel;
using Edqa.Core.Huffman;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Targets;

/// <summary>
/// The design space of the eDQA accelerator (<c>edqa dse</c>): every configuration of units and lanes the simulation
/// elaborates, under each coding, quantizes and de-quantizes whole layers on the cycle-level model; each design point
/// has the activations per cycle both ways and per second at the stated clock, the memory's bound on that layer's
/// traffic, and the configuration's estimated resources (docs/resources.json, from
/// <c>edqa-hwlint --configurations --json</c>). The memory settings (DDR peak and efficiency, fabric and DMA clocks)
/// reach the simulated DMA, not only the bound.
/// </summary>
public static class DesignSpace
{
    /// <summary>The PYNQ-Z1's DDR3: 16 bits at 1050 MT/s.</summary>
    public const double DefaultDdrMegabytesPerSecond = MemorySettings.DefaultDdrMegabytesPerSecond;

    /// <summary>The layer the best design is chosen on: ResNet-18's largest channels.</summary>
    public const string ReferenceLayer = "resnet18-layer1";

    /// <summary>A layer the sweep runs: its name, activations, layout.</summary>
    public sealed record Layer(string Name, float[] Data, TensorLayout Layout);

    /// <summary>One configuration's resources, as the estimator wrote them.</summary>
    public sealed record ResourceEstimate(int Units, int Lanes, int Bram36, int Dsp, long Lut, long Ff, bool Fits);

    /// <summary>One configuration under one coding on one layer: activations per cycle to quantize and to
    /// de-quantize, the memory's bound on each (the DDR's bytes per cycle and the DMA's beats per cycle), the stored
    /// bits per activation, the fabric clock, and the configuration's resources (null where the estimator has
    /// none).</summary>
    public sealed record Point(
        AcceleratorConfiguration Configuration, RecordCoding Coding, string Layer, int Activations,
        double Quantize, double Dequantize, double QuantizeDdrBound, double DequantizeDdrBound,
        double BitsPerActivation, ResourceEstimate? Estimate, double ClockMHz = MemorySettings.DefaultClockMHz)
    {
        /// <summary>The slower direction's activations per cycle.</summary>
        public double Slower => Math.Min(Quantize, Dequantize);

        /// <summary>Activations per second to quantize, at <see cref="ClockMHz"/>.</summary>
        public double QuantizePerSecond => Quantize * ClockMHz * 1e6;

        /// <summary>Activations per second to de-quantize, at <see cref="ClockMHz"/>.</summary>
        public double DequantizePerSecond => Dequantize * ClockMHz * 1e6;

        public bool Fits => Estimate?.Fits == true;
    }

    /// <summary>The estimator's JSON: one object per configuration. A damaged or foreign file is an
    /// <see cref="EdqaFormatException"/> that names the fix.</summary>
    public static IReadOnlyList<ResourceEstimate> ReadResources(string path)
    {
        string text = File.ReadAllText(path);
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            return document.RootElement.EnumerateArray().Select(e => new ResourceEstimate(
                e.GetProperty("units").GetInt32(), e.GetProperty("lanes").GetInt32(),
                e.GetProperty("bram36").GetInt32(), e.GetProperty("dsp").GetInt32(), e.GetProperty("lut").GetInt64(),
                e.GetProperty("ff").GetInt64(),
                e.GetProperty("fits").GetBoolean())).ToList();
        }
        catch (Exception e)
            when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EdqaFormatException("not a resource estimate of edqa-hwlint --configurations --json "
                + $"({e.Message}); run `make resources`", e);
        }
    }

    /// <summary>ResNet-18's stages on 224 x 224 inputs: 64 channels of 56 x 56, 128 of 28 x 28 and 512 of 7 x 7 (the
    /// paper's largest, a middle and its smallest channels), post-ReLU: half zeros, the rest exponential (seeded).
    /// </summary>
    public static IEnumerable<Layer> SyntheticLayers()
    {
        foreach ((string name, int channels, int side) in
            new[] { (ReferenceLayer, 64, 56), ("resnet18-layer2", 128, 28), ("resnet18-layer4", 512, 7) })
        {
            var random = new Random(channels * side);
            float[] data = new float[channels * side * side];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = random.Next(2) == 0 ? 0f : (float)-Math.Log(1 - random.NextDouble());
            }

            yield return new Layer(name, data, TensorLayout.Create([1, channels, side, side], 1));
        }
    }

    /// <summary>The files of the shipped network's layers (tests/vectors/real: what each quantization point of the
    /// CNN received), in name order; none when the directory is absent.</summary>
    public static IEnumerable<string> ShippedLayerFiles(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*.npy").Order(StringComparer.Ordinal) : [];

    public static Layer ShippedLayer(string path)
    {
        NpyArray array = NpyFile.Read(path);
        return new Layer(
            "cnn-" + Path.GetFileNameWithoutExtension(path), array.Data, TensorLayout.Create(array.Shape, 1));
    }

    /// <summary>Every configuration under every coding on every layer, in that order; <paramref name="progress"/>
    /// hears of each run as it ends (<see cref="Runs"/> of them).</summary>
    public static IReadOnlyList<Point> Explore(
        IReadOnlyList<Layer> layers, IReadOnlyList<RecordCoding> codings, QuantFormat format, double ratio,
        MemorySettings memory, IReadOnlyList<ResourceEstimate> estimates, CodeCoding codeCoding = CodeCoding.Packed,
        Action<string>? progress = null)
    {
        var points = new List<Point>();
        double bytesPerCycle = memory.DdrBytesPerCycle;
        foreach (AcceleratorConfiguration configuration in AcceleratorConfiguration.All)
        {
            ResourceEstimate? estimate =
                estimates.FirstOrDefault(e => e.Units == configuration.Units && e.Lanes == configuration.Lanes);
            using var target = new SimulationTarget(configuration: configuration, memory: memory);
            // Each direction's DMA moves at most one beat of `lanes` words per DMA cycle.
            double wordsPerCycle = configuration.Lanes * memory.DmaBeatsPerCycle;
            var quantizer = new LayerQuantizer(target);
            foreach (RecordCoding coding in codings)
            {
                foreach (Layer layer in layers)
                {
                    bool[] important = Enumerable.Range(0, layer.Layout.Channels).Select(c =>
                        c < Math.Round(ratio * layer.Layout.Channels)).ToArray();
                    CanonicalCode? staticCode =
                        coding == RecordCoding.Adaptive ? null : StaticCodeOf(layer, format, important);
                    CanonicalCode? codeStaticCode =
                        codeCoding == CodeCoding.Static ? CodeStaticCodeOf(layer, format, important) : null;
                    LayerQuantization quantized = quantizer.Quantize(layer.Data, layer.Layout, format,
                        ScaleGranularity.Channel, important, layer.Name, coding, staticCode, codeStaticCode);
                    LayerDequantization dequantized = quantizer.Dequantize(quantized.Layer, layer.Name);
                    double activations = layer.Data.Length;
                    double quantizeCycles = quantized.Cycles!.Aggregate(0.0, (sum, c) => sum + c.Total);
                    double dequantizeCycles = dequantized.Cycles!.Aggregate(0.0, (sum, c) => sum + c.Total);
                    // The stream words each way (docs/spec.md §7): per record a descriptor and its input, its output
                    // and a trailer (and the static code once); the DDR carries both directions.
                    long recordWords = quantized.Layer.Records.Sum(w => (long)w.Length);
                    long records = quantized.Layer.Records.Length;
                    long codeWords = (staticCode is null ? 0 : StaticCode.ToWords(staticCode, format.ExtraBits).Length)
                        + (codeStaticCode is null ? 0 : StaticCode.CodesToWords(codeStaticCode, format.Bits).Length);
                    long valuesIn = (3 * records) + layer.Data.Length + codeWords;
                    long recordsIn = (3 * records) + recordWords + codeWords;
                    long valuesOut = layer.Data.Length + (2 * records), recordsOut = recordWords + (2 * records);
                    double Bound(long wordsIn, long wordsOut) => Math.Min(
                        bytesPerCycle * activations / (4.0 * (wordsIn + wordsOut)),
                        wordsPerCycle * activations / Math.Max(wordsIn, wordsOut));
                    points.Add(new Point(configuration, coding, layer.Name, layer.Data.Length,
                        activations / quantizeCycles, activations / dequantizeCycles,
                        Bound(valuesIn, recordsOut), Bound(recordsIn, valuesOut),
                        32.0 * recordWords / activations, estimate, memory.EffectiveClockMHz));
                    progress?.Invoke($"{configuration} {coding.ToString().ToLowerInvariant()} {layer.Name}");
                }
            }
        }

        return points;
    }

    /// <summary>How many runs <see cref="Explore"/> makes.</summary>
    public static int Runs(int layers, int codings) => AcceleratorConfiguration.All.Count * codings * layers;

    /// <summary>The best design that fits, on the slower direction of <see cref="ReferenceLayer"/> (the cheaper of
    /// equals); null when none fits or the layer was not run.</summary>
    public static Point? Best(IEnumerable<Point> points) =>
        points.Where(p => p.Layer == ReferenceLayer && p.Fits)
            .OrderByDescending(p => p.Slower).ThenBy(p => p.Estimate!.Lut).FirstOrDefault();

    // The layer's codes' static code from the layer itself (spec §3.8), as `edqa quantize` computes it by default.
    private static CanonicalCode CodeStaticCodeOf(Layer layer, QuantFormat format, bool[] important)
    {
        var histogram = new long[CodeSymbols.AlphabetSize(format.Bits)];
        LayerQuantizer.CodeCalibrationHistogram(
            layer.Data, layer.Layout, format, ScaleGranularity.Channel, important, histogram);
        return StaticCode.ForCodes(histogram);
    }

    private static CanonicalCode StaticCodeOf(Layer layer, QuantFormat format, bool[] important)
    {
        var histogram = new long[format.AlphabetSize];
        LayerQuantizer.CalibrationHistogram(
            layer.Data, layer.Layout, format, ScaleGranularity.Channel, important, histogram);
        return StaticCode.FromHistogram(histogram);
    }
}
