using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using CsCheck;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>Spec §11: the job and result streams. The worked example of the spec is this test's data (read from
/// docs/spec.md itself); streams round-trip; every damage is a format error naming the field, never an index
/// error or an allocation of a size nobody checked.</summary>
public sealed partial class JobStreamTests
{
    private static readonly float[] SpecChannel = [2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f];

    [Fact]
    public void The_specs_worked_example_is_what_the_writers_write()
    {
        AcceleratorJob job = SpecJob();
        Assert.Equal(SpecBlock("job-stream"), JobStream.ToBytes([job]));
        IReadOnlyList<JobResult> golden = GoldenJobRunner.Reference.Run([job]);
        Assert.Equal(SpecBlock("result-stream"), ResultStream.ToBytes(golden));
        Assert.Equal([0x6780A100u, 14u, 0x10320003u, 0xF5800000u], golden[0].Records[0].Output);

        AcceleratorJob parsed = Assert.Single(JobStream.Parse(SpecBlock("job-stream")));
        Assert.Equal((job.Kind, job.Op, job.Label), (parsed.Kind, parsed.Op, parsed.Label));
        Assert.Equal(job.Records[0].Descriptor, parsed.Records[0].Descriptor);
        Assert.Equal(job.Records[0].Input, parsed.Records[0].Input);
        JobResult result = Assert.Single(ResultStream.Parse(SpecBlock("result-stream")));
        Assert.Equal(golden[0].Records[0].Output, result.Records[0].Output);
    }

    [Fact]
    public void A_version_2_job_stream_is_still_read_on_the_signed_grid()
    {
        AcceleratorJob current = Assert.Single(JobStream.Parse(SpecBlock("job-stream")));
        AcceleratorJob old = Assert.Single(JobStream.Parse(SpecBlock("job-stream-v2")));
        Assert.Equal(current.Records[0].Descriptor, old.Records[0].Descriptor);
        Assert.Equal(0u, old.Records[0].Descriptor.Grid);
        Assert.Equal(current.Records[0].Input, old.Records[0].Input);
    }

    [Fact]
    public void A_version_2_result_stream_is_still_read_with_its_five_counters()
    {
        JobResult current = Assert.Single(ResultStream.Parse(SpecBlock("result-stream")));
        JobResult old = Assert.Single(ResultStream.Parse(SpecBlock("result-stream-v2")));
        Assert.Empty(current.Records[0].Cycles.Values);
        Assert.Equal(new ulong[5], old.Records[0].Cycles.Values);
        Assert.Equal(current.Records[0].Output, old.Records[0].Output);
        Assert.Equal((current.JobIndex, current.Kind, current.Op), (old.JobIndex, old.Kind, old.Op));
    }

    [Fact]
    public void Counters_are_written_as_many_as_the_job_carries()
    {
        // A job's counter count is its records' (the accelerator's counter rows); a record without any writes zeros.
        RecordResult counted = new(RecordStatus.Ok, new CycleCounts(113, 17, 106, 0, 0), 5, [1u], string.Empty);
        RecordResult failed = RecordResult.Failed(RecordStatus.InvalidRecord, "damaged");
        JobResult job = Assert.Single(ResultStream.Parse(ResultStream.ToBytes(
            [new JobResult(0, AcceleratorKind.Edqa, AcceleratorOp.Quantize, [counted, failed])])));
        Assert.Equal(counted.Cycles, job.Records[0].Cycles);
        Assert.Equal(new ulong[5], job.Records[1].Cycles.Values);
        var tooMany = new RecordResult(
            RecordStatus.Ok, new CycleCounts(new ulong[ResultStream.MaxCounters + 1]), 0, [], string.Empty);
        Assert.Throws<ArgumentException>(() => ResultStream.ToBytes(
            [new JobResult(0, AcceleratorKind.Edqa, AcceleratorOp.Quantize, [tooMany])]));
    }

