using System.CommandLine;
using Edqa.Core.Layer;
using Edqa.Nn.Data;
using Edqa.Nn.Models;

namespace Edqa.Cli;

/// <summary>Loading the data set and checkpoints for the network commands, with their failures as input
/// errors.</summary>
public static class NetworkInputs
{
    /// <summary>--model: the checkpoint, the embedded default's unless given.</summary>
    public static Option<string> ModelOption() =>
        new("--model") { Description = "Checkpoint", DefaultValueFactory = _ => ShippedFile.Default("models/cnn.bin") };

    /// <summary>--scale: the scale groups, one option and one default (channel) for every command that quantizes,
    /// a layer file or a network's layers alike (docs/spec.md §2.2).</summary>
    public static Option<ScaleGranularity> ScaleOption() => new("--scale")
    {
        Description = "Scale groups: channel (one M per channel across the batch, the authors' code; the default) or "
            + "layer (one M for the whole layer, the paper's Algorithm 1)",
        CustomParser = EnumOption.Parse<ScaleGranularity>,
        DefaultValueFactory = _ => ScaleGranularity.Channel
    };

    /// <summary>--rank: the rank file of that checkpoint (<paramref name="description"/> says at which N, if it
    /// matters to the command).</summary>
    public static Option<string> RankOption(string description = "Rank file of that checkpoint") =>
        new("--rank")
        {
            Description = description, DefaultValueFactory = _ => ShippedFile.Default("models/cnn-rank.json")
        };

    /// <summary>--test-images K: the quick mode of the commands that measure test accuracy (eval, sweep, tune):
    /// the first K test images instead of all of them. --test-limit is its former name.</summary>
    public static Option<int?> TestImagesOption(string description) =>
        new("--test-images", "--test-limit") { Description = description + " (--test-limit: its former name)" };

    /// <summary>The first <paramref name="count"/> images of <paramref name="test"/> (all of them when null); a count
    /// outside the set is a usage error naming --test-images.</summary>
    public static FashionMnist TestSubset(FashionMnist test, int? count) =>
        count switch
        {
            null => test,
            >= 1 when count <= test.Count => test.Subset(Enumerable.Range(0, count.Value).ToArray()),
            _ => throw new UsageException($"--test-images must be in [1, {test.Count}] (the test set's images)"),
        };

    public static FashionMnist LoadData(bool train)
    {
        try
        {
            return FashionMnist.Load(train);
        }
        catch (FileNotFoundException e)
        {
            throw new InputException(e.Message);
        }
    }

    public static QuantizableModel LoadModel(string path)
    {
        ShippedFile.Require(path, "checkpoint");
        if (!File.Exists(path))
        {
            throw new InputException(
                $"{path}: no such checkpoint (train one with `edqa train`, or use the shipped models/cnn.bin)");
        }

        return CommandLineHost.LoadInput(path, () => QuantizableModel.Load(path));
    }

    /// <summary>A checkpoint and a rank file computed for it (refused, naming both, when it was computed for other
    /// weights).</summary>
    public static (QuantizableModel Network, Core.Ranking.RankFile Ranking) LoadModelAndRank(string checkpoint,
        string rankPath)
    {
        QuantizableModel network = LoadModel(checkpoint);
        ShippedFile.Require(rankPath, "rank file");
        Core.Ranking.RankFile ranking = CommandLineHost.LoadInput(rankPath, () => Core.Ranking.RankFile.Read(rankPath));
        ranking.RequireCheckpoint(network.CheckpointSha256!, rankPath, checkpoint);
        return (network, ranking);
    }
}

/// <summary>TorchSharp's process-wide settings, applied once before any network command.</summary>
public static class Torch
{
    /// <summary>Threads for libtorch: EDQA_THREADS if set (two jobs sharing the cores should split them: busy-waiting
    /// OpenMP threads of two processes on the same cores slow both down many times), else one per core.</summary>
    public static void Initialize()
    {
        // libtorch reads its log level when it loads (on the first torch call, below): keep its warnings (NNPACK on
        // CPUs it does not support) out of the output.
        if (Environment.GetEnvironmentVariable("TORCH_CPP_LOG_LEVEL") is null)
        {
            Environment.SetEnvironmentVariable("TORCH_CPP_LOG_LEVEL", "ERROR");
        }

        int threads = int.TryParse(Environment.GetEnvironmentVariable("EDQA_THREADS"), out int configured)
            && configured > 0 ? configured : Environment.ProcessorCount;
        TorchSharp.torch.set_num_threads(Math.Max(1, threads));
    }
}
