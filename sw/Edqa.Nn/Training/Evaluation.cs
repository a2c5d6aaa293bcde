using Edqa.Nn.Data;
using Edqa.Nn.Models;
using static TorchSharp.torch;

namespace Edqa.Nn.Training;

/// <summary>Accuracy and loss of a model over a data set, in fixed batches (the paper's evaluation batch is 128;
/// with a dynamic per-batch scale the batch size changes the result, so it is explicit).</summary>
public static class Evaluation
{
    public const int BatchSize = 128;

    public static double Accuracy(nn.Module<Tensor, Tensor> model, FashionMnist data, int batchSize = BatchSize) =>
        Run(model, data, batchSize).Accuracy;

    public static (double Accuracy, double Loss) Run(nn.Module<Tensor, Tensor> model, FashionMnist data,
        int batchSize = BatchSize)
    {
        model.eval();
        using var noGrad = no_grad();
        long correct = 0;
        double loss = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, data.Count - start);
            (Tensor images, Tensor labels) = data.Batch(start, count);
            Tensor logits = model.call(images);
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            loss += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
        }

        return ((double)correct / data.Count, loss / data.Count);
    }
}