    [Fact]
    public void Random_streams_round_trip_byte_for_byte()
    {
        Gen<JobRecord> record = Gen.Select(Gen.UInt.Array[RecordDescriptor.WordCount], Gen.UInt.Array[0, 40])
            .Select((values, input) => new JobRecord(RecordDescriptor.FromWords(values), input));
        Gen<AcceleratorJob> job = Gen.Select(Gen.Bool, Gen.String[Gen.Char.AlphaNumeric, 0, 30], record.Array[1, 5])
            .Select((quantize, label, records) => new AcceleratorJob(
                AcceleratorKind.Edqa, quantize ? AcceleratorOp.Quantize : AcceleratorOp.Dequantize, label, records));
        job.Array[0, 4].Sample(jobs =>
        {
            byte[] bytes = JobStream.ToBytes(jobs);
            Assert.Equal(bytes, JobStream.ToBytes(JobStream.Parse(bytes)));
        }, iter: 300);

        Gen<RecordResult> result = Gen.Select(Gen.Bool, Gen.UInt[0, 1_000_000], Gen.ULong, Gen.UInt.Array[0, 30],
                Gen.String[Gen.Char.AlphaNumeric, 1, 50])
            .Select((ok, cycles, host, output, message) => ok
                ? new RecordResult(
                    RecordStatus.Ok, new CycleCounts(cycles, cycles / 2, cycles / 3, 0, 0), host, output, string.Empty)
                : RecordResult.Failed(RecordStatus.InvalidRecord, message));
        Gen.Select(Gen.Int[0, 1000], result.Array[1, 5])
            .Select((index, records) => new JobResult(index, AcceleratorKind.Edqa, AcceleratorOp.Dequantize, records))
            .Array[0, 4].Sample(results =>
        {
            byte[] bytes = ResultStream.ToBytes(results);
            Assert.Equal(bytes, ResultStream.ToBytes(ResultStream.Parse(bytes)));
        }, iter: 300);
    }

