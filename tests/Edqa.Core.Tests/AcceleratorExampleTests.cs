using System.Globalization;
using System.Text.RegularExpressions;
using Edqa.Core.Jobs;

namespace Edqa.Core.Tests;

/// <summary>docs/spec.md §7's worked examples against the golden model: each ```hex accelerator-input block, read as
/// the stream's words (descriptor, scale, W, the static codes its descriptor loads, the input), quantizes through the
/// C# reference to the record words and trailer word 0 of the ```hex accelerator-output block after it. The SystemC
/// model meets the same blocks, cycles included (sim/tests/stage_testbenches.cpp), so the golden data is the C#
/// reference's.</summary>
public sealed partial class AcceleratorExampleTests
{
    [Fact]
    public void Every_accelerator_example_is_what_the_golden_model_gives()
    {
        string spec = File.ReadAllText(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "docs", "spec.md"));
        MatchCollection pairs = Example().Matches(spec);
        Assert.True(pairs.Count >= 3, $"docs/spec.md §7 has {pairs.Count} accelerator examples");
        bool unsignedSeen = false, codedSeen = false;
        foreach (Match pair in pairs)
        {
            uint[] input = Words(pair.Groups["input"].Value);
            uint[] output = Words(pair.Groups["output"].Value);
            uint word0 = input[0];
            var descriptor = new RecordDescriptor(word0 & 0xF, (word0 >> 4) & 0xF, (word0 >> 8) & 1,
                (word0 >> 16) & 0x1FFF, input[1], BitConverter.SingleToUInt32Bits(1f / BitConverter.UInt32BitsToSingle(
                    input[1])), (word0 >> 9) & 3, (word0 >> 12) & 1, (word0 >> 13) & 1);
            unsignedSeen |= descriptor.Grid == 1;
            codedSeen |= descriptor.CodeCoding == 1;
            // The static code (LOAD_STATIC_CODE, bit 11), then the codes' static code (LOAD_CODE_STATIC_CODE, bit 14).
            bool loadsCode = ((word0 >> 11) & 1) == 1;
            int codeWords = loadsCode ? Huffman.Codebook.WordsFor(1 << (int)descriptor.ExtraBits) : 0;
            JobStaticCode? code = loadsCode ? new JobStaticCode((int)descriptor.ExtraBits, input[3..(3 + codeWords)])
                : null;
            bool loadsCodesCode = ((word0 >> 14) & 1) == 1;
            int codesCodeWords = loadsCodesCode
                ? Huffman.Codebook.WordsFor(Huffman.CodeSymbols.AlphabetSize((int)descriptor.Bits)) : 0;
            JobCodeStaticCode? codesCode = loadsCodesCode ? new JobCodeStaticCode((int)descriptor.Bits,
                input[(3 + codeWords)..(3 + codeWords + codesCodeWords)]) : null;
            uint[] values = input[(3 + codeWords + codesCodeWords)..];
            Assert.Equal(input[2], (uint)values.Length);
            var job = new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize, "spec §7",
                [new JobRecord(descriptor, values)], code, codesCode);

            RecordResult result = GoldenJobRunner.Reference.Run([job])[0].Records[0];

            Assert.Equal(RecordStatus.Ok, result.Status);
            // The output block: the record's words, then the trailer (its word count with ErrorCode 0, the cycles).
            Assert.Equal(output[..^2], result.Output);
            Assert.Equal((uint)result.Output.Length, output[^2]);
        }

        Assert.True(unsignedSeen, "docs/spec.md §7 has no example on the unsigned grid (UNSIGNED, bit 12)");
        Assert.True(codedSeen, "docs/spec.md §7 has no example of code coding static (CODE_CODING, bit 13)");
    }

    private static uint[] Words(string text) => Regex.Matches(text, "[0-9a-f]{8}")
        .Select(m => uint.Parse(m.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    [GeneratedRegex("```hex accelerator-input\\n(?<input>[^`]*)```(?:(?!```hex accelerator-input).)*?"
        + "```hex accelerator-output\\n(?<output>[^`]*)```", RegexOptions.Singleline)]
    private static partial Regex Example();
}
