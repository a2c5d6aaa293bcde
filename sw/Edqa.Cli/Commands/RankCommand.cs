using System.CommandLine;
using System.Diagnostics;
using Edqa.Core.Layer;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Ranking;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa rank</c>: ranks every activation channel of a model by the paper's greedy search (Algorithm 3) on a random
/// calibration subset of the training set, and writes the rank file. <c>edqa rank-benchmark</c> runs the naive loop
/// and the fast path on the same inputs, checks they agree exactly and reports both times.
/// </summary>
public static class RankCommand
{
    public static Command Create()
    {
        var options = new RankOptions();
        var output = new Option<string>("--output", "-o")
        {
            Description = "Rank file to write (JSON)",
            Required = true
        };
        var naive = new Option<bool>("--naive")
        {
            Description = "Use the naive loop (one full forward pass per candidate) instead of the fast path"
        };
        var command = new Command("rank", "Rank activation channels by importance (greedy search, Algorithm 3)")
        {
            output, naive
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            (QuantizableModel model, FashionMnist calibration, RankingOptions ranking, string checkpoint) =
                options.Read(result);
            bool useNaive = result.GetValue(naive);
            var watch = Stopwatch.StartNew();
            LayerRanking[] layers = WithProgress(model, useNaive ? "rank (naive)" : "rank", progress =>
                useNaive
                    ? GreedyRanker.RankNaive(model, calibration, ranking, progress)
                    : GreedyRanker.RankFast(model, calibration, ranking, progress));
            var file = new RankFile(RankFile.FormatTag, model.Architecture, model.CheckpointSha256, ranking.Bits,
                calibration.Count, result.GetValue(options.Seed), layers);
            string path = result.GetValue(output)!;
            Core.Io.OutputFile.WriteAllText(CommandLineHost.OutputPath(path, "--output"), file.ToJson());
            Console.WriteLine(
                $"ranked {layers.Sum(l => l.Channels)} channels of {layers.Length} layers of {model.Architecture} on "
                + $"{calibration.Count} calibration images in {watch.Elapsed.TotalSeconds:F0} s; wrote {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateBenchmark()
    {
        var options = new RankOptions(defaultCalibration: 1000);
        var command = new Command("rank-benchmark",
            "Time the fast ranking against the naive loop on the same inputs and check they agree exactly");
        options.AddTo(command);
        command.SetAction(result =>
        {
            (QuantizableModel model, FashionMnist calibration, RankingOptions ranking, _) = options.Read(result);
            var watch = Stopwatch.StartNew();
            LayerRanking[] naive =
                WithProgress(model, "naive loop", p => GreedyRanker.RankNaive(model, calibration, ranking, p));
            double naiveSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            LayerRanking[] fast =
                WithProgress(model, "fast path", p => GreedyRanker.RankFast(model, calibration, ranking, p));
            double fastSeconds = watch.Elapsed.TotalSeconds;
            bool identical = naive.Zip(fast).All(pair =>
                pair.First.Order.SequenceEqual(pair.Second.Order)
                    && pair.First.Scores!.SequenceEqual(pair.Second.Scores!));
            Console.WriteLine(
                $"{model.Architecture}, {calibration.Count} calibration images, "
                + $"{naive.Sum(l => l.Channels)} candidates: " +
                $"naive {naiveSeconds:F1} s, fast {fastSeconds:F1} s, speed-up {naiveSeconds / fastSeconds:F1}x; ranks "
                + $"and scores {(identical ? "identical" : "DIFFERENT")}");
            return identical ? ExitCodes.Success : ExitCodes.Mismatch;
        });
        return command;
    }

    private static LayerRanking[] WithProgress(QuantizableModel model, string label,
        Func<Action<double>, LayerRanking[]> rank) =>
        ProgressDisplay.Run($"{label} {model.Architecture}", model.ActivationPoints.Sum(p => p.Channels),
            progress => rank(progress.Advance), estimate: true);

    /// <summary>Options shared by rank and rank-benchmark.</summary>
    private sealed class RankOptions(int defaultCalibration = 5000)
    {
        public Option<string> Model { get; } = new("--model")
        {
            Description = "Checkpoint (models/cnn.bin, models/resnet20.bin)",
            DefaultValueFactory = _ => ShippedFile.Default("models/cnn.bin")
        };

        public Option<int> Calibration { get; } = new("--calibration")
        {
            Description = "Calibration images drawn at random from the training set",
            DefaultValueFactory = _ => defaultCalibration
        };

        public Option<int> Bits { get; } = new("--bits", "-n")
        {
            Description = "N the other channels are quantized to",
            DefaultValueFactory = _ => 3
        };

        public Option<int> Seed { get; } = new("--seed")
        {
            Description = "Seed of the calibration subset",
            DefaultValueFactory = _ => 1
        };

        public Option<ScaleGranularity> Scale { get; } = NetworkInputs.ScaleOption();

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { Model, Calibration, Bits, Seed, Scale })
            {
                command.Options.Add(option);
            }
        }

        public (QuantizableModel Model, FashionMnist Calibration, RankingOptions Options,
            string Checkpoint) Read(ParseResult result)
        {
            int bits = result.GetValue(Bits);
            if (bits is < 2 or > 8)
            {
                throw new UsageException("--bits must be in [2, 8]");
            }

            int count = result.GetValue(Calibration);
            if (count is < 1 or > 60000)
            {
                throw new UsageException("--calibration must be in [1, 60000]");
            }

            Torch.Initialize();
            string checkpoint = result.GetValue(Model)!;
            QuantizableModel model = NetworkInputs.LoadModel(checkpoint);
            FashionMnist calibration = NetworkInputs.LoadData(train: true).Sample(count, result.GetValue(Seed));
            return (model, calibration, new RankingOptions(bits, result.GetValue(Scale)), checkpoint);
        }
    }
}
