using System.Runtime.InteropServices;
using Edqa.Core;
using Edqa.Core.Baselines;
using Edqa.Core.Channel;
using Edqa.Core.Container;
using Edqa.Core.Huffman;
using Edqa.Core.Io;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Targets;

/// <summary>
/// The bit-exactness vectors the SystemC testbench checks the accelerator against, as a job stream (golden.jobs: per
/// case a quantize job and a de-quantize job of the golden record, then NoisyQuant channels and damaged records) and
/// the result stream the golden model computes for it from docs/spec.md (golden.results), never from any hardware
/// model's output. Also a small layer (layer.npy, its .edqa and its de-quantization) for the command-line checks.
/// In Targets, not Core: the longest case is the accelerator's longest channel, which the C header publishes.
/// </summary>
public static class GoldenVectors
{
    public const string JobsFile = "golden" + JobStream.FileExtension;
    public const string ResultsFile = "golden" + ResultStream.FileExtension;

    /// <summary>The accelerator's longest channel (hw/edqa_hw_config.h kMaxLength, published by the C
    /// header).</summary>
    private const int HardwareMaxLength = (int)Bindings.Native.EdqaSimNative.EDQA_SIM_MAX_LENGTH;

    /// <summary>What <see cref="Write"/> wrote: the jobs and how many of them are channel cases.</summary>
    public sealed record Summary(int Jobs, int ChannelCases);

    /// <summary>Writes <see cref="JobsFile"/>, <see cref="ResultsFile"/> and the layer files into
    /// <paramref name="directory"/>; channels of captured real activations (edqa capture) are taken from
    /// <paramref name="realDirectory"/> where it exists.</summary>
    public static Summary Write(string directory, string realDirectory)
    {
        Directory.CreateDirectory(directory);
        var jobs = new List<AcceleratorJob>();
        int cases = 0;
        foreach ((string name, QuantFormat format, bool important, float[] values, float max)
            in Cases().Concat(RealCases(realDirectory)))
        {
            jobs.AddRange(ChannelJobs(name, format, important, values, max));
            cases++;
        }

        jobs.AddRange(NoisyQuantJobs());
        jobs.AddRange(DamagedRecordJobs());
        jobs.AddRange(CodeCodingJobs());
        IReadOnlyList<JobResult> golden = GoldenJobRunner.Reference.Run(jobs);
        JobStream.Write(Path.Combine(directory, JobsFile), jobs);
        ResultStream.Write(Path.Combine(directory, ResultsFile), golden);
        WriteLayerPair(directory);
        return new Summary(jobs.Count, cases);
    }

