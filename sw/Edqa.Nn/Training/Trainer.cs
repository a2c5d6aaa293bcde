using Edqa.Nn.Data;
using Edqa.Nn.Models;
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

    /// <summary>Adam's initial learning rate, decayed by cosine to 0 over the run.</summary>
    public const double LearningRate = 1e-3;

    /// <param name="progress">Called after every step with the steps done so far, the total and (after an epoch's
    /// last batch) that batch's loss, NaN otherwise.</param>
    public static TrainingResult Train(string architecture, int epochs, int seed, FashionMnist train, FashionMnist test,
        Action<int, int, double>? progress = null, int? limitBatches = null)
    {
        torch.manual_seed(seed);
        QuantizableModel model = QuantizableModel.Create(architecture);
        var optimizer = optim.Adam(model.parameters(), lr: LearningRate);
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
                        group.LearningRate = LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps));
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

        RunEpochs(progress is null ? null : (step, loss) => progress(step + 1, totalSteps, loss));
        model.eval();
        double seconds = watch.Elapsed.TotalSeconds;
        return new TrainingResult(model, epochs, seconds, Evaluation.Accuracy(model, test));
    }
}
