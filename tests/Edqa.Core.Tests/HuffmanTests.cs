using CsCheck;
using Edqa.Core.Bits;
using Edqa.Core.Huffman;

namespace Edqa.Core.Tests;

/// <summary>Spec §3: code lengths, canonical codes, limits, codebook validation and the coders.</summary>
public class HuffmanTests
{
    [Fact]
    public void Canonical_codes_match_the_RFC_1951_example()
    {
        // RFC 1951 §3.2.2: lengths (3,3,3,3,3,2,4,4) give 010 011 100 101 110 00 1110 1111.
        var code = CanonicalCode.FromLengths([3, 3, 3, 3, 3, 2, 4, 4]);
        Assert.Equal(new ushort[] { 0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111 }, code.Codes.ToArray());
    }

    [Fact]
    public void Ties_are_broken_deterministically_as_the_spec_says()
    {
        // Counts {1, 1, 2, 2}: the leaf-first rule merges (0,1), then the two leaves 2 and 3, then the two nodes:
        // every length 2 (the other optimum, {3, 3, 2, 1}, is not chosen).
        Assert.Equal(new byte[] { 2, 2, 2, 2 }, Lengths([1, 1, 2, 2]));

        // Counts {5, 1, 1, 2, 0, 0, 0, 9} (spec §3.6 example).
        Assert.Equal(new byte[] { 2, 4, 4, 3, 0, 0, 0, 1 }, Lengths([5, 1, 1, 2, 0, 0, 0, 9]));
    }