    [Fact]
    public void Every_flipped_bit_and_every_truncation_is_a_format_error()
    {
        byte[] jobs = SpecBlock("job-stream");
        byte[] results = SpecBlock("result-stream");
        foreach ((byte[] stream, Func<byte[], object> parse) in new (byte[], Func<byte[], object>)[]
        {
            (jobs, b => JobStream.Parse(b)),
            (results, b => ResultStream.Parse(b)),
        })
        {
            for (int bit = 0; bit < 8 * stream.Length; bit++)
            {
                byte[] damaged = (byte[])stream.Clone();
                damaged[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.Throws<EdqaFormatException>(() => parse(damaged));
            }

            for (int length = 0; length < stream.Length; length++)
            {
                Assert.Throws<EdqaFormatException>(() => parse(stream[..length]));
            }

            Assert.Contains("follow the last job",
                Assert.Throws<EdqaFormatException>(() => parse([.. stream, 0, 0, 0, 0])).Message);
        }
    }

    [Fact]
    public void Counts_from_the_stream_are_checked_before_anything_is_allocated()
    {
        // A header announcing 2^31 - 1 jobs with no job behind it; a job announcing 2^24 records, or a record
        // announcing 2^32 - 1 input words, with a few bytes behind: each is "truncated", found at once.
        byte[] manyJobs = Header("EDQJ"u8, int.MaxValue);
        Assert.Contains("truncated", Assert.Throws<EdqaFormatException>(() => JobStream.Parse(manyJobs)).Message);
        Assert.Contains("record descriptors: truncated", Assert.Throws<EdqaFormatException>(
            () => JobStream.Parse(Job(1u << 24, [3, 3, 1, 8, 0, 0, 0, 8]))).Message);
        Assert.Contains("input words: truncated", Assert.Throws<EdqaFormatException>(
            () => JobStream.Parse(Job(1, [3, 3, 1, 8, 0, 0, 0, uint.MaxValue]))).Message);
        Assert.Contains("records is 0", Assert.Throws<EdqaFormatException>(() => JobStream.Parse(Job(0, []))).Message);
        Assert.Contains("records is 16777217",
            Assert.Throws<EdqaFormatException>(() => JobStream.Parse(Job((1u << 24) + 1, []))).Message);
        Assert.Contains("not \"EDQJ\"",
            Assert.Throws<EdqaFormatException>(() => JobStream.Parse(SpecBlock("result-stream"))).Message);
        Assert.Contains("not \"EDQR\"",
            Assert.Throws<EdqaFormatException>(() => ResultStream.Parse(SpecBlock("job-stream"))).Message);
    }

    // Issue 26 item 5: the answer a job stream must get applies the accelerator's 4096-element limit (the format's
    // 2^24 stays the reference target's); an illegal static code no record uses fails no record.
    [Fact]
    public void The_accelerators_answer_refuses_records_over_4096_and_ignores_an_unused_illegal_static_code()
    {
        AcceleratorJob job = SpecJob();
        RecordDescriptor d = job.Records[0].Descriptor;
        var values = new uint[4097];
        AcceleratorJob longJob = job with
        {
            Records = [new JobRecord(d with { Length = 4097 }, values)]
        };
        Assert.Equal(RecordStatus.InvalidArgument, GoldenJobRunner.Accelerator.Run([longJob])[0].Records[0].Status);
        Assert.Equal(RecordStatus.Ok, GoldenJobRunner.Reference.Run([longJob])[0].Records[0].Status);
        Assert.Equal(RecordStatus.Ok, GoldenJobRunner.Accelerator.Run([job])[0].Records[0].Status);
        AcceleratorJob illegal = job with { StaticCode = new JobStaticCode((int)d.ExtraBits, [0u]) };
        Assert.Equal(GoldenJobRunner.Reference.Run([job])[0].Records[0].Output,
            GoldenJobRunner.Accelerator.Run([illegal])[0].Records[0].Output);
    }

    [Fact]
    public void Result_streams_refuse_outputs_of_failed_records_and_answers_to_other_jobs()
    {
        var failedWithOutput = new JobResult(0, AcceleratorKind.Edqa, AcceleratorOp.Dequantize,
            [new RecordResult(RecordStatus.InvalidRecord, default, 0, [1u], "bad")]);
        Assert.Contains("carries 1 output words", Assert.Throws<EdqaFormatException>(
            () => ResultStream.Parse(ResultStream.ToBytes([failedWithOutput]))).Message);
        AcceleratorJob job = SpecJob();
        IReadOnlyList<JobResult> answer = GoldenJobRunner.Reference.Run([job]);
        ResultStream.RequireAnswers([job], answer, "test");
        Assert.Throws<EdqaFormatException>(() => ResultStream.RequireAnswers([job, job], answer, "test"));
        Assert.Throws<EdqaFormatException>(
            () => ResultStream.RequireAnswers([job with { Op = AcceleratorOp.Dequantize }], answer, "test"));
        Assert.Throws<ArgumentException>(() => JobStream.ToBytes([job with { Label = new string('x', 256) }]));
        Assert.Throws<ArgumentException>(() => JobStream.ToBytes([job with { Records = [] }]));
        Assert.Throws<ArgumentException>(() => JobStream.ToBytes(
            [job with { Records = [new JobRecord(new NoisyQuantRegisters(3, 2), [])] }]));
        Assert.Throws<ArgumentException>(() => JobStream.ToBytes(
            [job with { Records = [new JobRecord(new ShortValues(), [])] }]));
    }

    [Fact]
    public void The_golden_runner_answers_bad_descriptors_and_inputs_with_the_C_ABIs_statuses()
    {
        RecordDescriptor good = SpecJob().Records[0].Descriptor;
        uint[] input = MemoryMarshal.Cast<float, uint>(SpecChannel).ToArray();
        RecordStatus Status(RecordDescriptor descriptor, uint[] words, AcceleratorOp op = AcceleratorOp.Quantize) =>
            GoldenJobRunner.Reference.Run(
                [new AcceleratorJob(AcceleratorKind.Edqa, op, "t", [new JobRecord(descriptor, words)])])[0]
                .Records[0].Status;

        Assert.Equal(RecordStatus.Ok, Status(good, input));
        Assert.Equal(RecordStatus.InvalidArgument, Status(good with { Bits = 9 }, input));
        Assert.Equal(RecordStatus.InvalidArgument, Status(good with { ExtraBits = 4 }, input));
        Assert.Equal(RecordStatus.InvalidArgument, Status(good with { Important = 2 }, input));
        Assert.Equal(RecordStatus.InvalidArgument, Status(good with { Length = 7 }, input));
        Assert.Equal(RecordStatus.InvalidArgument, Status(good with { Inv = 0 }, input));
        Assert.Equal(RecordStatus.InvalidArgument,
            Status(good with { Inv = BitConverter.SingleToUInt32Bits(float.NaN) }, input));
        Assert.Equal(RecordStatus.InvalidArgument,
            Status(good, [.. input[..7], BitConverter.SingleToUInt32Bits(float.PositiveInfinity)]));
        Assert.Equal(RecordStatus.InvalidArgument, Status(good with { Coding = 3 }, input));
        Assert.Equal(RecordStatus.InvalidArgument, Status(good with { Coding = 1 }, input));  // no static code
        Assert.Equal(RecordStatus.InvalidArgument,
            Status(good with { Coding = 1 }, [0x6780A100u, 14u, 0x10320003u, 0xF5800000u], AcceleratorOp.Dequantize));
        Assert.Equal(RecordStatus.InvalidRecord,
            Status(good, [0x6780A100u, 14u, 0x90320003u, 0xF5800000u], AcceleratorOp.Dequantize));
        Assert.Equal(RecordStatus.InvalidRecord,
            Status(good, [0x6780A100u, 0x40000015u, 0xF9180000u], AcceleratorOp.Dequantize));  // static, no code
        Assert.Equal(RecordStatus.Ok,
            Status(good, [0x6780A100u, 14u, 0x10320003u, 0xF5800000u], AcceleratorOp.Dequantize));
        Assert.Equal(RecordStatus.Ok,
            Status(good, [0x6780A100u, 0x80000018u, 0xEDA00000u], AcceleratorOp.Dequantize));  // raw
        RecordStatus Coded(uint[] staticCode) => GoldenJobRunner.Reference.Run(
            [new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize, "t",
                [new JobRecord(good with { Coding = 1 }, input)], new JobStaticCode(3, staticCode))])[0]
            .Records[0].Status;
        Assert.Equal(RecordStatus.Ok, Coded([0x23333344u]));
        Assert.Equal(RecordStatus.InvalidRecord, Coded([0x23333345u]));  // the accelerator's refusal of an illegal code
        Assert.Equal(RecordStatus.InvalidRecord, Coded([0u]));
        Assert.Equal(RecordStatus.InvalidArgument, GoldenJobRunner.Reference.Run(
            [new AcceleratorJob(AcceleratorKind.NoisyQuant, AcceleratorOp.Quantize, "t",
                [new JobRecord(new NoisyQuantRegisters(3, 65), [])])])[0].Records[0].Status);
    }

