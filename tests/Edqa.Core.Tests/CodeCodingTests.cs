using Edqa.Core.Channel;
using Edqa.Core.Container;
using Edqa.Core.Huffman;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>Code coding static (docs/spec.md §3.8): the worked examples word for word, the zero-run symbols, the
/// packed fallback, and container version 3.</summary>
public class CodeCodingTests
{
    private static readonly QuantFormat N3M3 = new(3, 3);

    private static readonly float[] SpecChannel = [2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f];

    private static CanonicalCode SpecCode() =>
        StaticCode.FromLengths([2, 3, 4, 6, 6, 6, 6, 4, 3, 6, 4, 5, 6, 6, 5, 6, 6, 6, 6, 6, 6, 6, 5],
            SpecConstants.MaxCodesCodeLength)!;

    [Fact]
    public void The_spec_code_has_its_canonical_codes_and_wire_form()
    {
        CanonicalCode code = SpecCode();
        // Codes 0 .. 7, then runs 2 .. 16.
        Assert.Equal(new ushort[] { 0b00, 0b010, 0b1000, 0b110010, 0b110011, 0b110100, 0b110101, 0b1001, 0b011,
            0b110110, 0b1010, 0b10110, 0b110111, 0b111000, 0b10111, 0b111001, 0b111010, 0b111011, 0b111100,
            0b111101, 0b111110, 0b111111, 0b11000 }, code.Codes.ToArray());
        Assert.Equal(new uint[] { 0x23466664, 0x36456656, 0x66666650 }, StaticCode.CodesToWords(code, 3));
        Assert.Equal(code.Lengths.ToArray(),
            StaticCode.CodesFromWords([0x23466664, 0x36456656, 0x66666650], 3)!.Lengths.ToArray());
        Assert.True(StaticCode.FitsCodes(code, 3));
    }