    [Fact]
    public void Single_symbol_gets_a_one_bit_code_and_no_symbol_gets_none()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 1, 0, 0, 0, 0 }, Lengths([0, 0, 0, 42, 0, 0, 0, 0]));
        Assert.Equal(new byte[8], Lengths(new int[8]));
    }

    [Fact]
    public void All_eight_errors_present_still_compress_when_the_distribution_is_skewed()
    {
        // The authors capped lengths at m = 3, which forces fixed 3-bit codes here; L_max = 8 does not.
        int[] histogram = [1000, 300, 100, 40, 20, 10, 5, 1];
        var code = CanonicalCode.FromHistogram(histogram);
        Assert.Equal(8, code.UsedSymbols);
        Assert.True(code.PayloadBits(histogram) < 3L * histogram.Sum());
    }

    [Fact]
    public void Lengths_beyond_L_max_are_limited_and_the_code_stays_complete()
    {
        // Fibonacci counts give the deepest possible tree: 16 symbols would need lengths up to 15.
        var histogram = new int[16];
        (int a, int b) = (1, 1);
        for (int i = 0; i < histogram.Length; i++)
        {
            histogram[i] = a;
            (a, b) = (b, a + b);
        }

        byte[] lengths = Lengths(histogram);
        Assert.Equal(SpecConstants.MaxCodeLength, lengths.Max());
        Assert.Equal(1.0, Kraft(lengths));
        for (int i = 1; i < lengths.Length; i++)
        {
            Assert.True(lengths[i] <= lengths[i - 1], "a more frequent symbol never gets a longer code");
        }
    }

    [Fact]
    public void Built_lengths_are_complete_limited_and_optimal_when_unconstrained()
    {
        Gen<int[]> histograms = Gen.Int[1, 8].SelectMany(m => Gen.Frequency(
            (3, Gen.Int[0, 50]), (1, Gen.Int[0, 5000]), (1, Gen.Const(0))).Array[1 << m]);
        histograms.Sample(histogram =>
        {
            byte[] lengths = Lengths(histogram);
            int used = histogram.Count(c => c > 0);
            Assert.Equal(used, lengths.Count(l => l > 0));
            Assert.All(lengths, l => Assert.InRange(l, 0, SpecConstants.MaxCodeLength));
            if (used >= 2)
            {
                Assert.Equal(1.0, Kraft(lengths));
                long cost = Cost(histogram, lengths);
                long optimal = OptimalUnlimitedCost(histogram);
                Assert.True(cost >= optimal);
                if (lengths.Max() < SpecConstants.MaxCodeLength)
                {
                    Assert.Equal(optimal, cost); // a limit that did not bind leaves a true Huffman code
                }
            }

            _ = CanonicalCode.FromLengths(lengths); // always a legal codebook
        }, iter: 3000);
    }

    [Fact]
    public void Decode_of_encode_returns_the_symbols_with_both_coders()
    {
        Gen<(int, byte[])> streams = Gen.Int[1, 8].SelectMany(m =>
            Gen.Byte[0, (byte)((1 << m) - 1)].Array[0, 2000].Select(symbols => (m, symbols)));
        streams.Sample(stream =>
        {
            (int m, byte[] symbols) = stream;
            var histogram = new int[1 << m];
            foreach (byte s in symbols)
            {
                histogram[s]++;
            }

            var code = CanonicalCode.FromHistogram(histogram);
            long bits = code.PayloadBits(histogram);
            byte[] decodedByScalar =
                RoundTrip(symbols, code, bits, ScalarHuffmanCoder.Instance, ScalarHuffmanCoder.Instance);
            byte[] decodedByTable =
                RoundTrip(symbols, code, bits, TableHuffmanCoder.Instance, TableHuffmanCoder.Instance);
            byte[] crossed = RoundTrip(symbols, code, bits, TableHuffmanCoder.Instance, ScalarHuffmanCoder.Instance);
            Assert.Equal(symbols, decodedByScalar);
            Assert.Equal(symbols, decodedByTable);
            Assert.Equal(symbols, crossed);
        }, iter: 2000);
    }

    [Fact]
    public void Codebook_validation_names_each_kind_of_defect()
    {
        Assert.Contains("longer than L_max", Reject([9, 1, 0, 0]));
        Assert.Contains("over-subscribed", Reject([1, 1, 1, 0]));
        Assert.Contains("incomplete", Reject([1, 2, 0, 0]));
        Assert.Contains("must have length 1", Reject([0, 3, 0, 0]));
        Assert.Contains("alphabet", Reject([1, 1, 1]));
    }

    [Fact]
    public void A_one_symbol_code_rejects_the_unused_bit_pattern()
    {
        var code = CanonicalCode.FromLengths([0, 1]);
        uint[] stream = [0b0100_0000u << 24]; // symbol 1 (code 0), then a 1 bit no code starts
        foreach (IHuffmanCoder coder in new IHuffmanCoder[] { ScalarHuffmanCoder.Instance, TableHuffmanCoder.Instance })
        {
            var symbols = new byte[2];
            var error = Assert.Throws<EdqaFormatException>(() => Decode(coder, stream, code, symbols));
            Assert.Contains("symbol 1", error.Message);
        }
    }

    private static void Decode(IHuffmanCoder coder, uint[] stream, CanonicalCode code, byte[] symbols)
    {
        var reader = new WordBitReader(stream);
        coder.Decode(ref reader, code, symbols);
    }

    private static string Reject(byte[] lengths) =>
        Assert.Throws<EdqaFormatException>(() => CanonicalCode.FromLengths(lengths)).Message;

    private static byte[] RoundTrip(
        byte[] symbols, CanonicalCode code, long bits, IHuffmanCoder encoder, IHuffmanCoder decoder)
    {
        var words = new uint[(bits + 31) / 32];
        var writer = new WordBitWriter(words);
        encoder.Encode(symbols, code, ref writer);
        Assert.Equal(bits, writer.BitPosition);
        writer.Flush();
        var reader = new WordBitReader(words);
        var decoded = new byte[symbols.Length];
        decoder.Decode(ref reader, code, decoded);
        Assert.Equal(bits, reader.BitPosition);
        return decoded;
    }

    private static byte[] Lengths(int[] histogram)
    {
        var lengths = new byte[histogram.Length];
        HuffmanCodeLengths.Build(histogram, lengths);
        return lengths;
    }

    private static double Kraft(byte[] lengths) => lengths.Where(l => l > 0).Sum(l => Math.Pow(2, -l));

    private static long Cost(int[] histogram, byte[] lengths) => histogram.Select((c, s) => (long)c * lengths[s]).Sum();

    /// <summary>Cost of an unlimited Huffman code, by the classic priority-queue construction (independent of
    /// the code under test).</summary>
    private static long OptimalUnlimitedCost(int[] histogram)
    {
        var queue = new PriorityQueue<long, long>();
        foreach (int count in histogram.Where(c => c > 0))
        {
            queue.Enqueue(count, count);
        }

        long cost = 0;
        while (queue.Count > 1)
        {
            long merged = queue.Dequeue() + queue.Dequeue();
            cost += merged;
            queue.Enqueue(merged, merged);
        }

        return cost;
    }
}
