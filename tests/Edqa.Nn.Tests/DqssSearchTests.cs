using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Training;

namespace Edqa.Nn.Tests;

/// <summary>The invariants of DQSS's search (spec §9, issue 27) on tiny data: the annealed mixture ends at the
/// strategy it keeps, so keeping it costs no calibration loss; and a seed fixes the search.</summary>
[Collection(TorchCollection.Name)]
public sealed class DqssSearchTests
{
    /// <summary>How much more calibration loss (nats per image) the kept strategy may have than the mixture the
    /// search ended with: at a final temperature of 0.02 the losing weights are below e^(-Δα/0.02), so the two
    /// networks differ by far less than this.</summary>
    private const double Tolerance = 0.01;

    private static readonly DqssSettings Short = new(Steps: 60);

    [Fact]
    public void After_annealing_the_kept_strategy_is_the_mixture_and_loses_no_calibration_loss_to_it()
    {
        using var tiny = new TinyData();
        QuantizableModel model = Trainer.Train("cnn", 1, 7, tiny.Train, tiny.Test).Model;
        DqssSearchResult search = DqssSearch.Run(model, tiny.Train, 3, seed: 5, settings: Short);

        DqssDiagnosis diagnosis = search.Diagnosis!;
        Assert.All(search.Choices, c => Assert.True(c.Weights.Max() > 0.99f, $"{c.Point}: {c.Weights.Max()}"));
        Assert.True(diagnosis.Chosen <= diagnosis.Mixture + Tolerance,
            $"kept strategy {diagnosis.Chosen} against mixture {diagnosis.Mixture}");
        // The diagnosis measures the strategy the result applies, on the calibration images.
        Assert.Equal(DqssSearch.CalibrationLoss(model, tiny.Train, search.Quantizer()), diagnosis.Chosen, 6);
        Assert.Equal(Short.Steps, diagnosis.Trace[^1].Step);
        Assert.Equal(Short.FinalTemperature, diagnosis.Trace[^1].Temperature, 9);
    }

    [Fact]
    public void A_seed_fixes_the_search_and_another_seed_changes_its_batches()
    {
        using var tiny = new TinyData(train: 160);
        QuantizableModel model = Trainer.Train("cnn", 1, 7, tiny.Train, tiny.Test).Model;
        var settings = Short with { BatchSize = 32 };
        DqssCandidates candidates = new DqssRun(model, tiny.Train, 5).Candidates(3);
        DqssSearchResult Search(int seed) => DqssSearch.Run(model, tiny.Train, 3, seed, candidates, settings);

        DqssSearchResult first = Search(5), again = Search(5), other = Search(6);
        Assert.Equal(first.Choices.Select(c => c.Weights), again.Choices.Select(c => c.Weights));
        Assert.Equal(first.Diagnosis!.Trace.Select(t => t.BatchLoss), again.Diagnosis!.Trace.Select(t => t.BatchLoss));
        Assert.Equal(first.Diagnosis.Chosen, again.Diagnosis.Chosen);
        // The seed is what fixes it: another seed draws other batches.
        Assert.NotEqual(
            first.Diagnosis.Trace.Select(t => t.BatchLoss), other.Diagnosis!.Trace.Select(t => t.BatchLoss));
    }
}
