using Edqa.Nn.Data;
using Edqa.Nn.Models;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Edqa.Nn.Training;

/// <summary>What a training run produced.</summary>
public sealed record TrainingResult(QuantizableModel Model, int Epochs, double Seconds, double TestAccuracy);

/// <summary>
/// Trains a model on Fashion-MNIST: Adam (lr 1e-3, decayed by cosine to 0), batch 128, cross-entropy, the training
/// set shuffled by a seeded System.Random each epoch. Same seed, same weights: parameters are initialized after
/// torch.manual_seed(seed) and every source of randomness is seeded.
/// </summary>
public static class Trainer
{
    public const int BatchSize = 128;

    public static TrainingResult Train(string architecture, int epochs, int seed, FashionMnist train, FashionMnist test, bool progress = true, int? limitBatches = null)
    {
        torch.manual_seed(seed);
        QuantizableModel model = QuantizableModel.Create(architecture);
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var random = new Random(seed);
        int batches = limitBatches ?? (train.Count / BatchSize);
        int totalSteps = Math.Max(1, epochs * batches);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        void RunEpochs(Action<int, double>? report)
        {
            int step = 0;
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                model.train();
                random.Shuffle(order);
                for (int b = 0; b < batches; b++, step++)
                {
                    using var scope = NewDisposeScope();
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate = 1e-3 * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps));
                    }

                    (Tensor images, Tensor labels) = train.Gather(order.AsSpan(b * BatchSize, BatchSize));
                    optimizer.zero_grad();
                    Tensor loss = nn.functional.cross_entropy(model.call(images), labels);
                    loss.backward();
                    optimizer.step();
                    report?.Invoke(step, b == batches - 1 ? loss.item<float>() : double.NaN);
                }
            }
        }

        if (progress)
        {
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"train {architecture}, {epochs} epochs", maxValue: totalSteps);
                    RunEpochs((step, loss) =>
                    {
                        task.Increment(1);
                        if (!double.IsNaN(loss))
                        {
                            task.Description = $"train {architecture}, epoch {(step / batches) + 1}/{epochs}, loss {loss:F3}";
                        }
                    });
                });
        }
        else
        {
            RunEpochs(null);
        }

        model.eval();
        double seconds = watch.Elapsed.TotalSeconds;
        return new TrainingResult(model, epochs, seconds, Evaluation.Accuracy(model, test));
    }
}
