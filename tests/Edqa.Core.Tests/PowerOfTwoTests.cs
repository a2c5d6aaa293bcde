using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>Spec §5: power-of-two quantization, rounding at the geometric midpoint.</summary>
public class PowerOfTwoTests
{
    [Theory]
    // N = 3: emax = 1, levels M/4, M/2, M (M = 8: 2, 4, 8), zero code 0b010.
    [InlineData(8f, 0b001, 8f)]          // e = +1: top level
    [InlineData(5.6f, 0b000, 4f)]        // 5.6 / 4 = 1.4 < sqrt 2: rounds down to 4
    [InlineData(5.7f, 0b001, 8f)]        // 5.7 / 4 = 1.425 > sqrt 2: rounds up to 8
    [InlineData(-3f, 0b100, -4f)]        // 3 / 2 = 1.5 > sqrt 2: up to 4, negative
    [InlineData(2f, 0b011, 2f)]          // e = -1: bottom level
    [InlineData(1.42f, 0b011, 2f)]       // 1.42 >= 2 / sqrt 2 = 1.414: still the bottom level
    [InlineData(1.41f, 0b010, 0f)]       // below the geometric half-step: zero
    [InlineData(0f, 0b010, 0f)]
    [InlineData(100f, 0b001, 8f)]        // above M (a calibrated M): saturates
    public void Three_bit_examples(float x, int code, float expected)
    {
        Assert.Equal(code, PowerOfTwoQuantizer.Quantize(x, 8f, 3));
        Assert.Equal(expected, PowerOfTwoQuantizer.Dequantize(code, 8f, 3));
    }

    [Theory]
    // N = 3 unsigned: no sign bit, emax = 3, levels 0.125 .. 8 for M = 8, zero code 0b100.
    [InlineData(8f, 0b011, 8f)]
    [InlineData(5.6f, 0b010, 4f)]
    [InlineData(0.1f, 0b111, 0.125f)]    // 0.1 / 8 = 1.6 * 2^-7 rounds up to 2^-6: the bottom level, e = -3
    [InlineData(0.05f, 0b100, 0f)]       // below the bottom level's geometric half-step
    [InlineData(-3f, 0b100, 0f)]         // negative: the zero code
    public void Three_bit_unsigned_examples(float x, int code, float expected)
    {
        Assert.Equal(code, PowerOfTwoQuantizer.Quantize(x, 8f, 3, QuantGrid.Unsigned));
        Assert.Equal(expected, PowerOfTwoQuantizer.Dequantize(code, 8f, 3, QuantGrid.Unsigned));
    }

    [Fact]
    public void Round_log2_switches_exactly_at_the_square_root_of_two()
    {
        float below = BitConverter.Int32BitsToSingle(0x3FB504F3); // float32(sqrt 2) < sqrt 2
        float above = BitConverter.Int32BitsToSingle(0x3FB504F4);
        Assert.Equal(0, PowerOfTwoQuantizer.RoundLog2(below));
        Assert.Equal(1, PowerOfTwoQuantizer.RoundLog2(above));
        Assert.Equal(-149, PowerOfTwoQuantizer.RoundLog2(float.Epsilon));
        for (int k = -140; k < 120; k++)
        {
            Assert.Equal(k, PowerOfTwoQuantizer.RoundLog2(MathF.ScaleB(1f, k)));
        }
    }

    [Fact]
    public void Every_code_of_every_width_round_trips()
    {
        for (int bits = SpecConstants.MinBits; bits <= SpecConstants.MaxBits; bits++)
        {
            foreach (QuantGrid grid in new[] { QuantGrid.Signed, QuantGrid.Unsigned })
            {
                for (int code = 0; code < 1 << bits; code++)
                {
                    if ((code & ((1 << (bits - 1)) - 1)) > PowerOfTwoQuantizer.MaxExponent(bits, grid)
                        && grid == QuantGrid.Unsigned)
                    {
                        continue; // k above unsigned N = 8's capped emax: a code never written
                    }

                    float value = PowerOfTwoQuantizer.Dequantize(code, 3f, bits, grid);
                    int again = PowerOfTwoQuantizer.Quantize(value, 3f, bits, grid);
                    bool isZero = value == 0f;
                    Assert.Equal(isZero ? PowerOfTwoQuantizer.ZeroCode(bits, grid) : code, again);
                }
            }
        }
    }
}
