using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Edqa.Nn.Data;
using Edqa.Nn.Training;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa train</c>: trains a model on Fashion-MNIST and saves the checkpoint with a provenance file.</summary>
public static class TrainCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "cnn (fast default) or resnet20", DefaultValueFactory = _ => "cnn" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialization and shuffling: same seed, same weights", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--output", "-o") { Description = "Checkpoint to write (TorchSharp format); MODEL.json gets the provenance", Required = true };
        var command = new Command("train", "Train a model on Fashion-MNIST") { model, epochs, seed, output };
        command.SetAction(result =>
        {
            string architecture = result.GetValue(model)!;
            if (architecture is not ("cnn" or "resnet20"))
            {
                throw new UsageException($"--model: '{architecture}' is neither cnn nor resnet20");
            }

            int epochCount = result.GetValue(epochs);
            if (epochCount is < 1 or > 1000)
            {
                throw new UsageException("--epochs must be in [1, 1000]");
            }

            Torch.Initialize();
            FashionMnist train = NetworkInputs.LoadData(train: true);
            FashionMnist test = NetworkInputs.LoadData(train: false);
            TrainingResult trained = ProgressDisplay.Run($"train {architecture}, {epochCount} epochs", 1, progress => Trainer.Train(architecture, epochCount, result.GetValue(seed), train, test, (step, total, loss) =>
            {
                progress.Advance(1.0 / total);
                if (!double.IsNaN(loss))
                {
                    progress.Describe($"train {architecture}, epoch {step * epochCount / total}/{epochCount}, loss {loss:F3}");
                }
            }));
            string path = result.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            trained.Model.Save(path);
            var provenance = new
            {
                architecture,
                epochs = epochCount,
                seed = result.GetValue(seed),
                trainingSeconds = Math.Round(trained.Seconds, 1),
                testAccuracy = trained.TestAccuracy,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))),
                command = $"edqa train --model {architecture} --epochs {epochCount} --seed {result.GetValue(seed)} --output {path}",
            };
            File.WriteAllText(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(provenance, JsonOptions));
            Console.WriteLine($"trained {architecture} for {epochCount} epochs in {trained.Seconds:F0} s: test accuracy {trained.TestAccuracy:P2}; saved {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