    /// <summary>A channel's quantize job and the de-quantize job of its golden record (the golden model runs once
    /// here to produce that record; the results file is computed from the jobs afterwards, the same way). An
    /// important channel also runs with coding static (a static code computed from the channel itself, so static
    /// mostly wins) and smallest (a static code that fits it badly, so adaptive or raw win), spec §4.2.</summary>
    private static IEnumerable<AcceleratorJob> ChannelJobs(string name, QuantFormat format, bool important,
        float[] values, float max)
    {
        GroupScale scale = GroupScale.FromMax(max, format);
        var descriptor = RecordDescriptor.Of(values.Length, scale, important, format);
        uint[] record = ChannelCodec.Reference.Encode(values, scale, important, format);
        uint[] input = MemoryMarshal.Cast<float, uint>(values).ToArray();
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize, $"{name}: quantize",
            [new JobRecord(descriptor, input)]);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize, $"{name}: de-quantize",
            [new JobRecord(descriptor, record)]);
        if (!important)
        {
            yield break;
        }

        var own = new long[format.AlphabetSize];
        foreach (byte error in ChannelCodec.Reference.Decode(record, values.Length, important, format).Errors)
        {
            own[error]++;
        }

        var skewed = new long[format.AlphabetSize];
        skewed[^1] = 1_000_000;
        foreach ((RecordCoding coding, long[] histogram, string code) in new[] { (RecordCoding.Static, own, "own"),
            (RecordCoding.Smallest, skewed, "skewed") })
        {
            Core.Huffman.CanonicalCode staticCode = Core.Huffman.StaticCode.FromHistogram(histogram);
            var jobCode = JobStaticCode.From(staticCode);
            uint[] coded = ChannelCodec.Reference.Encode(values, scale, important, format, coding, staticCode);
            string variant = $"{name}, coding {coding.ToString().ToLowerInvariant()}, {code} static code";
            yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize, $"{variant}: quantize",
                [new JobRecord(descriptor with { Coding = (uint)coding }, input)], jobCode);
            yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize, $"{variant}: de-quantize",
                [new JobRecord(descriptor, coded)], jobCode);
        }
    }

    /// <summary>Quantize and de-quantize jobs of code coding static (spec §3.8): every N on both grids, direct and
    /// important, with a codes' static code computed from the channel's own codes (so most records are coded); a
    /// record with a code longer than 8 bits; records in the packed fallback; a layer of several records, some coded
    /// and some packed, with coding static for the errors too (so both static codes load, and with several units
    /// both are resent); and damaged coded records to de-quantize.</summary>
    private static IEnumerable<AcceleratorJob> CodeCodingJobs()
    {
        for (int bits = SpecConstants.MinBits; bits <= SpecConstants.MaxBits; bits++)
        {
            foreach (QuantGrid grid in new[] { QuantGrid.Signed, QuantGrid.Unsigned })
            {
                var format = new QuantFormat(bits, Math.Min(3, bits), grid);
                float[] values = Relu(301, seed: 40 + bits);
                foreach (bool important in new[] { true, false })
                {
                    string name = $"code-coding-N{bits}-{grid.ToString().ToLowerInvariant()}-"
                        + (important ? "important" : "direct");
                    foreach (AcceleratorJob job in CodeCodedJobs(name, format, important, values,
                        CodeHistogram(values, format)))
                    {
                        yield return job;
                    }
                }
            }
        }

        // Codes longer than 8 bits: a code trained on codes 1..4 and zero runs gives every other code of N = 8 a
        // length of 10 to 12; the record has mostly those and a few others.
        var wide = new QuantFormat(8, 3);
        var trained = new long[CodeSymbols.AlphabetSize(8)];
        for (int symbol = 1; symbol <= 4; symbol++)
        {
            trained[symbol] = 100_000;
        }

        trained[256] = trained[257] = trained[258] = trained[259] = 100_000;
        float[] mostlySmall = Enumerable.Range(0, 200).Select(i =>
            i % 50 == 7 ? 0.9f - (i / 1000f) : i % 3 == 0 ? 0f : ((i % 4) + 1) / 127f).ToArray();
        var cases = new List<AcceleratorJob>();
        cases.AddRange(CodeCodedJobs("code-coding-N8-codes-longer-than-8-bits", wide, false, mostlySmall, trained,
            requireLong: true));
        cases.AddRange(CodeCodedJobs("code-coding-N8-codes-longer-than-8-bits-important", wide, true, mostlySmall,
            trained, requireLong: true));

        // The packed fallback (mode bit 0): a code trained on zeros only, for a channel without zeros.
        var zerosOnly = new long[CodeSymbols.AlphabetSize(3)];
        zerosOnly[0] = zerosOnly[8] = zerosOnly[9] = zerosOnly[10] = zerosOnly[11] = 1_000_000;
        float[] noZeros = Uniform(97, 0.3f, 2f, seed: 17);
        var n3 = new QuantFormat(3, 3);
        cases.AddRange(CodeCodedJobs("code-coding-packed-fallback-direct", n3, false, noZeros, zerosOnly,
            requirePacked: true));
        cases.AddRange(CodeCodedJobs("code-coding-packed-fallback-important", n3, true, noZeros, zerosOnly,
            requirePacked: true));
        cases.Add(CodeCodedLayerJob());
        cases.Add(MixedLayerJob());
        foreach (AcceleratorJob job in cases)
        {
            yield return job;
        }

        // Spec §3.8's example code and records, then damaged: a zero run past the last element (L = 12), non-zero
        // padding, a record that ends inside its codes (L = 40), a packed record one word too long.
        var exampleCode = new JobCodeStaticCode(3, [0x23466664u, 0x36456656u, 0x66666650u]);
        GroupScale scale = GroupScale.FromMax(2f, 3);
        RecordDescriptor Direct(int length) =>
            RecordDescriptor.Of(length, scale, important: false, n3, codeCoding: CodeCoding.Static);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            "spec coded codes record: de-quantize", [new JobRecord(Direct(16), [0xD95E0000u])], null, exampleCode);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            "spec packed codes behind mode bit 0: de-quantize", [new JobRecord(Direct(8), [0x33C05080u])], null,
            exampleCode);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            "spec important record, its codes last: de-quantize",
            [new JobRecord(RecordDescriptor.Of(8, scale, important: true, n3, codeCoding: CodeCoding.Static),
                [0x0000000Eu, 0x10320003u, 0xF5800000u, 0x33C05080u])], null, exampleCode);
        (string Damage, int Length, uint[] Record)[] damages =
        [
            ("a zero run past the last element", 12, [0xD95E0000u]),
            ("non-zero padding after the coded codes", 16, [0xD95E0001u]),
            ("coded codes that run past the record", 40, [0xD95E0000u]),
            ("packed codes one word too long", 8, [0x33C05080u, 0u]),
        ];
        foreach ((string damage, int length, uint[] record) in damages)
        {
            yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
                $"{AcceleratorJob.ExpectedRefusal}damaged record, code coding static, {damage}: de-quantize",
                [new JobRecord(Direct(length), record)], null, exampleCode);
        }
    }

    /// <summary>The codes' symbol histogram of a channel (spec §3.8), as calibration would count it.</summary>
    private static long[] CodeHistogram(float[] values, QuantFormat format)
    {
        GroupScale scale = GroupScale.FromMax(MaxAbs(values), format);
        uint[] packed = ChannelCodec.Reference.Encode(values, scale, important: false, format);
        var histogram = new long[CodeSymbols.AlphabetSize(format.Bits)];
        CodeSymbols.Count(ChannelCodec.Reference.Decode(packed, values.Length, false, format).Codes, format.Bits,
            histogram);
        return histogram;
    }

    /// <summary>The shifting errors' histogram of a channel quantized as an important record with its own abs-max
    /// scale (spec §2.3), as calibration would count it.</summary>
    private static long[] ErrorHistogram(float[] values, QuantFormat format)
    {
        uint[] record = ChannelCodec.Reference.Encode(values, GroupScale.FromMax(MaxAbs(values), format),
            important: true, format);
        var histogram = new long[format.AlphabetSize];
        foreach (byte error in ChannelCodec.Reference.Decode(record, values.Length, true, format).Errors)
        {
            histogram[error]++;
        }

        return histogram;
    }

    private static void Accumulate(long[] into, long[] counts)
    {
        for (int s = 0; s < counts.Length; s++)
        {
            into[s] += counts[s];
        }
    }

    /// <summary>A layer of seven channels of code coding static (N = 3, m = 3), important ones with coding static:
    /// ReLU outputs of several sparsities, so some records are coded and some fall back to packed codes.</summary>
    private static AcceleratorJob CodeCodedLayerJob()
    {
        var format = new QuantFormat(3, 3, QuantGrid.Unsigned);
        float[][] channels = Enumerable.Range(0, 7)
            .Select(c => c % 3 == 2 ? Uniform(40 + c, 0.2f, 1.5f, seed: 60 + c) : Relu(33 + (17 * c), seed: 60 + c))
            .ToArray();
        var codeHistogram = new long[CodeSymbols.AlphabetSize(format.Bits)];
        var errorHistogram = new long[format.AlphabetSize];
        foreach (float[] values in channels)
        {
            Accumulate(codeHistogram, CodeHistogram(values, format));
            Accumulate(errorHistogram, ErrorHistogram(values, format));
        }

        Core.Huffman.CanonicalCode codes = Core.Huffman.StaticCode.ForCodes(codeHistogram);
        Core.Huffman.CanonicalCode errors = Core.Huffman.StaticCode.FromHistogram(errorHistogram);
        JobRecord[] records = channels.Select((values, c) =>
        {
            var descriptor = RecordDescriptor.Of(values.Length, GroupScale.FromMax(MaxAbs(values), format),
                important: c % 2 == 0, format, codeCoding: CodeCoding.Static);
            if (c % 2 == 0)
            {
                descriptor = descriptor with { Coding = (uint)RecordCoding.Static };
            }

            return new JobRecord(descriptor, MemoryMarshal.Cast<float, uint>(values).ToArray());
        }).ToArray();
        return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize,
            "code-coding layer of seven records, coded and packed, coding static: quantize", records,
            JobStaticCode.From(errors), JobCodeStaticCode.From(codes, format.Bits));
    }

    /// <summary>A layer whose records do not all share the static codes' m and N: a record of N = m = 4 between records
    /// of N = m = 3 that use both static codes. With several units a static code goes ahead only of a record of its m
    /// or N (a unit's stages take the words by the record's own), so the N = 4 record's unit gets none and the later
    /// N = 3 record's gets both.</summary>
    private static AcceleratorJob MixedLayerJob()
    {
        float[] values = Relu(40, seed: 77);
        var n3 = new QuantFormat(3, 3);
        var n4 = new QuantFormat(4, 4);
        GroupScale scale3 = GroupScale.FromMax(MaxAbs(values), n3), scale4 = GroupScale.FromMax(MaxAbs(values), n4);
        Core.Huffman.CanonicalCode codes = Core.Huffman.StaticCode.ForCodes(CodeHistogram(values, n3));
        uint[] input = MemoryMarshal.Cast<float, uint>(values).ToArray();
        RecordDescriptor Coded(bool important) => RecordDescriptor.Of(values.Length, scale3, important, n3,
            codeCoding: CodeCoding.Static) with { Coding = important ? (uint)RecordCoding.Static : 0u };
        JobRecord[] records =
        [
            new(Coded(true), input),
            new(RecordDescriptor.Of(values.Length, scale4, important: true, n4), input),
            new(Coded(false), input),
            new(Coded(true), input),
        ];
        return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize,
            "layer of N = 3 records with both static codes around an N = m = 4 record: quantize", records,
            JobStaticCode.From(Core.Huffman.StaticCode.FromHistogram(ErrorHistogram(values, n3))),
            JobCodeStaticCode.From(codes, 3));
    }

    /// <summary>The quantize job of a channel of code coding static and the de-quantize job of its golden record, the
    /// codes' static code computed from <paramref name="histogram"/>; <paramref name="requireLong"/> and
    /// <paramref name="requirePacked"/> check that the record is the case it is named for.</summary>
    private static IEnumerable<AcceleratorJob> CodeCodedJobs(string name, QuantFormat format, bool important,
        float[] values, long[] histogram, bool requireLong = false, bool requirePacked = false)
    {
        Core.Huffman.CanonicalCode codes = Core.Huffman.StaticCode.ForCodes(histogram);
        GroupScale scale = GroupScale.FromMax(MaxAbs(values), format);
        uint[] record = ChannelCodec.Reference.Encode(values, scale, important, format, codeStaticCode: codes);
        ChannelFields fields = ChannelCodec.Reference.Decode(record, values.Length, important, format,
            codeStaticCode: codes);
        bool coded = fields.CodeMode == CodeMode.Static;
        bool usesLong = false;
        foreach (int symbol in CodeSymbols.Of(fields.Codes, format.Bits))
        {
            usesLong |= codes.Lengths[symbol] > 8;
        }

        if (coded == requirePacked || (requireLong && !usesLong))
        {
            throw new InvalidOperationException($"golden vector {name}: the record is not the case it is named for");
        }

        var descriptor = RecordDescriptor.Of(values.Length, scale, important, format,
            codeCoding: CodeCoding.Static);
        JobCodeStaticCode jobCode = JobCodeStaticCode.From(codes, format.Bits);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize, $"{name}: quantize",
            [new JobRecord(descriptor, MemoryMarshal.Cast<float, uint>(values).ToArray())], null, jobCode);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize, $"{name}: de-quantize",
            [new JobRecord(descriptor, record)], null, jobCode);
    }

    /// <summary>NoisyQuant channels of a few sides (spec §8), quantized and de-quantized.</summary>
    private static IEnumerable<AcceleratorJob> NoisyQuantJobs()
    {
        foreach ((int side, int bits) in new[] { (1, 3), (2, 3), (7, 3), (5, 2), (4, 8) })
        {
            float[] values = Uniform(side * side, -1f, 2f, seed: (side * 10) + bits);
            var registers = new NoisyQuantRegisters((uint)bits, (uint)side);
            uint[] record = NoisyQuantChannel.ToWords(NoisyQuantChannel.Quantize(values, side, bits), bits);
            string name = $"noisyquant-S{side}-b{bits}";
            yield return new AcceleratorJob(AcceleratorKind.NoisyQuant, AcceleratorOp.Quantize, $"{name}: quantize",
                [new JobRecord(registers, MemoryMarshal.Cast<float, uint>(values).ToArray())]);
            yield return new AcceleratorJob(AcceleratorKind.NoisyQuant, AcceleratorOp.Dequantize,
                $"{name}: de-quantize", [new JobRecord(registers, record)]);
        }
    }

    /// <summary>De-quantize jobs of damaged records (the spec's §4.4 record, N = 3, m = 3, L = 8): the golden model
    /// answers each with the invalid-record status, and so must the accelerator, without hanging.</summary>
    private static IEnumerable<AcceleratorJob> DamagedRecordJobs()
    {
        var format = new QuantFormat(3, 3);
        var descriptor = RecordDescriptor.Of(8, GroupScale.FromMax(2f, 3), important: true, format);
        uint[] sound = [0x6780A100u, 14u, 0x10320003u, 0xF5800000u];
        (string Name, int Word, uint Value)[] damages =
        [
            ("a code length of 9", 2, 0x90320003u),
            ("an over-subscribed code", 2, 0x11320003u),
            ("an incomplete code", 2, 0x10330003u),
            ("a payload bit count that the codes exceed", 1, 13u),
            ("a payload bit count above L * 8", 1, 65u),
            ("non-zero payload padding", 3, 0xF5800001u),
            ("non-zero code padding", 0, 0x6780A101u),
            ("the reserved mode 3", 1, 0xC000000Eu),
            ("bits 29..28 of the coding word set", 1, 0x1000000Eu),
        ];
        foreach ((string damage, int word, uint value) in damages)
        {
            uint[] record = (uint[])sound.Clone();
            record[word] = value;
            yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
                $"{AcceleratorJob.ExpectedRefusal}damaged record, {damage}: de-quantize",
                [new JobRecord(descriptor, record)]);
        }

        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            $"{AcceleratorJob.ExpectedRefusal}damaged record, one word short: de-quantize",
            [new JobRecord(descriptor, sound[..3])]);

        // m = 2: the codebook's four lengths fill its word's first four fields; a non-zero field past them is
        // padding READ_CODEBOOK refuses (and the only way its RTL trace sees a field outside the alphabet).
        var narrow = new QuantFormat(3, 2);
        GroupScale narrowScale = GroupScale.FromMax(2f, narrow);
        uint[] padded = ChannelCodec.Reference.Encode([1.5f, -0.5f, 0.25f, -1.75f, 0.75f, -1f, 0.5f, 1.25f],
            narrowScale, important: true, narrow);
        const int codebookWord = 2;  // after one word of 8 x 3-bit codes and the coding word
        if (CodingWord.Unpack(padded[1]).Mode != RecordMode.Adaptive)
        {
            throw new InvalidOperationException("the m = 2 padding case needs an adaptive record");
        }

        padded[codebookWord] |= 1u;
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            $"{AcceleratorJob.ExpectedRefusal}damaged record, m = 2, a non-zero codebook field past the alphabet: "
            + "de-quantize",
            [new JobRecord(RecordDescriptor.Of(8, narrowScale, important: true, narrow), padded)]);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            $"{AcceleratorJob.ExpectedRefusal}damaged record, a lone code followed by a 1 bit: de-quantize",
            [new JobRecord(RecordDescriptor.Of(2, GroupScale.FromMax(2f, 3), important: true, format),
                [0u, 2u, 0x10000000u, 0x40000000u])]);

        // Spec §4.4's static and raw records, damaged: no static code, an illegal one, a raw P that is not L * m.
        uint[] staticRecord = [0x6780A100u, 0x40000015u, 0xF9180000u];
        var exampleCode = new JobStaticCode(3, [0x23333344u]);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            "spec static record: de-quantize", [new JobRecord(descriptor, staticRecord)], exampleCode);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            $"{AcceleratorJob.ExpectedRefusal}damaged record, static without a static code: de-quantize",
            [new JobRecord(descriptor, staticRecord)]);
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            $"{AcceleratorJob.ExpectedRefusal}damaged record, static with an incomplete static code: de-quantize",
            [new JobRecord(descriptor, staticRecord)], new JobStaticCode(3, [0x23333345u]));
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize, "spec raw record: de-quantize",
            [new JobRecord(descriptor, [0x6780A100u, 0x80000018u, 0xEDA00000u])]);

        // Quantizing with coding static under an illegal static code, or one of every length 0: the accelerator
        // refuses the record (invalid record), as the golden runner does.
        uint[] channel =
            MemoryMarshal.Cast<float, uint>(new float[] { 2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f }).ToArray();
        RecordDescriptor staticCoding = descriptor with { Coding = (uint)RecordCoding.Static };
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize,
            $"{AcceleratorJob.ExpectedRefusal}coding static, an incomplete static code: quantize",
            [new JobRecord(staticCoding, channel)],
            new JobStaticCode(3, [0x23333345u]));
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize,
            $"{AcceleratorJob.ExpectedRefusal}coding static, a static code of zero lengths: quantize",
            [new JobRecord(staticCoding, channel)],
            new JobStaticCode(3, [0u]));
        yield return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            $"{AcceleratorJob.ExpectedRefusal}damaged record, raw with P = 23: de-quantize",
            [new JobRecord(descriptor, [0x6780A100u, 0x80000017u, 0xEDA00000u])]);
    }

    /// <summary>Each case: a channel and the group max M its scale comes from (its own max for per-channel
    /// scales; a larger layer max for per-layer ones).</summary>
    private static IEnumerable<(string Name, QuantFormat Format, bool Important, float[] Values, float Max)> Cases()
    {
        var n3m3 = new QuantFormat(3, 3);
        foreach (bool important in new[] { true, false })
        {
            string kind = important ? "important" : "direct";
            yield return ($"spec-example-{kind}", n3m3, important, [2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f], 2f);
            yield return ($"authors-golden-input-{kind}", n3m3, important, [0f, 1f, 2f, 0f, 1f, 2f, 0f, 1f, 2f], 2f);
            yield return ($"rounding-ties-{kind}", n3m3, important, Ties(n3m3, 64), 2f);
            yield return ($"negatives-{kind}", n3m3, important, Uniform(97, -2f, -0.01f, seed: 1), 2f);
            yield return ($"clipped-{kind}", n3m3, important, [2f, -2f, 1.99f, 1.97f, 1.96875f, -1.999f, 2f, 2f], 2f);
            yield return ($"all-zero-{kind}", n3m3, important, new float[50], 0f);
            yield return ($"tiny-flushed-{kind}", n3m3, important, [1e-30f, -3e-25f, 0f, 5e-21f], 5e-21f);
            yield return ($"constant-{kind}", n3m3, important, Enumerable.Repeat(0.37f, 33).ToArray(), 0.37f);
            yield return ($"empty-{kind}", n3m3, important, [], 0f);
            yield return ($"single-element-{kind}", n3m3, important, [-0.8f], 0.8f);
            yield return ($"maximum-length-{kind}", n3m3, important, Relu(HardwareMaxLength, seed: 7),
                MaxAbs(Relu(HardwareMaxLength, seed: 7)));
            yield return ($"layer-scale-{kind}", n3m3, important, Uniform(200, -0.3f, 0.4f, seed: 3), 5.5f);
        }

        // The unsigned grid (spec §2.3): the spec's channel (two negatives clamped), a ReLU channel of the longest
        // record, negatives only, and the largest codes of N = 8 (q up to 255).
        var u3m3 = new QuantFormat(3, 3, QuantGrid.Unsigned);
        foreach (bool important in new[] { true, false })
        {
            string kind = important ? "important" : "direct";
            yield return ($"unsigned-spec-example-{kind}", u3m3, important,
                [2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f], 2f);
            yield return ($"unsigned-negatives-{kind}", u3m3, important, Uniform(97, -2f, -0.01f, seed: 1), 2f);
            yield return ($"unsigned-maximum-length-{kind}", u3m3, important, Relu(HardwareMaxLength, seed: 9),
                MaxAbs(Relu(HardwareMaxLength, seed: 9)));
            yield return ($"unsigned-N8-top-codes-{kind}", new QuantFormat(8, 2, QuantGrid.Unsigned), important,
                Uniform(300, 0f, 1f, seed: 5), 1f);
        }

        // A single distinct shifting error (every t a multiple of 2^m), and all 2^m errors present.
        yield return ("single-error-symbol", n3m3, true, Enumerable.Range(-4, 8).Select(q => q * 0.5f).ToArray(), 2f);
        yield return ("all-errors-present", n3m3, true, Enumerable.Range(-32, 64).Select(t => t / 16f).ToArray(), 2f);
        yield return ("two-error-symbols", n3m3, true, [0f, 0.0625f, 0f, 0.0625f, 0f, 0f], 2f);
        yield return ("skewed-errors-long-codes", new QuantFormat(8, 8), true, Geometric(3000, seed: 11), 1f);

        // Every N and m, both kinds of channel, per-channel and per-layer scales.
        for (int bits = SpecConstants.MinBits; bits <= SpecConstants.MaxBits; bits++)
        {
            for (int extra = 1; extra <= bits; extra++)
            {
                var format = new QuantFormat(bits, extra);
                float[] values = Uniform(123, -3f, 3f, seed: (bits * 10) + extra);
                yield return ($"sweep-N{bits}-m{extra}-important-channel-scale", format, true, values, MaxAbs(values));
                yield return ($"sweep-N{bits}-m{extra}-important-layer-scale", format, true, values, 4.75f);
                yield return ($"sweep-N{bits}-m{extra}-direct-channel-scale", format, false, values, MaxAbs(values));
                yield return ($"sweep-N{bits}-m{extra}-ties", format, true, Ties(format, 40), 2f);
                var unsigned = new QuantFormat(bits, extra, QuantGrid.Unsigned);
                float[] relu = Uniform(123, -0.5f, 3f, seed: (bits * 10) + extra + 500);
                yield return ($"sweep-N{bits}-m{extra}-unsigned-important-channel-scale", unsigned, true, relu,
                    MaxAbs(relu));
                yield return ($"sweep-N{bits}-m{extra}-unsigned-direct-layer-scale", unsigned, false, relu, 4.75f);
            }
        }
    }

    /// <summary>Channels of real network activations (captured by <c>edqa capture</c> from the shipped CNN): the
    /// first two channels of the first image at every point, important and direct, with their channel's own
    /// scale.</summary>
    private static IEnumerable<(string Name, QuantFormat Format, bool Important, float[] Values, float Max)> RealCases(
        string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var format = new QuantFormat(3, 3);
        var unsignedFormat = new QuantFormat(3, 3, QuantGrid.Unsigned); // the points follow a ReLU
        foreach (string path in Directory.GetFiles(directory, "*.npy").Order(StringComparer.Ordinal))
        {
            NpyArray array = NpyFile.Read(path);
            TensorLayout layout = TensorLayout.Create(array.Shape, 1);
            for (int channel = 0; channel < Math.Min(2, layout.Channels); channel++)
            {
                float[] values = array.Data.AsSpan(channel * layout.RecordLength, layout.RecordLength).ToArray();
                string name = $"real-{Path.GetFileNameWithoutExtension(path)}-channel{channel}";
                yield return ($"{name}-important", format, true, values, MaxAbs(values));
                yield return ($"{name}-direct", format, false, values, MaxAbs(values));
                yield return ($"{name}-unsigned-important", unsignedFormat, true, values, MaxAbs(values));
            }
        }
    }

    /// <summary>A small [2, 3, 4, 5] layer quantized by the golden model, for the command line's checks on every
    /// target.</summary>
    private static void WriteLayerPair(string directory)
    {
        float[] data = Uniform(2 * 3 * 4 * 5, -1.5f, 2.5f, seed: 21);
        TensorLayout layout = TensorLayout.Create([2, 3, 4, 5], 1);
        NpyFile.Write(Path.Combine(directory, "layer.npy"), new NpyArray([2, 3, 4, 5], data));
        var quantizer = LayerQuantizer.Reference;
        QuantizedLayer layer =
            quantizer.Quantize(data, layout, new QuantFormat(3, 3), ScaleGranularity.Layer, [true, false, true]).Layer;
        EdqaFile.Write(Path.Combine(directory, "layer.edqa"), layer);
        NpyFile.Write(Path.Combine(directory, "layer.dequantized.npy"),
            new NpyArray([2, 3, 4, 5], quantizer.Dequantize(layer).Values));
    }

    private static float MaxAbs(float[] values) => values.Length == 0 ? 0f : values.Max(MathF.Abs);

    private static float[] Uniform(int length, float low, float high, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => low + ((high - low) * (float)random.NextDouble())).ToArray();
    }

    private static float[] Relu(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ =>
            random.NextDouble() < 0.5 ? 0f : (float)-Math.Log(1 - random.NextDouble())).ToArray();
    }

    /// <summary>Values whose shifting errors follow a steep geometric law: long Huffman codes, the L_max
    /// limit.</summary>
    private static float[] Geometric(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(i =>
        {
            int k = 0;
            while (random.NextDouble() < 0.6 && k < 255)
            {
                k++;
            }

            return i == 0 ? 1f : k / 32768f;
        }).ToArray();
    }

    /// <summary>Every half step of the wide grid of M = 2: x * inv * 2^m = j / 2, odd j exact ties.</summary>
    private static float[] Ties(QuantFormat format, int count)
    {
        int halfSteps = 1 << (format.Bits + format.ExtraBits);
        return Enumerable.Range(0, count).Select(i => 2f * ((i * 7) % (2 * halfSteps + 1) - halfSteps) / halfSteps)
            .ToArray();
    }
}
