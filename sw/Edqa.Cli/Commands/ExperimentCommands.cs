using System.CommandLine;
using System.Globalization;
using Edqa.Bindings;
using Edqa.Core.Layer;
using Edqa.Nn.Data;
using Edqa.Nn.Experiments;
using Edqa.Nn.Quantization;
using Edqa.Core.Ranking;

namespace Edqa.Cli.Commands;

/// <summary>
/// The paper's experiments as commands that write result files (results/*.json) and print tables:
/// <c>edqa eval</c> (Table 2), <c>edqa sweep</c> (Figures 3 and 4), <c>edqa errors</c> (Figure 2, Table 1, memory),
/// <c>edqa thresholds</c> (the DQSS candidates' diagnostic),
/// and <c>edqa report</c>, which turns the result files into docs/results.md with PNG figures.
/// </summary>
public static class ExperimentCommands
{
    public static Command Eval()
    {
        var options = new ExperimentOptions(testSubset: true);
        var bits = new Option<string>("--bits", "-n")
        {
            Description = "Target bits, comma-separated",
            DefaultValueFactory = _ => "3,4,5"
        };
        var extraBits = new Option<int>("--extra-bits", "-m")
        {
            Description = "m of eDQA",
            DefaultValueFactory = _ => 3
        };
        var ratio = new Option<double>("--ratio", "-r") { Description = "r of eDQA", DefaultValueFactory = _ => 0.4 };
        var methods = new Option<string>("--methods")
        {
            Description = $"Methods, comma-separated ({string.Join(", ", Methods.Names)}); rows already in the result "
                + $"file for other methods are kept",
            DefaultValueFactory = _ => string.Join(",", Methods.Names),
        };
        var adqEpochs = new Option<int>("--adq-epochs")
        {
            Description = "ADQ: fine-tuning epochs over each run's calibration images",
            DefaultValueFactory = _ => 2
        };
        var adqWeightBits = new Option<double>("--adq-weight-bits")
        {
            Description = "ADQ: average weight bits of the inner layers (2 to 4; first and last layers 8)",
            DefaultValueFactory = _ => 3
        };
        // Distillation is ADQ's default; a flag that only switches it off, so that passing it always changes something.
        var noAdqDistill = new Option<bool>("--no-adq-distill")
        {
            Description = "ADQ: fine-tune without distilling from the float network (distillation is the default)"
        };
        var rankBits = new Option<int?>("--rank-bits")
        {
            Description = "N of eDQA's channel ranking (Algorithm 3); default: each evaluated N"
        };
        var defaults = new DqssSettings();
        var dqssSteps = new Option<int>("--dqss-steps")
        {
            Description = "DQSS: Adam steps of the search",
            DefaultValueFactory = _ => defaults.Steps
        };
        var dqssRate = new Option<double>("--dqss-lr")
        {
            Description = "DQSS: learning rate of the strategy parameters",
            DefaultValueFactory = _ => defaults.LearningRate
        };
        var dqssTemperature = new Option<double>("--dqss-temperature")
        {
            Description = "DQSS: final softmax temperature (1: no annealing)",
            DefaultValueFactory = _ => defaults.FinalTemperature
        };
        var command = new Command("eval",
            "Table 2 analogue: float32, Direct, PoT, NoisyQuant, eDQA, DQSS and its candidates, ADQ at each N "
            + "over several runs")
        {
            bits, extraBits, ratio, methods, adqEpochs, adqWeightBits, noAdqDistill, rankBits, dqssSteps, dqssRate,
            dqssTemperature,
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            int[] bitList = ParseInts(result.GetValue(bits)!, "--bits");
            SettingOptions.CheckList(bitList, result.GetValue(extraBits), result.GetValue(ratio), (_, m) => m);
            Method[] methodList;
            try
            {
                methodList = Methods.Parse(result.GetValue(methods)!);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--methods: {e.Message}");
            }

            var adq = new AdqTraining.Options(result.GetValue(adqEpochs), result.GetValue(adqWeightBits),
                !result.GetValue(noAdqDistill));
            if (adq.Epochs is < 1 or > 100 || adq.AverageWeightBits is < 2 or > 4)
            {
                throw new UsageException("--adq-epochs must be in [1, 100] and --adq-weight-bits in [2, 4]");
            }

            int? rankingBits = result.GetValue(rankBits);
            if (rankingBits is < 2 or > 8)
            {
                throw new UsageException("--rank-bits must be in [2, 8]");
            }

            DqssSettings dqss;
            try
            {
                dqss = new DqssSettings(result.GetValue(dqssSteps), result.GetValue(dqssRate),
                    result.GetValue(dqssTemperature)).Checked();
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--dqss-steps/--dqss-lr/--dqss-temperature: {e.Message}");
            }

            ExperimentSetup setup = options.Setup(result);
            options.RequireResultsOf(result, setup, Experiment.Table2);
            Shard shard = options.ShardOf(result);
            AccuracyResults results = WithProgress("eval", setup, report =>
                AccuracyExperiments.Table2(setup, bitList, result.GetValue(extraBits), result.GetValue(ratio), report,
                        methodList, adq, rankingBits, shard, dqss));
            TableOutput table = options.Save(result, setup, Experiment.Table2, results);
            TableFormat format = result.GetValue(options.Format);
            Console.Write(table.Render(format));
            if (format is TableFormat.Text or TableFormat.Markdown)
            {
                foreach (DqssSearchResult search in results.DqssSearches ?? [])
                {
                    Console.WriteLine($"dqss N={search.Bits} seed {search.Seed} ({search.Seconds:F0} s): "
                        + string.Join(", ", search.Choices.Select(c =>
                            $"{c.Point}={c.Finder.ToString().ToLowerInvariant()}({c.Weights.Max():F2})")));
                    if (search.Diagnosis is { } d)
                    {
                        Console.WriteLine(FormattableString.Invariant(
                            $"  calibration loss on {d.Images} images: mixture {d.Mixture:F4}, chosen {d.Chosen:F4}, ")
                            + string.Join(", ", DqssCandidates.Finders.Select((f, i) => FormattableString.Invariant(
                                $"{f.ToString().ToLowerInvariant()} {d.Candidates[i]:F4}")))
                            + "; trace (step, τ, batch loss, mean max weight): " + string.Join(" ", d.Trace.Select(
                                t => FormattableString.Invariant(
                                    $"({t.Step}, {t.Temperature:G2}, {t.BatchLoss:F3}, {t.MeanMaxWeight:F2})"))));
                    }
                }

                foreach (AdqRecord fineTune in results.AdqFineTunes ?? [])
                {
                    Console.WriteLine(
                        $"adq N={fineTune.Bits} seed {fineTune.Seed} ({fineTune.Seconds:F0} s): "
                        + $"{fineTune.AverageWeightBits:F2} weight bits on average; "
                        + string.Join(", ", fineTune.Layers.Zip(fineTune.WeightBits, (layer, b) => $"{layer}={b}")));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Sweep()
    {
        var options = new ExperimentOptions(testSubset: true);
        var only = new Option<string>("--only")
        {
            Description = "Run one sweep: ratio (Figure 3) or extra-bits (Figure 4); both when absent"
        };
        only.AcceptOnlyFromAmong("ratio", "extra-bits");
        var command = new Command("sweep",
            "Figures 3 and 4 analogues: eDQA over r (0 to 0.9, m = 3) and over m (1, 2, 3, r = 0.4), N = 3")
        {
            only
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            ExperimentSetup setup = options.Setup(result);
            Shard shard = options.ShardOf(result);
            string? which = result.GetValue(only);
            Experiment[] sweeps = which switch
            {
                null => [Experiment.RatioSweep, Experiment.ExtraBitsSweep],
                "ratio" => [Experiment.RatioSweep],
                _ => [Experiment.ExtraBitsSweep],
            };
            options.RequireResultsOf(result, setup, sweeps);
            var tables = new List<(string Key, TableOutput Table)>();
            if (sweeps.Contains(Experiment.RatioSweep))
            {
                double[] ratios = Enumerable.Range(0, 10).Select(i => i / 10.0).ToArray();
                AccuracyResults sweep = WithProgress("sweep r", setup,
                    report => AccuracyExperiments.RatioSweep(setup, 3, 3, ratios, report, shard));
                tables.Add(("ratio", options.Save(result, setup, Experiment.RatioSweep, sweep)));
            }

            if (sweeps.Contains(Experiment.ExtraBitsSweep))
            {
                AccuracyResults sweep = WithProgress("sweep m", setup,
                    report => AccuracyExperiments.ExtraBitsSweep(setup, 3, [1, 2, 3], 0.4, report, shard));
                tables.Add(("extra_bits", options.Save(result, setup, Experiment.ExtraBitsSweep, sweep)));
            }

            Render(tables, result.GetValue(options.Format));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Errors()
    {
        var options = new ExperimentOptions();
        var batches = new Option<int>("--batches")
        {
            Description = "Test batches of 128 to study",
            DefaultValueFactory = _ => 79
        };
        var command = new Command("errors",
            "Figure 2 and Table 1 analogues: shifting-error histograms, compression of the real errors, memory "
            + "per activation")
        {
            batches
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            ExperimentSetup setup = options.Setup(result);
            options.RequireResultsOf(result, setup, Experiment.Errors);
            int batchCount = result.GetValue(batches);
            RankFile rank = ProgressDisplay.Run("ranking (run 1)", setup.Model.ActivationPoints.Sum(p => p.Channels),
                progress =>
                    ExperimentSetup.NoGrad(() => setup.Rank(0, ExperimentSetup.DefaultRankBits, progress.Advance)));
            ErrorStudyResults study = ProgressDisplay.Run("errors N = 3, 4, 5",
                3 * Math.Min(batchCount, (setup.Test.Count + 127) / 128),
                progress =>
                    ExperimentSetup.NoGrad(() =>
                            ErrorStudy.Run(setup, rank, [3, 4, 5], 3, 0.4, batchCount, progress.Advance)));
            string path = Experiment.Errors.PathIn(result.GetValue(options.Results)!, setup.Model.Architecture);
            Experiment.Errors.Write(path, study);
            var compression = new TableOutput(
                $"{study.Model}: compression of the shifting errors ({study.Batches} test batches)",
                [new("method", "method"), new("input_errors", "errors"), new("compressed_bits", "compressed bits"),
                    new("ratio", "ratio", "0.000"), new("ms_per_batch", "ms per batch", "0.00")]);
            foreach (CompressionRow row in study.Compression)
            {
                compression.AddRow(row.Method, row.InputErrors, row.CompressedBits, row.Ratio,
                    row.MillisecondsPerBatch);
            }

            compression.AddNote($"entropy bound: {study.EntropyBoundBits:F0} bits; wrote {path}");
            var memory = new TableOutput($"{study.Model}: bits per activation",
                [new("bits", "N"), new("extra_bits", "m"), new("ratio", "r"), new("direct_bits", "direct", "0.000"),
                    new("edqa_bits", "eDQA", "0.000"), new("wide_bits", "N+m", "0.000")]);
            foreach (MemoryRow row in study.Memory)
            {
                memory.AddRow(row.Bits, row.ExtraBits, row.Ratio, row.DirectBits, row.EdqaBits, row.WideBits);
            }

            Render([("compression", compression), ("memory", memory)], result.GetValue(options.Format));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Thresholds()
    {
        var options = new ExperimentOptions();
        var bits = new Option<string>("--bits", "-n")
        {
            Description = "Target bits, comma-separated",
            DefaultValueFactory = _ => "3,4,5"
        };
        var command = new Command("thresholds",
            "The DQSS candidates' diagnostic: per point, finder and N, the threshold (against max |x|) and the error "
            + "it leaves on the calibration activations")
        {
            bits
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            int[] bitList = ParseInts(result.GetValue(bits)!, "--bits");
            if (bitList.Any(b => b is < 2 or > 16))
            {
                throw new UsageException("--bits: every N must be in [2, 16]");
            }

            ExperimentSetup setup = options.Setup(result);
            options.RequireResultsOf(result, setup, Experiment.Thresholds);
            ThresholdStudyResults study = ProgressDisplay.Run("thresholds",
                setup.Runs * setup.Model.ActivationPoints.Count * bitList.Length,
                progress => ThresholdStudy.Run(setup, bitList, progress.Advance));
            string path = Experiment.Thresholds.PathIn(result.GetValue(options.Results)!, setup.Model.Architecture);
            Experiment.Thresholds.Write(path, study);
            var table = new TableOutput(
                $"{study.Model}: DQSS candidates, mean over {study.Runs} runs ({study.CalibrationImages} "
                + $"calibration images each)",
                [new("point", "point"), new("finder", "finder"), new("bits", "N"),
                    new("threshold_fraction", "T / max", "0.0000"), new("calibration_mse", "MSE", "0.000000")]);
            foreach (var group in study.Rows.GroupBy(r => (r.Point, r.Finder, r.Bits)))
            {
                table.AddRow(group.Key.Point, group.Key.Finder.ToString().ToLowerInvariant(), group.Key.Bits,
                    group.Average(r => r.Max == 0 ? 0 : r.Threshold / r.Max), group.Average(r => r.CalibrationMse));
            }

            table.AddNote($"wrote {path}");
            Render([("thresholds", table)], result.GetValue(options.Format));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The PYNQ-Z1's DDR as the simulated DMA models it (its defaults, <see cref="MemorySettings"/>): peak
    /// times the controller's share, both directions together.</summary>
    private static ModeledDdr BoardDdr()
    {
        var memory = new MemorySettings();
        double effective = memory.DdrBytesPerCycle * memory.EffectiveClockMHz;
        return new ModeledDdr(effective, string.Create(CultureInfo.InvariantCulture,
            $"the PYNQ-Z1's DDR3, {MemorySettings.DefaultDdrMegabytesPerSecond} MB/s at "
            + $"{MemorySettings.DefaultEfficiencyPercent}% (UG585 §22.3.2): {effective:0} MB/s for both directions"));
    }

    /// <summary><c>edqa memory</c> (issue 24 §3): what a whole inference moves between layers per format and N, and
    /// each format's accuracy.</summary>
    public static Command Memory()
    {
        // Every format's grid is its own (the paper's, or unsigned by the architecture): no --grid.
        var options = new ExperimentOptions(testSubset: true, grid: false);
        var bits = new Option<string>("--bits", "-n")
        {
            Description = "N of the quantized formats, comma-separated",
            DefaultValueFactory = _ => "2,3,4,5"
        };
        var extraBits = new Option<int>("--extra-bits", "-m")
        {
            Description = "m of eDQA (at most N: N = 2 takes m = 2)",
            DefaultValueFactory = _ => 3
        };
        var ratio = new Option<double>("--ratio", "-r") { Description = "r of eDQA", DefaultValueFactory = _ => 0.4 };
        var batch = new Option<int>("--batch")
        {
            Description = "The test batch of 128 whose activations are stored",
            DefaultValueFactory = _ => 0
        };
        var skipAccuracy = new Option<bool>("--skip-accuracy") { Description = "Bytes only (no accuracy runs)" };
        var accuracyFrom = new Option<string?>("--accuracy-from")
        {
            Description = "Measure bytes only and take every accuracy from this earlier memory result of the same "
                + "model, checkpoint, runs, N, m, r and calibration (after a change to what a format stores, not to "
                + "what the network computes)"
        };
        var command = new Command("memory",
            "What a whole inference moves: per point and in total, the bytes of activations between layers under "
            + "float32, int8 per tensor, Direct and eDQA on the paper's grid and on the unsigned one, eDQA with coded "
            + "codes, with each format's accuracy at each N")
        {
            bits, extraBits, ratio, batch, skipAccuracy, accuracyFrom
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            int[] bitList = ParseInts(result.GetValue(bits)!, "--bits");
            int m = result.GetValue(extraBits);
            double r = result.GetValue(ratio);
            SettingOptions.CheckList(bitList, m, r, MemoryStudy.ExtraBitsAt);

            if (!options.ShardOf(result).IsAll)
            {
                throw new UsageException("memory runs whole (no --shard)");
            }

            ExperimentSetup setup = options.Setup(result);
            int batchIndex = result.GetValue(batch);
            if (batchIndex < 0 || batchIndex * 128 >= setup.Test.Count)
            {
                throw new UsageException($"--batch must be in [0, {(setup.Test.Count - 1) / 128}]");
            }

            options.RequireResultsOf(result, setup, Experiment.Memory);
            string? earlierPath = result.GetValue(accuracyFrom);
            MemoryStudyResults? earlier = earlierPath is null ? null
                : CommandLineHost.LoadInput(earlierPath, () =>
                {
                    // Checked before the bytes are measured, which takes minutes on the larger models.
                    MemoryStudyResults read = ResultFiles.Read<MemoryStudyResults>(earlierPath)
                        ?? throw new FileNotFoundException(earlierPath);
                    MemoryStudy.Settings.Of(setup, bitList, m, r).RequireSameAs(read);
                    return read;
                });
            bool accuracy = !result.GetValue(skipAccuracy) && earlier is null;
            MemoryStudyResults study = ProgressDisplay.Run($"memory {setup.Model.Architecture}",
                MemoryStudy.Units(bitList.Length, setup.Runs, accuracy), progress =>
                    MemoryStudy.Run(setup, bitList, m, r, batchIndex, accuracy, (description, done) =>
                    {
                        progress.Describe($"memory {setup.Model.Architecture}: {description}");
                        progress.Advance(done);
                    }, BoardDdr()));
            if (earlier is not null)
            {
                try
                {
                    study = MemoryStudy.WithAccuracies(study, earlier,
                        $"bytes measured by this command in {study.Seconds:F0} s; float32, every format's and "
                        + $"NoisyQuant's accuracy from the earlier run ({earlier.Seconds:F0} s), which a change to "
                        + "what a format stores does not move");
                }
                catch (ArgumentException e)
                {
                    throw new InputException($"--accuracy-from {earlierPath}: {e.Message}");
                }
            }

            string path = Experiment.Memory.PathIn(result.GetValue(options.Results)!, setup.Model.Architecture);
            Experiment.Memory.Write(path, study);
            var formats = new TableOutput(
                $"{study.Model}: bytes per inference between layers (test batch {study.Batch}, {study.Images} "
                + $"images) and test accuracy ({study.Runs} runs)",
                [new("format", "format"), new("bits", "N"), new("measured", "container"),
                    new("stored_bytes", "stored bytes", "0"), new("traffic_bytes", "traffic bytes", "0"),
                    new("bits_per_activation", "bits/activation", "0.000"),
                    new("ddr_microseconds", "DDR us (modeled)", "0.0"),
                    new("mean_percent", "accuracy", "0.00"), new("std_percent", "std", "0.00")]);
            foreach (FormatSummary row in study.Formats)
            {
                formats.AddRow(row.Format, row.Bits, row.Measured, row.StoredBytesPerImage, row.TrafficBytesPerImage,
                    row.BitsPerActivation, study.DdrMicroseconds(row), 100 * row.Mean, 100 * row.StandardDeviation);
            }

            foreach (AccuracyRow row in study.References)
            {
                formats.AddRow(row.Method, row.Bits, false, null, null, null, null, 100 * row.Mean,
                    100 * row.StandardDeviation);
            }

            formats.AddNote("stored: the format's containers (or, container = false, its formula) per image; traffic: "
                + "each point written once and read once");
            formats.AddNote($"DDR us: the traffic's time on {study.Ddr!.Description} (a model, not a measurement)");
            formats.AddNote($"float32 {100 * study.Float32Accuracy:F2}%; {study.Seconds:F0} s; wrote {path}");
            var points = new TableOutput($"{study.Model}: bytes per point and inference",
                [new("format", "format"), new("bits", "N"), new("point", "point"),
                    new("activations", "activations"), new("bytes", "bytes", "0.0")]);
            foreach (PointBytes row in study.Points)
            {
                points.AddRow(row.Format, row.Bits, row.Point, row.ElementsPerImage, row.BytesPerImage);
            }

            Render([("formats", formats), ("points", points)], result.GetValue(options.Format));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Report()
    {
        var results = new Option<string>("--results")
        {
            Description = "Directory of result files",
            DefaultValueFactory = _ => "results"
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Markdown to write",
            DefaultValueFactory = _ => "docs/results.md"
        };
        var figures = new Option<string>("--figures")
        {
            Description = "Directory for the PNG figures",
            DefaultValueFactory = _ => "docs/figures"
        };
        var commit = new Option<string>("--commit")
        {
            Description = "Commit the results came from (default: EDQA_COMMIT, else the checkout's HEAD)"
        };
        var command = new Command("report", "Collect the result files into docs/results.md with PNG figures")
        {
            results, output, figures, commit
        };
        command.SetAction(result =>
        {
            string written = ResultsReport.Write(result.GetValue(results)!, result.GetValue(output)!,
                result.GetValue(figures)!, result.GetValue(commit) ?? RunProvenance.Commit() ?? "unknown");
            Console.WriteLine($"wrote {written} and figures in {result.GetValue(figures)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static AccuracyResults WithProgress(string label, ExperimentSetup setup,
        Func<Action<ProgressStep>, AccuracyResults> run) =>
        ProgressDisplay.Run($"{label} {setup.Model.Architecture}", setup.Runs,
            progress => run(step =>
        {
            progress.Describe($"{label} {setup.Model.Architecture}: {step.Description}");
            if (step.Elsewhere)
            {
                progress.Skip(step.Done);
            }
            else
            {
                progress.Advance(step.Done);
            }
        }), estimate: true);

    private static void Render(IReadOnlyList<(string Key, TableOutput Table)> tables, TableFormat format) =>
        Console.Write(TableOutput.RenderAll(tables, format));

    private static int[] ParseInts(string list, string option) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item =>
            int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 2 and <= 8
                ? value
                : throw new UsageException($"{option}: '{item}' is not a bit width in [2, 8]")).ToArray();

    /// <summary>Options every experiment takes; with <paramref name="testSubset"/> (the accuracy experiments),
    /// --test-images too, and the grid options unless <paramref name="grid"/> is false.</summary>
    private sealed class ExperimentOptions(bool testSubset = false, bool? grid = null)
    {
        private readonly bool _grid = grid ?? testSubset;

        public GridOptions Grid { get; } = new();

        public Option<string> Model { get; } = new("--model")
        {
            Description = "Checkpoint (models/resnet20.bin is the headline model)",
            DefaultValueFactory = _ => ShippedFile.Default("models/resnet20.bin")
        };

        public Option<int> Runs { get; } = new("--runs")
        {
            Description = "Runs, each with its own calibration subset and ranking",
            DefaultValueFactory = _ => 5
        };

        public Option<int> Calibration { get; } = new("--calibration")
        {
            Description = "Calibration images per run (random, from the training set)",
            DefaultValueFactory = _ => 5000
        };

        public Option<ScaleGranularity> Scale { get; } = NetworkInputs.ScaleOption();

        public Option<int> Seed { get; } = new("--seed")
        {
            Description = "Seed of run 1 (run r uses seed + r - 1)",
            DefaultValueFactory = _ => 1
        };

        public Option<ScaleSource> ScaleSource { get; } = new("--scale-source")
        {
            Description =
                "Scales from each batch (dynamic, the paper's) or fixed from the calibration set (calibrated)",
            CustomParser = EnumOption.Parse<ScaleSource>,
            DefaultValueFactory = _ => Nn.Quantization.ScaleSource.Dynamic
        };

        public Option<string> Results { get; } = new("--results")
        {
            Description = "Directory for result files and cached rank files",
            DefaultValueFactory = _ => "results"
        };

        public Option<TableFormat> Format { get; } = TableOutput.FormatOption();

        public Option<string?> ShardOption { get; } = new("--shard")
        {
            Description = "Run one deterministic slice I/K (0 <= I < K) and write a partial result file for `edqa "
                + "merge`; default from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX with EDQA_SHARDS",
        };

        /// <summary>A quick run on the first K test images (tests, smoke runs); the result file's provenance records
        /// K and edqa report refuses such a file.</summary>
        public Option<int?> TestImages { get; } = NetworkInputs.TestImagesOption(
            "Measure accuracies on the first K test images only (a quick run; the result file records K and edqa "
            + "report refuses it)");

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { Model, Runs, Calibration, Scale, ScaleSource, Seed, Results,
                Format, ShardOption })
            {
                command.Options.Add(option);
            }

            if (testSubset)
            {
                command.Options.Add(TestImages);
            }

            if (_grid)
            {
                Grid.AddTo(command);
            }
        }

        public ExperimentSetup Setup(ParseResult result)
        {
            int runs = result.GetValue(Runs);
            int calibration = result.GetValue(Calibration);
            if (runs is < 1 or > 100 || calibration is < 1 or > 60000)
            {
                throw new UsageException("--runs must be in [1, 100] and --calibration in [1, 60000]");
            }

            FashionMnist test = NetworkInputs.LoadData(train: false);
            int? testImages = testSubset ? result.GetValue(TestImages) : null;
            NetworkInputs.TestSubset(test, testImages);

            GridSetting grid = _grid ? Grid.Read(result) : GridSetting.Signed;
            Torch.Initialize();
            string checkpoint = result.GetValue(Model)!;
            var model = NetworkInputs.LoadModel(checkpoint);
            string results = result.GetValue(Results)!;
            return new ExperimentSetup(model, checkpoint, NetworkInputs.LoadData(train: true), test, runs, calibration,
                result.GetValue(Scale), result.GetValue(Seed), Path.Combine(results, "ranks"),
                result.GetValue(ScaleSource), RunProvenance.CommandLine(), RunProvenance.Commit(), testImages, grid);
        }

        /// <summary>Refuses, before any work, to write over results of another checkpoint: the result files of
        /// <paramref name="experiments"/> are those the command will write. A file of this checkpoint (same
        /// SHA-256; or, for a file that predates provenance, the same checkpoint file name) is merged or kept as
        /// before.</summary>
        public void RequireResultsOf(ParseResult result, ExperimentSetup setup, params Experiment[] experiments)
        {
            foreach (Experiment experiment in experiments)
            {
                string path = experiment.PathIn(result.GetValue(Results)!, setup.Model.Architecture);
                ResultOrigin? origin;
                try
                {
                    origin = experiment.OriginOf(path);
                }
                catch (System.Text.Json.JsonException e)
                {
                    throw new InputException(
                        $"{path}: not a result file of edqa ({e.Message}); move it away or pass --results DIR");
                }

                if (origin is null)
                {
                    continue;
                }

                if (origin is { CheckpointSha256: null, Checkpoint: null }
                    || (origin.CheckpointSha256 is { } hash && !RankFile.IsSha256(hash)))
                {
                    throw new InputException($"{path}: not a result file of edqa (no checkpoint, or a malformed "
                        + "checkpointSha256); move it away or pass --results DIR");
                }

                if (!origin.IsOf(setup.CheckpointSha256, setup.Checkpoint))
                {
                    string other = origin.CheckpointSha256 is { } h ? "SHA-256 " + h[..12] + "..." : origin.Checkpoint!;
                    throw new InputException($"{path} holds results of another checkpoint ({other}), not "
                        + $"{setup.Checkpoint} ({setup.CheckpointSha256[..12]}...): pass --results DIR to keep this "
                        + "checkpoint's results apart");
                }
            }
        }

        /// <summary>This run's shard: --shard, else the scheduler's array index (Shard.Resolve).</summary>
        public Shard ShardOf(ParseResult result) =>
            CommandLineHost.CheckUsage(() =>
                    Shard.Resolve(result.GetValue(ShardOption), Environment.GetEnvironmentVariable));

        /// <summary>Writes the result file (over the rows already there where the experiment merges) and returns
        /// the table of the rows run now.</summary>
        public TableOutput Save(
            ParseResult result, ExperimentSetup setup, AccuracyExperiment experiment, AccuracyResults results)
        {
            string directory = result.GetValue(Results)!;
            string path = experiment.PathIn(directory, setup.Model.Architecture);
            if (results.Shard is { } shard)
            {
                // A shard's partial file beside the table, never merged into it: edqa merge does that.
                string part = experiment.PathIn(directory, setup.Model.Architecture, shard);
                experiment.Write(part, results);
                Console.Error.WriteLine(
                    $"edqa: shard {shard.Index}/{shard.Count}: wrote {part}; `edqa merge` the {shard.Count} shard "
                    + $"files into {path}");
                return Table(results, experiment.Name, part);
            }

            return Table(results, experiment.Name, WriteWhole(experiment, path, results));
        }

        private static TableOutput Table(AccuracyResults results, string name, string path)
        {
            var table = new TableOutput($"{results.Model} {name}: test accuracy (%), {results.Runs} runs",
                [new("method", "method"), new("bits", "N"), new("extra_bits", "m"), new("ratio", "r"),
                    new("grid", "grid"), new("mean_percent", "mean", "0.00"), new("std_percent", "std", "0.00")]);
            foreach (AccuracyRow row in results.Rows)
            {
                table.AddRow(row.Method, row.Bits, row.ExtraBits, row.Ratio, row.Grid ?? "-", 100 * row.Mean,
                    100 * row.StandardDeviation);
            }

            table.AddNote($"float32 {100 * results.Float32Accuracy:F2}%; wrote {path}");
            return table;
        }
    }

    /// <summary>Writes a whole result file at <paramref name="path"/> as <paramref name="experiment"/> merges it,
    /// saying where an older file of another experiment was kept; returns the path.</summary>
    private static string WriteWhole(AccuracyExperiment experiment, string path, AccuracyResults results)
    {
        if (experiment.WriteWhole(path, results) is { } kept)
        {
            Console.Error.WriteLine(
                $"edqa: {path} held another experiment (runs, calibration, scales or checkpoint differ); "
                + $"kept it as {kept}");
        }

        return path;
    }

    /// <summary><c>edqa merge</c>: a sharded eval's or sweep's partial files into the file the unsharded run
    /// writes.</summary>
    public static Command Merge()
    {
        var parts = new Argument<string[]>("parts")
        {
            Description = "The K shard files (results/<model>-<experiment>.shard-I-of-K.json)",
            Arity = ArgumentArity.OneOrMore
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The merged result file (default: the shard files' name without .shard-I-of-K)"
        };
        var command = new Command("merge",
            "Merge the partial result files of a sharded eval or sweep (--shard I/K) into the unsharded result file")
        {
            parts, output
        };
        command.SetAction(result =>
        {
            string[] paths = result.GetValue(parts)!;
            var read = paths.Select(p =>
                CommandLineHost.LoadInput(p, () =>
                        ResultFiles.Read<AccuracyResults>(p) ?? throw new InputException($"{p}: no such file")))
                    .ToArray();
            // Files that are not the K shards of one experiment are bad input (exit 3), named.
            for (int i = 0; i < read.Length; i++)
            {
                if (read[i].Shard is null)
                {
                    throw new InputException(
                        $"{paths[i]}: not a shard file (merge takes the K files an eval or sweep with --shard I/K "
                        + "writes)");
                }
            }

            AccuracyResults merged;
            try
            {
                merged = AccuracyResults.MergeShards(read);
            }
            catch (ArgumentException e)
            {
                throw new InputException($"{string.Join(", ", paths)}: {e.Message}");
            }

            AccuracyExperiment experiment =
                CommandLineHost.CheckUsage(() => Experiment.AccuracyNamed(merged.Experiment));
            string? target = result.GetValue(output);
            if (target is null)
            {
                string shardName = experiment.FileName(merged.Model, read[0].Shard);
                if (Path.GetFileName(paths[0]) != shardName)
                {
                    throw new UsageException($"{paths[0]} is not named as a shard file ({shardName}); pass --output");
                }

                target = experiment.PathIn(Path.GetDirectoryName(paths[0])!, merged.Model);
            }

            // As the unsharded command writes it: merged over the file's rows where the experiment merges.
            WriteWhole(experiment, CommandLineHost.OutputPath(target, "--output"), merged);
            Console.WriteLine($"merged {paths.Length} shards of {merged.Model} {merged.Experiment} into {target}");
            return ExitCodes.Success;
        });
        return command;
    }
}
