using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>Bit-level assertions shared by the test projects.</summary>
public static class BitAssert
{
    public static GroupScale ScaleOf(ChannelCase channel) =>
        GroupScale.FromMax(ScalarQuantizationKernel.Instance.AbsMax(channel.Values), channel.Format);

    public static void Identical(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"element {i}: expected {expected[i]} "
                    + $"(0x{BitConverter.SingleToInt32Bits(expected[i]):X8}), got {actual[i]} "
                    + $"(0x{BitConverter.SingleToInt32Bits(actual[i]):X8})");
            }
        }
    }

    public static void Identical(float expected, float actual) => Identical([expected], [actual]);
}
