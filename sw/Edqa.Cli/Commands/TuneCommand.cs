using System.CommandLine;
using System.Globalization;
using Edqa.Core.Layer;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Experiments;
using Edqa.Nn.Models;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa tune</c>: per-layer r and m under an average budget of bits per activation (Tuner), measured with the
/// golden model's real record sizes, chosen on validation images of the training set; writes the configuration
/// (`edqa run --config` takes it) and prints its test accuracy beside the uniform r = 0.4, m = 3 at the same
/// measured memory (the default budget is that configuration's memory).
/// </summary>
public static class TuneCommand
{
    public static Command Create()
    {
        Option<string> model = NetworkInputs.ModelOption();
        Option<string> rank = NetworkInputs.RankOption("Rank file of that checkpoint at N (edqa rank --bits N)");
        var budget = new Option<double?>("--budget")
        {
            Description = "Average bits per activation over every quantized activation (default: what the uniform r = "
                + "0.4, m = 3 takes)"
        };
        var bits = new Option<int>("--bits", "-n") { Description = "N at every point", DefaultValueFactory = _ => 3 };
        var ratios = new Option<string>("--ratios")
        {
            Description = "The r each point may take, comma-separated, from 0",
            DefaultValueFactory = _ => "0,0.2,0.4,0.6,0.8,1"
        };
        var extraBits = new Option<string>("--extra-bits")
        {
            Description = "The m each point may take, comma-separated (each at most N)",
            DefaultValueFactory = _ => "1,2,3"
        };
        var validation = new Option<int>("--validation")
        {
            Description = "Validation images (from the training set) accuracy is measured on",
            DefaultValueFactory = _ => 2000
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the validation subset",
            DefaultValueFactory = _ => 7
        };
        Option<ScaleGranularity> scale = NetworkInputs.ScaleOption();
        Option<int?> testImages = NetworkInputs.TestImagesOption(
            "Report the test accuracies on the first K test images only (a quick run; the file records K)");
        var output = new Option<string>("--output", "-o")
        {
            Description = "The configuration file to write",
            Required = true
        };
        var format = TableOutput.FormatOption();
        var command = new Command("tune",
            "Choose r and m per layer under a budget of bits per activation (measured Huffman sizes), against the "
            + "uniform r = 0.4, m = 3")
        {
            model, rank, budget, bits, ratios, extraBits, validation, seed, scale, testImages, output, format,
        };
        command.SetAction(result =>
        {
            string outputPath = CommandLineHost.OutputPath(result.GetValue(output), "--output");
            int n = result.GetValue(bits);
            double[] ratioChoices = ParseList<double>(result.GetValue(ratios)!, "--ratios", s =>
                double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r >= 0 && r <= 1
                    ? r
                    : (double?)null);
            int[] extraChoices = ParseList<int>(result.GetValue(extraBits)!, "--extra-bits", s =>
                int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m >= 1 && m <= n
                    ? m
                    : (int?)null);
            if (ratioChoices[0] != 0 || ratioChoices.Zip(ratioChoices.Skip(1)).Any(p => p.Second <= p.First)
                || !ratioChoices.Contains(0.4) || !extraChoices.Contains(3))
            {
                throw new UsageException(
                    "--ratios must rise from 0 and hold 0.4, --extra-bits must hold 3 (the uniform configuration "
                    + "compared against)");
            }

            int images = result.GetValue(validation);
            if (images < 16 || images > 50_000)
            {
                throw new UsageException("--validation must be in [16, 50000]");
            }

            if (result.GetValue(budget) is double b && !(b > 0 && b <= 32))
            {
                throw new UsageException("--budget must be in (0, 32] bits per activation");
            }

            Torch.Initialize();
            string checkpoint = result.GetValue(model)!;
            string rankPath = result.GetValue(rank)!;
            (QuantizableModel network, RankFile ranking) = NetworkInputs.LoadModelAndRank(checkpoint, rankPath);
            if (ranking.Bits != n)
            {
                throw new UsageException(
                    $"{rankPath} ranks channels at N = {ranking.Bits}; tune at that N or rank at N = {n} (edqa "
                    + $"rank --bits {n})");
            }

            FashionMnist train = NetworkInputs.LoadData(train: true);
            int? testCount = result.GetValue(testImages);
            FashionMnist test = NetworkInputs.TestSubset(NetworkInputs.LoadData(train: false), testCount);
            var options =
                new Tuner.Options(n, ratioChoices, extraChoices, images, result.GetValue(seed), result.GetValue(scale));
            Tuner.Result tuned = ProgressDisplay.Run($"tune {network.Architecture}",
                Tuner.TypicalEvaluations(network.ActivationPoints.Count, options, test.Count),
                progress => CommandLineHost.CheckUsage(() => Tuner.Run(network, ranking, train, test, options,
                    result.GetValue(budget), (line, evaluated) =>
                    {
                        if (line is not null)
                        {
                            progress.Line(line);
                        }

                        progress.Advance(evaluated);
                    })), estimate: true);
            tuned = new Tuner.Result(tuned.Config with { Command = RunProvenance.CommandLine(),
                Commit = RunProvenance.Commit(), TestImages = testCount });
            Experiment.Tune.Write(outputPath, tuned.Config);
            Console.Write(Table(tuned, outputPath).Render(result.GetValue(format)));
            return ExitCodes.Success;
        });
        return command;
    }

    public static TableOutput Table(Tuner.Result tuned, string path)
    {
        TuneConfig c = tuned.Config;
        var table = new TableOutput(
            $"edqa tune: {c.Model}, N = {c.Bits}, budget {c.Budget:0.###} bits per activation -> {path}",
            [new("point", "point"), new("ratio", "r", "0.##"), new("extra_bits", "m")]);
        foreach (PointChoice point in c.Points)
        {
            table.AddRow(point.Point, point.Ratio, point.ExtraBits);
        }

        string testSet = c.TestImages is int k ? $" (on the first {k} test images only, --test-images)" : string.Empty;
        table.AddNote(string.Create(CultureInfo.InvariantCulture,
            $"Tuned: {c.BitsPerActivation:0.###} bits per activation, validation {100 * c.ValidationAccuracy:0.00}%, "
            + $"test {100 * tuned.TestAccuracy:0.00}%{testSet}."));
        table.AddNote(string.Create(CultureInfo.InvariantCulture,
            $"Uniform r = 0.4, m = 3: {c.UniformBitsPerActivation:0.###} bits per activation, validation "
            + $"{100 * c.UniformValidationAccuracy:0.00}%, test {100 * tuned.UniformTestAccuracy:0.00}%."));
        table.AddNote(string.Create(CultureInfo.InvariantCulture,
            $"Memory: the golden model's records (codes, payloads, codebooks, 32-bit coding words) on "
            + $"{Tuner.MemoryImages} validation images; accuracy on {c.ValidationImages} validation images of the "
            + $"training set (seed {c.Seed}); {c.Evaluations} evaluations, {c.Seconds:0} s."));
        return table;
    }

    private static T[] ParseList<T>(string list, string option, Func<string, T?> parse)
        where T : struct
    {
        string[] items = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        T[] values = items.Select(item =>
            parse(item) ?? throw new UsageException($"{option}: '{item}' is out of range")).ToArray();
        return values.Length > 0 ? values : throw new UsageException($"{option}: name at least one value");
    }
}
