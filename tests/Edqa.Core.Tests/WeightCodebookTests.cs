using Edqa.Core.Calibration;

namespace Edqa.Core.Tests;

/// <summary>Spec §10: ADQ's quantile codebook, its nearest-codeword rule and EMA update, and the bit
/// allocation.</summary>
public class WeightCodebookTests
{
    [Fact]
    public void Quantiles_interpolate_between_order_statistics()
    {
        Assert.Equal(2.5f, WeightCodebook.Quantile([1f, 2f, 3f, 4f], 0.5));
        Assert.Equal(1f, WeightCodebook.Quantile([1f, 2f, 3f, 4f], 0));
        Assert.Equal(4f, WeightCodebook.Quantile([1f, 2f, 3f, 4f], 1));
        Assert.Equal(0f, WeightCodebook.Quantile([], 0.5));
    }

    [Fact]
    public void Three_bit_codebook_from_known_weights()
    {
        // K = 3, p = 1/6, 1/2, 5/6. Positives 1..5: h = 4p = 2/3, 2, 10/3.
        // Magnitudes of negatives 1..4: h = 3p = 0.5, 1.5, 2.5.
        var codebook = WeightCodebook.FromQuantiles([-4f, -3f, -2f, -1f, 0f, 1f, 2f, 3f, 4f, 5f], 3);
        Assert.Equal(new[] { -3.5f, -2.5f, -1.5f, 0f, (float)(1 + (2.0 / 3)), 3f, (float)(4 + (1.0 / 3)) },
            codebook.Codewords);
    }

    [Theory]
    [InlineData(0.5f, 0f)]    // tie between 0 and 1: the smaller magnitude
    [InlineData(-0.5f, 0f)]
    [InlineData(0.75f, 1f)]
    [InlineData(5f, 1f)]      // beyond the ends: the end codeword
    [InlineData(-5f, -1f)]
    [InlineData(1f, 1f)]
    public void Nearest_codeword_with_ties_to_the_smaller_magnitude(float w, float expected)
    {
        var ternary = WeightCodebook.FromQuantiles([-1f, 1f], 2);
        Assert.Equal(new[] { -1f, 0f, 1f }, ternary.Codewords);
        Assert.Equal(expected, ternary.Quantize(w));
    }

    [Fact]
    public void EMA_moves_used_non_zero_codewords_towards_their_mean()
    {
        var codebook = WeightCodebook.FromQuantiles([-1f, 1f], 2);
        int moved = codebook.Update([0.9f, 0.8f, -2f, 0.1f]);
        Assert.Equal(2, moved);
        Assert.Equal((float)((0.99 * 1) + (0.01 * 0.85)), codebook.Codewords[2]);
        Assert.Equal((float)((0.99 * -1) + (0.01 * -2)), codebook.Codewords[0]);
        Assert.Equal(0f, codebook.Codewords[1]);

        // An unused codeword stays put.
        Assert.Equal(1, codebook.Update([0.9f]));
        Assert.Equal((float)((0.99 * -1) + (0.01 * -2)), codebook.Codewords[0]);
    }

    [Fact]
    public void Bad_weights_and_widths_are_errors_naming_the_problem()
    {
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(
            () => WeightCodebook.FromQuantiles([1f, float.PositiveInfinity], 3)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightCodebook.FromQuantiles([1f], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightCodebook.FromQuantiles([1f], 9));
    }

    [Fact]
    public void Greedy_allocation_spends_the_budget_where_the_error_falls_most()
    {
        LayerBitCost[] layers =
        [
            new("steep", 100, 1, new Dictionary<int, double> { [2] = 10, [3] = 4, [4] = 1 }),
            new("flat", 100, 1, new Dictionary<int, double> { [2] = 10, [3] = 9, [4] = 8.5 }),
        ];
        // Gains per added weight bit: steep 2->3 0.06, 3->4 0.03, flat 2->3 0.01; a budget of 3 bits on average
        // pays for two upgrades.
        Assert.Equal(new[] { 4, 2 }, BitAllocation.Allocate(layers, [2, 3, 4], 3));
        Assert.Equal(new[] { 2, 2 }, BitAllocation.Allocate(layers, [2, 3, 4], 2));
        Assert.Equal(new[] { 4, 4 }, BitAllocation.Allocate(layers, [2, 3, 4], 4));

        // A sensitive layer wins the budget even with the flatter error curve.
        LayerBitCost[] weighted = [layers[0], layers[1] with { Sensitivity = 100 }];
        Assert.Equal(new[] { 2, 4 }, BitAllocation.Allocate(weighted, [2, 3, 4], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitAllocation.Allocate(layers, [2, 3, 4], 1.5));
        Assert.Throws<ArgumentException>(() => BitAllocation.Allocate(layers, [4, 3], 3));
    }
}