    [Fact]
    public void Spec_records_match_word_for_word_on_both_paths()
    {
        GroupScale scale = GroupScale.FromMax(2f, N3M3);
        float[] runs = new float[16];
        runs[5] = 0.5f;
        runs[14] = 1f;
        foreach (ChannelCodec codec in new[] { ChannelCodec.Reference, ChannelCodec.Optimized })
        {
            // Runs of 5 and 8 zeros around two codes, then one zero: coded, 1 + 19 bits.
            uint[] coded = codec.Encode(runs, scale, important: false, N3M3, codeStaticCode: SpecCode());
            Assert.Equal(new uint[] { 0xD95E0000 }, coded);
            Assert.Equal(new uint[] { 0x00004000, 0x00100000 }, codec.Encode(runs, scale, important: false, N3M3));
            ChannelFields fields = codec.Decode(coded, 16, important: false, N3M3, codeStaticCode: SpecCode());
            Assert.Equal(CodeMode.Static, fields.CodeMode);
            Assert.Equal(20, fields.CodeBits);
            Assert.Equal(new sbyte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0 }, fields.Codes);

            // §4.4's codes take Q = 29 > 24 bits coded: packed behind mode bit 0, as a direct channel.
            uint[] packed = codec.Encode(SpecChannel, scale, important: false, N3M3, codeStaticCode: SpecCode());
            Assert.Equal(new uint[] { 0x33C05080 }, packed);
            ChannelFields direct = codec.Decode(packed, 8, important: false, N3M3, codeStaticCode: SpecCode());
            Assert.Equal(CodeMode.Packed, direct.CodeMode);
            Assert.Equal(new sbyte[] { 3, 1, -1, 0, 0, 2, -4, 1 }, direct.Codes);

            // The same channel important (adaptive): H, codebook, payload as §4.4's, then the codes section last.
            uint[] important = codec.Encode(SpecChannel, scale, important: true, N3M3, codeStaticCode: SpecCode());
            Assert.Equal(new uint[] { 0x0000000E, 0x10320003, 0xF5800000, 0x33C05080 }, important);
            ChannelFields both = codec.Decode(important, 8, important: true, N3M3, codeStaticCode: SpecCode());
            Assert.Equal(new sbyte[] { 3, 1, -1, 0, 0, 2, -4, 1 }, both.Codes);
            Assert.Equal(new byte[] { 7, 3, 3, 2, 0, 0, 0, 0 }, both.Errors);
            Assert.Throws<EdqaFormatException>(() =>
                codec.Decode(important.AsSpan(0, 3), 8, important: true, N3M3, codeStaticCode: SpecCode()));
            Assert.Throws<EdqaFormatException>(() =>
                codec.Decode([.. important, 0u], 8, important: true, N3M3, codeStaticCode: SpecCode()));
        }
    }

    [Fact]
    public void Zero_runs_are_cut_into_16_then_one_symbol_for_the_rest()
    {
        sbyte[] codes = [.. new sbyte[39], 3, 0, 0, 0, 5, 0, 6];
        List<int> symbols = Symbols(codes, 3);
        // 39 = 16 + 16 + 7, then code 3, then a run of 3, code 5, one zero (the zero code), code 6.
        Assert.Equal(new[] { 22, 22, 13, 3, 9, 5, 0, 6 }, symbols);
        Assert.Equal(new[] { 16, 15, 7, 2, 1, 0 },
            new[] { 22, 21, 13, 8, 0, 5 }.Select(s => CodeSymbols.ZerosOf(s, 3)));
    }

    [Fact]
    public void Symbols_follow_the_spec_cut_on_random_records_of_both_grids()
    {
        // The spec's cut, written as §3.8 states it per maximal run: floor(z / 16) runs of 16, then the run of
        // z mod 16 if two or more, a single zero if one; a non-zero code is its N-bit pattern.
        var random = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            int bits = random.Next(2, 9);
            var codes = new sbyte[random.Next(0, 80)];
            for (int i = 0; i < codes.Length; i++)
            {
                // Mostly zeros, so that every run length up to past 32 occurs.
                codes[i] = random.Next(4) == 0 ? (sbyte)random.Next(-(1 << (bits - 1)), 1 << (bits - 1)) : (sbyte)0;
            }

            var expected = new List<int>();
            int zeros = 0;
            void Cut()
            {
                expected.AddRange(Enumerable.Repeat((1 << bits) + 14, zeros / 16));
                if (zeros % 16 >= 2)
                {
                    expected.Add((1 << bits) + (zeros % 16) - 2);
                }
                else if (zeros % 16 == 1)
                {
                    expected.Add(0);
                }

                zeros = 0;
            }

            foreach (sbyte code in codes)
            {
                int pattern = code & ((1 << bits) - 1);
                if (pattern == 0)
                {
                    zeros++;
                    continue;
                }

                Cut();
                expected.Add(pattern);
            }

            Cut();
            Assert.Equal(expected, Symbols(codes, bits));
        }
    }

    [Fact]
    public void A_run_past_the_record_end_and_an_absent_code_are_format_errors()
    {
        // Mode 1, then run 16 (11000) for a record of 8 elements.
        var e = Assert.Throws<EdqaFormatException>(() =>
            ChannelCodec.Reference.Decode([0xE0000000], 8, important: false, N3M3, codeStaticCode: SpecCode()));
        Assert.Contains("passes the record's 8 elements", e.Message);
        Assert.Throws<EdqaFormatException>(() => StaticCode.CodesFromWords([0x23466664, 0x36456656, 0x66666600], 3));
    }

    [Fact]
    public void Random_layers_round_trip_through_version_3_and_never_grow_by_more_than_the_mode_bit()
    {
        var random = new Random(24);
        foreach (QuantGrid grid in new[] { QuantGrid.Signed, QuantGrid.Unsigned })
        {
            for (int bits = 2; bits <= 8; bits++)
            {
                var format = new QuantFormat(bits, Math.Min(3, bits), grid);
                TensorLayout layout = TensorLayout.Create([2, 5, 37], 1);
                var data = new float[layout.ElementCount];
                for (int i = 0; i < data.Length; i++)
                {
                    // Half zeros (a ReLU's), the rest spread so that some records code badly.
                    data[i] = random.Next(2) == 0 ? 0f : (float)(random.NextDouble() * 4 - 1);
                }

                bool[] important = [true, false, true, false, false];
                var histogram = new long[CodeSymbols.AlphabetSize(bits)];
                LayerQuantizer.CodeCalibrationHistogram(data, layout, format, ScaleGranularity.Channel, important,
                    histogram);
                CanonicalCode code = StaticCode.ForCodes(histogram);
                QuantizedLayer coded = LayerQuantizer.Reference.Quantize(data, layout, format,
                    ScaleGranularity.Channel, important, codeStaticCode: code).Layer;
                QuantizedLayer packed = LayerQuantizer.Optimized.Quantize(data, layout, format,
                    ScaleGranularity.Channel, important).Layer;
                byte[] file = EdqaFile.ToBytes(coded);
                Assert.Equal(EdqaFile.Version, EdqaFile.ReadHeader(file).Version);
                Assert.Equal(EdqaFile.Version2, EdqaFile.ReadHeader(EdqaFile.ToBytes(packed)).Version);
                QuantizedLayer read = EdqaFile.Read(file);
                Assert.Equal(code.Lengths.ToArray(), read.CodeStaticCode!.Lengths.ToArray());
                for (int record = 0; record < layout.RecordCount; record++)
                {
                    ChannelFields a = read.DecodeRecord(record, ChannelCodec.Reference);
                    ChannelFields b = packed.DecodeRecord(record, ChannelCodec.Optimized);
                    Assert.Equal(b.Codes, a.Codes);
                    Assert.Equal(b.Errors, a.Errors);
                    Assert.InRange(a.CodeBits, 1, b.CodeBits + 1);
                }

                Assert.Equal(
                    LayerQuantizer.Optimized.Dequantize(packed).Values,
                    LayerQuantizer.Reference.Dequantize(read).Values);
            }
        }
    }

    private static List<int> Symbols(sbyte[] codes, int bits)
    {
        var symbols = new List<int>();
        foreach (int symbol in CodeSymbols.Of(codes, bits))
        {
            symbols.Add(symbol);
        }

        return symbols;
    }
}
