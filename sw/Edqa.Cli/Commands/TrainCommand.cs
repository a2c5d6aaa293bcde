using System.CommandLine;
using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Edqa.Nn.Training;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa train</c>: trains a model on Fashion-MNIST and saves the checkpoint with a provenance
/// file.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description =
                $"Architecture: {string.Join(", ", ModelRegistry.All.Select(m => $"{m.Name} ({m.Description})"))}",
            DefaultValueFactory = _ => SmallCnn.Name
        };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of initialization and shuffling: same seed, same weights",
            DefaultValueFactory = _ => 1
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Checkpoint to write (TorchSharp format); MODEL.json gets the provenance",
            Required = true
        };
        var command = new Command("train", "Train a model on Fashion-MNIST") { model, epochs, seed, output };
        command.SetAction(result =>
        {
            string architecture = result.GetValue(model)!;
            if (!ModelRegistry.Names.Contains(architecture))
            {
                throw new UsageException(
                    $"--model: '{architecture}' is not one of {string.Join(", ", ModelRegistry.Names)}");
            }

            int epochCount = result.GetValue(epochs);
            if (epochCount is < 1 or > 1000)
            {
                throw new UsageException("--epochs must be in [1, 1000]");
            }

            Torch.Initialize();
            FashionMnist train = NetworkInputs.LoadData(train: true);
            FashionMnist test = NetworkInputs.LoadData(train: false);
            TrainingResult trained = ProgressDisplay.Run($"train {architecture}, {epochCount} epochs", 1, progress =>
                Trainer.Train(architecture, epochCount, result.GetValue(seed), train, test, (step, total, loss) =>
            {
                progress.Advance(1.0 / total);
                if (!double.IsNaN(loss))
                {
                    progress.Describe(
                        $"train {architecture}, epoch {step * epochCount / total}/{epochCount}, loss {loss:F3}");
                }
            }));
            string path = CommandLineHost.OutputPath(result.GetValue(output), "--output");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            trained.Model.Save(path);
            new ModelProvenance(architecture, epochCount, result.GetValue(seed), Math.Round(trained.Seconds, 1),
                trained.TestAccuracy, ModelProvenance.Sha256Of(path),
                $"edqa train --model {architecture} --epochs {epochCount} --seed {result.GetValue(seed)} "
                + $"--output {path}").Write(path);
            Console.WriteLine(
                $"trained {architecture} for {epochCount} epochs in {trained.Seconds:F0} s: test accuracy "
                + $"{trained.TestAccuracy:P2}; saved {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
