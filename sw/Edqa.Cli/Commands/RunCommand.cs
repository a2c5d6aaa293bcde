using System.CommandLine;
using Edqa.Bindings;
using Edqa.Core.Analysis;
using Edqa.Core.Channel;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Experiments;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Training;
using Edqa.Targets;
using Spectre.Console;
using static TorchSharp.torch;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa run</c>, the main job (<c>make run</c>): the co-design flow from a trained network to bit-exact
/// simulated hardware. On the shipped CNN and its shipped ranking by default, it captures the real activations of
/// a test batch as each quantization point receives them during eDQA inference, quantizes every layer through the
/// C# golden model and through the cycle-level SystemC accelerator, checks that the two agree bit for bit (and that
/// the network's tensor path agrees with both), reports sizes and cycles per layer, and measures test accuracy for
/// float32, Direct and eDQA.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint", DefaultValueFactory = _ => "models/cnn.bin" };
        var rank = new Option<string>("--rank") { Description = "Rank file of that checkpoint", DefaultValueFactory = _ => "models/cnn-rank.json" };
        var bits = new Option<int>("--bits", "-n") { Description = "N", DefaultValueFactory = _ => 3 };
        var extraBits = new Option<int>("--extra-bits", "-m") { Description = "m", DefaultValueFactory = _ => 3 };
        var ratio = new Option<double>("--ratio", "-r") { Description = "r, fraction of important channels per layer", DefaultValueFactory = _ => 0.4 };
        var scale = new Option<ScaleGranularity>("--scale") { Description = "Scale groups", DefaultValueFactory = _ => ScaleGranularity.Channel };
        var batch = new Option<int>("--batch") { Description = "Which test batch of 128 to capture", DefaultValueFactory = _ => 0 };
        var skipAccuracy = new Option<bool>("--skip-accuracy") { Description = "Stop after the bit-exactness check" };
        var command = new Command("run", "The main job: real activations through the golden model and the SystemC accelerator, bit-exact, with sizes, cycles and accuracy")
        {
            model, rank, bits, extraBits, ratio, scale, batch, skipAccuracy,
        };
        command.SetAction(result =>
        {
            QuantFormat format = CommandLineHost.CheckUsage(() => new QuantFormat(result.GetValue(bits), result.GetValue(extraBits)));
            double r = result.GetValue(ratio);
            if (!(r >= 0 && r <= 1))
            {
                throw new UsageException("--ratio must be in [0, 1]");
            }

            Torch.Initialize();
            string checkpoint = result.GetValue(model)!;
            QuantizableModel network = NetworkInputs.LoadModel(checkpoint);
            string rankPath = result.GetValue(rank)!;
            RankFile ranking = CommandLineHost.LoadInput(rankPath, () => RankFile.Read(rankPath));
            ChannelMode[][] modes = CommandLineHost.LoadInput(rankPath, () => Methods.EdqaModes(network, ranking, r));
            FashionMnist test = NetworkInputs.LoadData(train: false);
            int batchIndex = result.GetValue(batch);
            if (batchIndex < 0 || batchIndex * Evaluation.BatchSize >= test.Count)
            {
                throw new UsageException($"--batch must be in [0, {(test.Count - 1) / Evaluation.BatchSize}]");
            }

            var granularity = result.GetValue(scale);
            Console.WriteLine($"model {checkpoint} ({network.Architecture}), rank {rankPath}, {format}, r = {r}, scales per {granularity.ToString().ToLowerInvariant()}, test batch {batchIndex} ({Evaluation.BatchSize} images)");
            bool exact = CheckLayers(network, test, batchIndex, format, granularity, modes);
            if (!exact)
            {
                return ExitCodes.Mismatch;
            }

            if (!result.GetValue(skipAccuracy))
            {
                ReportAccuracy(network, test, format, granularity, modes);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static bool CheckLayers(QuantizableModel network, FashionMnist test, int batchIndex, QuantFormat format, ScaleGranularity granularity, ChannelMode[][] modes)
    {
        var quantizer = new EdqaTensorQuantizer(format, granularity, modes);
        (Tensor images, _) = test.Batch(batchIndex * Evaluation.BatchSize, Math.Min(Evaluation.BatchSize, test.Count - (batchIndex * Evaluation.BatchSize)));
        (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(network, images, quantizer);
        var table = new TableOutput(
            "per layer: golden model vs SystemC accelerator",
            ["layer", "channels", "important", "records", "direct bytes", "eDQA bytes", "N+m bytes", "Huffman ratio", "quantize cycles", "de-quantize cycles", "us at 200 MHz", "bit-exact"]);
        Difference? firstDifference = null;
        using var simulation = (SimulationTarget)TargetOption.Open(AcceleratorTargets.Simulation);
        Terminal.Create().Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("golden model and SystemC, layer by layer", maxValue: captured.Count);
                foreach (CapturedActivation activation in captured)
                {
                    task.Description = $"golden model and SystemC: {activation.Point.Name}";
                    TensorLayout layout = TensorLayout.Create(activation.Shape, 1);
                    bool[] important = modes[activation.Point.Index].Select(m => m == ChannelMode.Important).ToArray();
                    var golden = new LayerQuantizer(ChannelCodec.Reference);
                    QuantizedLayer expected = golden.Quantize(activation.Data, layout, format, granularity, important);
                    float[] expectedValues = golden.Dequantize(expected);
                    TargetQuantization hardware = simulation.Quantize(activation.Data, layout, format, granularity, important);
                    TargetDequantization hardwareValues = simulation.Dequantize(expected);
                    Difference? difference =
                        LayerComparison.Compare(expected, hardware.Layer, "golden model", "SystemC", activation.Point.Name)
                        ?? LayerComparison.CompareValues(expectedValues, hardwareValues.Values, layout, "golden model", "SystemC", activation.Point.Name)
                        ?? LayerComparison.CompareValues(expectedValues, activation.Output!, layout, "golden model", "network tensor path", activation.Point.Name);
                    firstDifference ??= difference;
                    var footprint = LayerFootprint.Of(expected, ChannelCodec.Optimized);
                    ulong quantizeCycles = hardware.Cycles!.Aggregate(0UL, (s, c) => s + c.Total);
                    ulong dequantizeCycles = hardwareValues.Cycles!.Aggregate(0UL, (s, c) => s + c.Total);
                    table.AddRow(activation.Point.Name, layout.Channels, important.Count(x => x), layout.RecordCount,
                        footprint.DirectBits / 8, footprint.EdqaBits / 8, footprint.WideBits / 8, $"{footprint.ErrorCompressionRatio:F3}",
                        quantizeCycles, dequantizeCycles, $"{(quantizeCycles + dequantizeCycles) / (double)CycleSummary.ClockMHz:F0}", difference is null ? "yes" : "NO");
                    task.Increment(1);
                }
            });
        table.AddNote("bytes: the layer's codes at N bits (Direct), plus Huffman-coded errors and codebooks (eDQA), or errors stored raw (N+m).");
        table.AddNote("Huffman ratio: raw m-bit errors / (payload + codebook bits). Cycles: the accelerator's counters, one channel at a time, modeled.");
        Console.Write(table.Render(TableFormat.Text));
        if (firstDifference is not null)
        {
            Console.WriteLine($"DIFFERENCE: {firstDifference}");
            return false;
        }

        Console.WriteLine($"bit-exact: golden model = SystemC accelerator = network tensor path on {captured.Count} layers of real activations");
        return true;
    }

    private static void ReportAccuracy(QuantizableModel network, FashionMnist test, QuantFormat format, ScaleGranularity granularity, ChannelMode[][] modes)
    {
        var methods = new (string Name, IActivationQuantizer? Quantizer)[]
        {
            ("float32", null),
            ($"Direct, N = {format.Bits}", new EdqaTensorQuantizer(format, granularity, Methods.EdqaModes(network, null, 0))),
            ($"eDQA, N = {format.Bits}, m = {format.ExtraBits}", new EdqaTensorQuantizer(format, granularity, modes)),
        };
        var accuracy = new double[methods.Length];
        Terminal.Create().Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"test accuracy ({test.Count} images, batch {Evaluation.BatchSize})", maxValue: methods.Length);
                for (int i = 0; i < methods.Length; i++)
                {
                    using var hooks = methods[i].Quantizer is null ? null : new QuantizationHooks(network, methods[i].Quantizer!);
                    accuracy[i] = Evaluation.Accuracy(network, test);
                    task.Increment(1);
                }
            });
        for (int i = 0; i < methods.Length; i++)
        {
            Console.WriteLine($"test accuracy, {methods[i].Name}: {100 * accuracy[i]:F2}%");
        }
    }
}
