using System.CommandLine;
using System.Text.Json.Nodes;
using Edqa.Core.Analysis;
using Edqa.Core.Channel;
using Edqa.Core.Huffman;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Experiments;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Training;
using Edqa.Targets;
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
        Option<string> model = NetworkInputs.ModelOption();
        Option<string> rank = NetworkInputs.RankOption();
        SettingOptions setting = SettingOptions.Create();
        Option<ScaleGranularity> scale = NetworkInputs.ScaleOption();
        var batch = new Option<int>("--batch")
        {
            Description = "Which test batch of 128 to capture",
            DefaultValueFactory = _ => 0
        };
        var skipAccuracy = new Option<bool>("--skip-accuracy") { Description = "Stop after the bit-exactness check" };
        var config = new Option<string?>("--config")
        {
            Description = "A per-layer (r, m) configuration from `edqa tune` (instead of -n, -m and -r)"
        };
        var format = TableOutput.FormatOption();
        // The accelerator's options are quantize's; run checks its target against the golden model.
        Option<RecordCoding> coding = LayerInputOptions.CodingOption();
        var accelerators = new AcceleratorOptions(AcceleratorTargets.Simulation);
        var failureDir = FailingRecord.DirectoryOption();
        Option<string?> report = RunReport.Option();
        var grid = new GridOptions(calibration: false);
        var command = new Command("run",
            "The main job: real activations through the golden model and the SystemC accelerator, bit-exact, with "
            + "sizes, cycles and accuracy")
        {
            model, rank, setting.Bits, setting.ExtraBits, setting.Ratio, scale, batch, skipAccuracy, config, format,
            coding, failureDir, report,
        };
        accelerators.AddTo(command);
        grid.AddTo(command);
        command.SetAction(result =>
        {
            (QuantFormat quantFormat, double r) = setting.Read(result);
            GridSetting gridSetting = grid.Read(result);
            Torch.Initialize();
            string checkpoint = result.GetValue(model)!;
            string rankPath = result.GetValue(rank)!;
            (QuantizableModel network, RankFile ranking) = NetworkInputs.LoadModelAndRank(checkpoint, rankPath);
            ChannelMode[][] modes = CommandLineHost.LoadInput(rankPath, () => Methods.EdqaModes(network, ranking, r));
            QuantFormat[] formats = network.ActivationPoints.Select(_ => quantFormat).ToArray();
            string? configPath = result.GetValue(config);
            if (configPath is not null)
            {
                if (setting.All.Any(o => result.GetResult(o) is { Implicit: false }))
                {
                    throw new UsageException("--config gives N, m and r per layer; leave out -n, -m and -r");
                }

                TuneConfig tuned = CommandLineHost.LoadInput(configPath, () => TuneConfig.Read(configPath));
                if (tuned.CheckpointSha256 != network.CheckpointSha256)
                {
                    throw new InputException(
                        $"{configPath} was tuned for checkpoint "
                        + $"{tuned.CheckpointSha256[..Math.Min(12, tuned.CheckpointSha256.Length)]}, not {checkpoint} "
                        + $"({network.CheckpointSha256![..12]}); run `edqa tune --model {checkpoint}`");
                }

                (modes, formats) = CommandLineHost.LoadInput(configPath, () => tuned.Apply(network, ranking));
                quantFormat = formats[0];
            }

            // Each point's N and m on the grid --grid gives it (auto: by the architecture).
            QuantGrid[] grids = gridSetting.Grids(network, null);
            formats = formats.Select((f, i) => new QuantFormat(f.Bits, f.ExtraBits, grids[i])).ToArray();
            FashionMnist test = NetworkInputs.LoadData(train: false);
            int batchIndex = result.GetValue(batch);
            if (batchIndex < 0 || batchIndex * Evaluation.BatchSize >= test.Count)
            {
                throw new UsageException($"--batch must be in [0, {(test.Count - 1) / Evaluation.BatchSize}]");
            }

            var granularity = result.GetValue(scale);
            TableFormat output = result.GetValue(format);
            bool readable = output is TableFormat.Text or TableFormat.Markdown;
            if (readable)
            {
                string choice = configPath is null
                    ? $"N={quantFormat.Bits}, m={quantFormat.ExtraBits}, r = {r}"
                    : $"per-layer r and m of {configPath} (N = {quantFormat.Bits})";
                choice += $", grid {gridSetting.Label}";
                Console.WriteLine(
                    $"model {checkpoint} ({network.Architecture}), rank {rankPath}, {choice}, scales per "
                    + $"{granularity.ToString().ToLowerInvariant()}, test batch {batchIndex} "
                    + $"({Evaluation.BatchSize} images)");
            }

            RecordCoding recordCoding = result.GetValue(coding);
            using IAcceleratorTarget target = accelerators.Open(result);
            string? reportPath = result.GetValue(report);
            if (reportPath is not null)
            {
                // Judged before the long work: a report that cannot be written is said at once.
                CommandLineHost.OutputInExistingFolder(reportPath, "--report");
            }

            var check = new LayerCheck(target, recordCoding, accelerators.SaveJobsPath(result),
                result.GetValue(failureDir)!, accelerators.Configuration(result), []);
            (TableOutput layers, Difference? difference, string? failingRecord, string? improved) =
                CheckLayers(network, test, batchIndex, formats, granularity, modes, check, compareImproved: readable);
            TableOutput? accuracy = difference is null && !result.GetValue(skipAccuracy)
                ? ReportAccuracy(network, test, formats, granularity, modes, configPath is not null)
                : null;

            // What produced the result, in every document (per-layer N/m/r of a --config are in that file).
            bool perLayer = configPath is not null;
            (Column Column, object? Value)[] parameters =
            [
                (new("model", "model"), checkpoint), (new("rank", "rank"), rankPath),
                (new("config", "config"), configPath), (new("bits", "N"), quantFormat.Bits),
                (new("extra_bits", "m"), perLayer ? null : quantFormat.ExtraBits),
                (new("ratio", "r"), perLayer ? null : r),
                (new("scale", "scale"), granularity.ToString().ToLowerInvariant()),
                (new("grid", "grid"), gridSetting.Label),
                (new("coding", "coding"), EnumOption.Kebab(recordCoding.ToString())),
                (new("target", "target"), TargetOption.Label(target)), (new("batch", "test batch"), batchIndex),
            ];
            if (reportPath is not null)
            {
                RunReport.Write(reportPath, parameters, network.CheckpointSha256, check.Summaries, layers, accuracy,
                    difference, check.Configuration, ShippedFile.Find("docs/resources.json"));
                Console.Error.WriteLine(
                    $"wrote {reportPath} and its figure {Path.ChangeExtension(reportPath, ".png")}");
            }

            if (output == TableFormat.Json)
            {
                JsonObject json = TableOutput.Document(parameters);
                json["bit_exact"] = difference is null;
                json["difference"] = difference?.ToString();
                json["failing_record"] = failingRecord;
                json["layers"] = layers.ToJson();
                json["accuracy"] = accuracy?.ToJson();
                Console.Write(TableOutput.Serialize(json));
                return difference is null ? ExitCodes.Success : ExitCodes.Mismatch;
            }

            if (output != TableFormat.Text)
            {
                layers.AddFields(parameters);
            }

            if (output == TableFormat.Csv)
            {
                // One CSV document: a `table` column says whose row it is (TableOutput.RenderAll); every row carries
                // what produced it.
                accuracy?.AddFields(parameters);

                Console.Write(TableOutput.RenderAll(
                    accuracy is null ? [("layers", layers)] : [("layers", layers), ("accuracy", accuracy)], output));
                return difference is null ? ExitCodes.Success : ExitCodes.Mismatch;
            }

            Console.Write(layers.Render(output));
            if (difference is not null)
            {
                TextWriter report = output == TableFormat.Text ? Console.Out : Console.Error;
                report.WriteLine($"DIFFERENCE: {difference}");
                if (failingRecord is not null)
                {
                    report.WriteLine(failingRecord);
                }

                return ExitCodes.Mismatch;
            }

            if (readable)
            {
                Console.WriteLine(
                    $"bit-exact: golden model = {TargetOption.Label(target)} = network tensor path on "
                    + $"{layers.RowCount} layers of real activations");
                if (improved is not null)
                {
                    Console.WriteLine(improved);
                }
            }

            if (accuracy is not null)
            {
                Console.Write(accuracy.Render(output));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>How run checks the layers: the target against the golden model, the important records' coding, the
    /// job stream to save (or null), where a difference leaves its failing record, and the target's units and
    /// lanes.</summary>
    private sealed record LayerCheck(IAcceleratorTarget Target, RecordCoding Coding, string? SaveJobs,
        string FailureDirectory, AcceleratorConfiguration Configuration, List<LayerSummary> Summaries);

    private static (TableOutput Table, Difference? Difference, string? FailingRecord, string? Improved) CheckLayers(
        QuantizableModel network, FashionMnist test, int batchIndex, QuantFormat[] formats,
        ScaleGranularity granularity, ChannelMode[][] modes, LayerCheck check, bool compareImproved)
    {
        var quantizer = new EdqaTensorQuantizer(formats[0], granularity, modes, pointFormats: formats);
        (Tensor images, _) = test.Batch(batchIndex * Evaluation.BatchSize,
            Math.Min(Evaluation.BatchSize, test.Count - (batchIndex * Evaluation.BatchSize)));
        (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(network, images, quantizer);
        var table = new TableOutput(
            $"per layer: golden model vs {TargetOption.Label(check.Target)}",
            [
                new("layer", "layer"), new("channels", "channels"), new("important", "important"),
                new("records", "records"),
                new("direct_bytes", "direct bytes"), new("edqa_bytes", "eDQA bytes"), new("wide_bytes", "N+m bytes"),
                new("huffman_ratio", "Huffman ratio", "0.000"),
                new("quantize_cycles", "quantize cycles"), new("dequantize_cycles", "de-quantize cycles"),
                new("microseconds", "us at 200 MHz", "0"), new("bit_exact", "bit-exact"),
            ]);
        Difference? firstDifference = null;
        string? failingRecord = null;
        var jobs = new List<AcceleratorJob>();
        var golden = LayerQuantizer.Reference;
        var hardware = new LayerQuantizer(check.Target);
        string label = TargetOption.Label(check.Target);
        // The paper's format against the improved one (issue 24: unsigned codes where the architecture makes a point
        // non-negative) on the same captured layers: eDQA bits and squared error of each; only the text output
        // prints it.
        bool paper = compareImproved && formats.All(f => !f.IsUnsigned);
        (double paperBits, double improvedBits, double paperError, double improvedError, long elements, int points) =
            (0, 0, 0, 0, 0, 0);
        // And with its codes coded too (spec §3.8): each point's codes' static code from calibration images, as
        // they reach the point under this same quantization.
        QuantFormat[] improvedFormats = formats.Select((f, p) => network.ActivationPoints[p].Signed ? f
            : new QuantFormat(f.Bits, f.ExtraBits, QuantGrid.Unsigned)).ToArray();
        CanonicalCode[]? codeStaticCodes = paper
            ? CodeCalibration.StaticCodes(network, NetworkInputs.LoadData(train: true).Sample(CodeCalibration.Images,
                CodeCalibrationSeed), quantizer, improvedFormats, modes, granularity)
            : null;
        double codedBits = 0;
        // The accelerator quantizes and de-quantizes the coded layers too (issue 24 §2): checked against the golden
        // model, its cycles against the paper's format's.
        (ulong codedQuantizeCycles, ulong paperQuantizeCycles, ulong codedCycles, ulong paperCycles) = (0, 0, 0, 0);
        ProgressDisplay.Run($"golden model and {label}, layer by layer", captured.Count, progress =>
        {
            foreach (CapturedActivation activation in captured)
            {
                string name = activation.Point.Name;
                progress.Describe($"golden model and {label}: {name}");
                QuantFormat format = formats[activation.Point.Index];
                TensorLayout layout = TensorLayout.Create(activation.Shape, 1);
                bool[] important = Methods.ImportantMask(modes[activation.Point.Index]);
                // Static and smallest coding use the layer's static code computed from these activations (quantize's
                // default without --static-code-from).
                CanonicalCode? staticCode = check.Coding == RecordCoding.Adaptive
                    ? null
                    : LayerInputOptions.StaticCodeOf(activation.Data, layout, format, granularity, important, name);
                QuantizedLayer expected = golden.Quantize(activation.Data, layout, format, granularity, important,
                    name, check.Coding, staticCode).Layer;
                AcceleratorJob[] layerJobs =
                [
                    LayerQuantizer.QuantizeJob(activation.Data, layout, format, granularity, important, name, out _,
                        check.Coding, staticCode),
                    LayerQuantizer.DequantizeJob(expected, name),
                ];
                jobs.AddRange(layerJobs);
                float[] expectedValues = golden.Dequantize(expected, name).Values;
                LayerQuantization quantized = hardware.Quantize(activation.Data, layout, format, granularity,
                    important, name, check.Coding, staticCode);
                LayerDequantization dequantized = hardware.Dequantize(expected, name);
                Difference? difference =
                    LayerComparison.Compare(expected, quantized.Layer, "golden model", label, name)
                    ?? LayerComparison.CompareValues(expectedValues, dequantized.Values, layout, "golden model",
                        label, name)
                    ?? LayerComparison.CompareValues(expectedValues, activation.Output!, layout, "golden model",
                        "network tensor path", name);
                if (difference is not null && firstDifference is null
                    && FailingRecord.Locate(layerJobs, check.Target) is ResultDifference located)
                {
                    failingRecord = FailingRecord.Keep(check.FailureDirectory, layerJobs, located, check.Configuration);
                }

                firstDifference ??= difference;
                var footprint = LayerFootprint.Of(expected, ChannelCodec.Optimized);
                Difference? codedDifference = null;
                if (paper)
                {
                    double error = SquaredError(activation.Data, expectedValues);
                    (double bits, double improvedSquares) = (footprint.EdqaBits, error);
                    if (!activation.Point.Signed)
                    {
                        var unsigned = new QuantFormat(format.Bits, format.ExtraBits, QuantGrid.Unsigned);
                        QuantizedLayer alternative = golden.Quantize(activation.Data, layout, unsigned, granularity,
                            important, name, check.Coding, check.Coding == RecordCoding.Adaptive ? null
                                : LayerInputOptions.StaticCodeOf(activation.Data, layout, unsigned, granularity,
                                    important, name)).Layer;
                        bits = LayerFootprint.Of(alternative, ChannelCodec.Optimized).EdqaBits;
                        improvedSquares = SquaredError(activation.Data, golden.Dequantize(alternative, name).Values);
                        points++;
                    }

                    QuantFormat improvedFormat = improvedFormats[activation.Point.Index];
                    CanonicalCode? improvedStaticCode = check.Coding == RecordCoding.Adaptive ? null
                        : LayerInputOptions.StaticCodeOf(activation.Data, layout, improvedFormat, granularity,
                            important, name);
                    QuantizedLayer coded = golden.Quantize(activation.Data, layout, improvedFormat, granularity,
                        important, name, check.Coding, improvedStaticCode, codeStaticCodes![activation.Point.Index])
                        .Layer;
                    codedBits += LayerFootprint.Of(coded, ChannelCodec.Optimized).EdqaBits;
                    LayerQuantization codedQuantized = hardware.Quantize(activation.Data, layout, improvedFormat,
                        granularity, important, name, check.Coding, improvedStaticCode,
                        codeStaticCodes[activation.Point.Index]);
                    LayerDequantization codedOnTarget = hardware.Dequantize(coded, name);
                    codedDifference = LayerComparison.Compare(coded, codedQuantized.Layer, "golden model", label,
                            $"{name} with coded codes")
                        ?? LayerComparison.CompareValues(golden.Dequantize(coded, name).Values, codedOnTarget.Values,
                            layout, "golden model", label, $"{name} with coded codes");
                    firstDifference ??= codedDifference;
                    codedQuantizeCycles += codedQuantized.Cycles?.Aggregate(0UL, (sum, c) => sum + c.Total) ?? 0;
                    paperQuantizeCycles += quantized.Cycles?.Aggregate(0UL, (sum, c) => sum + c.Total) ?? 0;
                    codedCycles += codedOnTarget.Cycles?.Aggregate(0UL, (sum, c) => sum + c.Total) ?? 0;
                    paperCycles += dequantized.Cycles?.Aggregate(0UL, (sum, c) => sum + c.Total) ?? 0;
                    (paperBits, improvedBits, paperError, improvedError, elements) = (paperBits + footprint.EdqaBits,
                        improvedBits + bits, paperError + error, improvedError + improvedSquares,
                        elements + layout.ElementCount);
                }

                // A layer without important channels has no errors to code: no ratio, not 1.
                // The golden model (--target reference) counts no cycles: "-".
                ulong? quantizeCycles = quantized.Cycles?.Aggregate(0UL, (s, c) => s + c.Total);
                ulong? dequantizeCycles = dequantized.Cycles?.Aggregate(0UL, (s, c) => s + c.Total);
                RecordFootprint[] importantRecords = footprint.Records.Where(r => r.Important).ToArray();
                check.Summaries.Add(new LayerSummary(name, layout.ElementCount, footprint.DirectBits / 8,
                    footprint.EdqaBits / 8, footprint.WideBits / 8,
                    importantRecords.Count(r => r.Mode == RecordMode.Adaptive),
                    importantRecords.Count(r => r.Mode == RecordMode.Static),
                    importantRecords.Count(r => r.Mode == RecordMode.Raw), quantizeCycles, dequantizeCycles));
                table.AddRow(name, layout.Channels, important.Count(x => x), layout.RecordCount,
                    footprint.DirectBits / 8, footprint.EdqaBits / 8, footprint.WideBits / 8,
                    footprint.RawErrorBits == 0 ? null : footprint.ErrorCompressionRatio,
                    quantizeCycles, dequantizeCycles,
                    (quantizeCycles + dequantizeCycles) / (double)CycleSummary.ClockMHz,
                    difference is null && codedDifference is null);
                progress.Advance();
            }
        });
        if (check.SaveJobs is not null)
        {
            TargetOption.WriteSavedJobs(check.SaveJobs, [.. jobs]);
        }

        table.AddNote(
            "bytes: the layer's codes at N bits (Direct), plus Huffman-coded errors and codebooks (eDQA), or errors "
            + "stored raw (N+m).");
        table.AddNote(
            "Huffman ratio: raw m-bit errors / (payload + codebook bits). Cycles: the accelerator's counters summed "
            + "over the layer's records, run as one job per layer (one START), modeled.");
        string? improved = !paper || points == 0 ? null
            : $"improved format (--grid auto, unsigned codes on the {points} non-negative points): eDQA "
                + FormattableString.Invariant($"{improvedBits / 8:F0} bytes instead of {paperBits / 8:F0} ")
                + FormattableString.Invariant($"({improvedBits / elements:F3} vs {paperBits / elements:F3} bits per ")
                + FormattableString.Invariant(
                    $"activation), quantization MSE {improvedError / elements:G3} vs {paperError / elements:G3}; ")
                + FormattableString.Invariant($"with its codes coded too (spec §3.8, codes' static codes from ")
                + FormattableString.Invariant($"{CodeCalibration.Images} training images) {codedBits / 8:F0} bytes ")
                + FormattableString.Invariant($"({codedBits / elements:F3} bits per activation)")
                + (codedCycles == 0 ? "" : FormattableString.Invariant(
                    $", quantized on {label} bit for bit in {codedQuantizeCycles} cycles against ")
                    + FormattableString.Invariant($"{paperQuantizeCycles} for the paper's format ")
                    + FormattableString.Invariant($"({(double)codedQuantizeCycles / paperQuantizeCycles:F2}x) and ")
                    + FormattableString.Invariant($"de-quantized in {codedCycles} against {paperCycles} ")
                    + FormattableString.Invariant($"({(double)codedCycles / paperCycles:F2}x)"));
        return (table, firstDifference, failingRecord, improved);
    }

    /// <summary>The seed of the training images the improved line's codes' static codes come from.</summary>
    private const int CodeCalibrationSeed = 1;

    private static double SquaredError(float[] x, float[] xHat) =>
        Reconstruction.Of(x, xHat).MeanSquaredError * x.Length;

    private static TableOutput ReportAccuracy(QuantizableModel network, FashionMnist test, QuantFormat[] formats,
        ScaleGranularity granularity, ChannelMode[][] modes, bool tuned)
    {
        QuantFormat format = formats[0];
        var methods = new (string Name, IActivationQuantizer? Quantizer)[]
        {
            ("float32", null),
            ($"direct N={format.Bits}",
                new EdqaTensorQuantizer(format, granularity, Methods.EdqaModes(network, null, 0),
                    pointFormats: formats)),
            (tuned ? $"edqa N={format.Bits}, tuned r and m per layer" : $"edqa N={format.Bits} m={format.ExtraBits}",
                new EdqaTensorQuantizer(format, granularity, modes, pointFormats: formats)),
        };
        var accuracy = new double[methods.Length];
        ProgressDisplay.Run($"measuring test accuracy ({test.Count} images, batch {Evaluation.BatchSize})",
            methods.Length, progress =>
        {
            for (int i = 0; i < methods.Length; i++)
            {
                progress.Describe($"measuring test accuracy: {methods[i].Name}");
                using var hooks =
                    methods[i].Quantizer is null ? null : new QuantizationHooks(network, methods[i].Quantizer!);
                accuracy[i] = Evaluation.Accuracy(network, test);
                progress.Advance();
            }
        });
        var table = new TableOutput($"test accuracy ({test.Count} images)",
            [new("method", "method"), new("accuracy_percent", "accuracy %", "0.00")]);
        for (int i = 0; i < methods.Length; i++)
        {
            table.AddRow(methods[i].Name, 100 * accuracy[i]);
        }

        return table;
    }
}