    [Fact]
    public void No_record_has_the_calls_null_pointer_status()
    {
        // The spec's result stream with its record's status set to 1 and the job's CRC made right again: the CRC
        // passes, the status does not.
        byte[] bytes = SpecBlock("result-stream");
        const int status = 4 * 9;  // header (4 words), job index, accelerator, op, R, C
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(status), 1u);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4),
            Core.Container.Crc32C.Compute(bytes.AsSpan(16, bytes.Length - 20)));
        Assert.Contains("NULL_POINTER", Assert.Throws<EdqaFormatException>(() => ResultStream.Parse(bytes)).Message);
        var record = new RecordResult((RecordStatus)1, CycleCounts.None, 0, [], "?");
        Assert.Throws<ArgumentException>(() => ResultStream.ToBytes(
            [new JobResult(0, AcceleratorKind.Edqa, AcceleratorOp.Quantize, [record])]));
    }

    [Fact]
    public void The_C_header_statuses_are_the_record_statuses()
    {
        // sim/include/edqa_sim.h is the definition; the generated bindings mirror it (checked by make test).
        string header = File.ReadAllText(
            Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "sim", "include", "edqa_sim.h"));
        foreach (RecordStatus status in Enum.GetValues<RecordStatus>())
        {
            string name = status == RecordStatus.Ok
                ? "EDQA_OK"
                : "EDQA_ERROR_" + string.Concat(status.ToString()
                    .Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
            Assert.Matches($@"\b{name} = {(uint)status}\b", header);
        }
    }

    /// <summary>Values of an eDQA record one word short: what no writer may put in a stream.</summary>
    private sealed class ShortValues : IRecordValues
    {
        public AcceleratorKind Kind => AcceleratorKind.Edqa;

        public uint[] ToWords() => new uint[RecordDescriptor.WordCount - 1];
    }

    private static AcceleratorJob SpecJob() =>
        LayerQuantizer.QuantizeJob(SpecChannel, TensorLayout.Create([1, 8], 0), new QuantFormat(3, 3),
            ScaleGranularity.Layer, [true], "spec-4.4", out _);

    /// <summary>The words of a ```hex NAME block of docs/spec.md §11.5, as the stream's bytes.</summary>
    private static byte[] SpecBlock(string name)
    {
        string spec = File.ReadAllText(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "docs", "spec.md"));
        Match block = Regex.Match(spec, $"```hex {name}\\n(?<words>[^`]*)```");
        Assert.True(block.Success, $"docs/spec.md has no ```hex {name} block");
        uint[] words = HexWord().Matches(block.Groups["words"].Value)
            .Select(m => uint.Parse(m.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        var bytes = new byte[4 * words.Length];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), words[i]);
        }

        return bytes;
    }

    private static byte[] Header(ReadOnlySpan<byte> magic, int count)
    {
        var bytes = new byte[16];
        magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), Container.Crc32C.Compute(bytes.AsSpan(0, 12)));
        return bytes;
    }

    /// <summary>One eDQA quantize job with an empty label, <paramref name="records"/> records announced and the
    /// given words after the count (then nothing).</summary>
    private static byte[] Job(uint records, uint[] words)
    {
        var bytes = new List<byte>(Header("EDQJ"u8, 1));
        foreach (uint word in new uint[] { 0, 0, 0, 0, records }.Concat(words))
        {
            bytes.AddRange(BitConverter.GetBytes(word));
        }

        return [.. bytes];
    }


    [GeneratedRegex("[0-9a-fA-F]{8}")]
    private static partial Regex HexWord();
}
