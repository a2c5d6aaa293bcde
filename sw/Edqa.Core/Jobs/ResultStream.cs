namespace Edqa.Core.Jobs;

/// <summary>
/// The result stream of docs/spec.md §11, the only thing the native runners write: per job its index in the job
/// stream, the accelerator and operation, its counter count, and per record the status, every cycle counter, the
/// host's time, the message of a failure, then the output words and a CRC-32C.
/// <code>
///   header:  "EDQR" | version u16 = 3 | reserved u16 = 0 | jobs u32 | CRC-32C of the 12 bytes before
///   job:     job index | accelerator | op | records R | counters C (the accelerator's counter rows, 0 without a clock)
///            | R x (status | C counters (the total first) | host ns low | host ns high
///                   | output words W | message (bytes, UTF-8, zero-padded))
///            | output words of record 0, 1, ... | CRC-32C of the job's bytes
/// </code>
/// Version 2 streams, still read, have no C and five counters a record (total, quantizer, encoder, decoder,
/// dequantizer: the eDQA accelerator's rows then).
/// </summary>
public static class ResultStream
{
    public const string FileExtension = ".results";

    private static ReadOnlySpan<byte> Magic => "EDQR"u8;

    public static byte[] ToBytes(IReadOnlyList<JobResult> results)
    {
        var writer = new StreamFormat.Writer();
        writer.Header(Magic, StreamFormat.ResultVersion, results.Count);
        foreach (JobResult job in results)
        {
            int start = writer.Length;
            writer.U32((uint)job.JobIndex);
            writer.U32((uint)job.Kind);
            writer.U32((uint)job.Op);
            writer.U32((uint)job.Records.Count);
            int counters = job.Records.Max(record => record.Cycles.Values.Count);
            if (counters > MaxCounters)
            {
                throw new ArgumentException(
                    $"a record carries {counters} cycle counters; the format holds at most {MaxCounters}");
            }

            writer.U32((uint)counters);
            foreach (RecordResult record in job.Records)
            {
                if (!Enum.IsDefined(record.Status))
                {
                    throw new ArgumentException($"{(uint)record.Status} is not a record's status");
                }

                writer.U32((uint)record.Status);
                for (int c = 0; c < counters; c++)
                {
                    writer.U32(c < record.Cycles.Values.Count ? checked((uint)record.Cycles.Values[c]) : 0u);
                }

                writer.U32((uint)record.HostNanoseconds);
                writer.U32((uint)(record.HostNanoseconds >> 32));
                writer.U32((uint)record.Output.Length);
                writer.Text(record.Message, StreamFormat.MaxMessageBytes, "a record message");
            }

            foreach (RecordResult record in job.Records)
            {
                writer.Words(record.Output);
            }

            writer.Crc(start);
        }

        return writer.ToArray();
    }

    public static IReadOnlyList<JobResult> Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new StreamFormat.Reader(bytes, "result stream");
        (int count, ushort version) = reader.Header(Magic, "a result stream", 2, StreamFormat.ResultVersion);
        var results = new List<JobResult>();
        for (int index = 0; index < count; index++)
        {
            string where = $"job result {index}";
            int start = reader.Offset;
            int jobIndex = (int)reader.U32($"{where}: job index", 0, int.MaxValue);
            var kind = (AcceleratorKind)reader.U32($"{where}: accelerator", 0, (uint)AcceleratorKind.NoisyQuant);
            var op = (AcceleratorOp)reader.U32($"{where}: op", 0, (uint)AcceleratorOp.Dequantize);
            int records = (int)reader.U32($"{where}: records", 1, StreamFormat.MaxRecordsPerJob);
            int counters = version == 2 ? Version2Counters : (int)reader.U32($"{where}: counters", 0, MaxCounters);
            reader.Require(records * (5L + counters), $"{where}: record results");
            var heads = new (RecordStatus Status, CycleCounts Cycles, ulong Host, long Words, string Message)[records];
            long totalOutput = 0;
            for (int r = 0; r < records; r++)
            {
                string field = $"{where}, record {r}";
                var status = (RecordStatus)reader.U32($"{field}: status", 0, (uint)RecordStatus.Internal);
                if (!Enum.IsDefined(status))
                {
                    throw reader.Error($"{field}: status {(uint)status} (NULL_POINTER) is a call's, never a record's");
                }

                var values = new ulong[counters];
                for (int c = 0; c < counters; c++)
                {
                    values[c] = reader.U32($"{field}: counter {c}");
                }

                CycleCounts cycles = counters == 0 ? CycleCounts.None : new CycleCounts(values);
                ulong host = reader.U32(field) | ((ulong)reader.U32(field) << 32);
                long words = reader.U32($"{field}: output words");
                string message = reader.Text(StreamFormat.MaxMessageBytes, $"{field}: message");
                if (status != RecordStatus.Ok && words != 0)
                {
                    throw reader.Error($"{field}: a failed record ({status}) carries {words} output words");
                }

                heads[r] = (status, cycles, host, words, message);
                totalOutput += words;
            }

            reader.Require(totalOutput + 1, $"{where}: output words");
            var list = new RecordResult[records];
            for (int r = 0; r < records; r++)
            {
                list[r] = new RecordResult(heads[r].Status, heads[r].Cycles, heads[r].Host,
                    reader.Words(heads[r].Words, $"{where}, record {r}: output"), heads[r].Message);
            }

            reader.Crc(start, where);
            results.Add(new JobResult(jobIndex, kind, op, list));
        }

        reader.End();
        return results;
    }

    public static IReadOnlyList<JobResult> Read(string path) => Parse(Io.InputFile.ReadAllBytes(path));

    public static void Write(string path, IReadOnlyList<JobResult> results) =>
        Io.OutputFile.WriteAllBytes(path, ToBytes(results));

    /// <summary>Checks that <paramref name="results"/> answer <paramref name="jobs"/> (every job once, in order, with
    /// its accelerator, operation and record count); a runner that answers something else is broken.</summary>
    public static void RequireAnswers(IReadOnlyList<AcceleratorJob> jobs, IReadOnlyList<JobResult> results,
        string runner)
    {
        if (results.Count != jobs.Count)
        {
            throw new EdqaFormatException($"{runner}: {results.Count} job results for {jobs.Count} jobs");
        }

        for (int i = 0; i < jobs.Count; i++)
        {
            JobResult result = results[i];
            if (result.JobIndex != i || result.Kind != jobs[i].Kind || result.Op != jobs[i].Op
                || result.Records.Count != jobs[i].Records.Count)
            {
                throw new EdqaFormatException(
                    $"{runner}: result {i} (job {result.JobIndex}, {result.Kind} {result.Op}, {result.Records.Count} "
                    + $"records) does not answer job {i} ({jobs[i].Kind} {jobs[i].Op}, "
                    + $"{jobs[i].Records.Count} records)");
            }
        }
    }

    /// <summary>Most counters a record carries (the C ABI's EDQA_MAX_COUNTERS).</summary>
    public const int MaxCounters = 8;

    /// <summary>Counters a record of a version 2 stream carries.</summary>
    private const int Version2Counters = 5;
}
