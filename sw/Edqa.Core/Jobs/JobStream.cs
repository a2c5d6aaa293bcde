namespace Edqa.Core.Jobs;

/// <summary>
/// The job stream of docs/spec.md §11, the only thing the native runners read: a header, then per job the
/// accelerator, the operation, a label, the records' descriptors and their input words, and a CRC-32C.
/// <code>
///   header:  "EDQJ" | version u16 = 4 with code coding, else 3 (2 is read: no GRID) | reserved u16 = 0 | jobs u32
///            | CRC-32C of the 12 bytes before
///   job:     accelerator | op | label (bytes, UTF-8, zero-padded) | static code: m (0 none), K words
///            | codes' static code (version 4): N (0 none), ceil((2^N + 15) * 4 / 32) words | records R
///            | R x (descriptor values..., input words W) | input words of record 0, 1, ...
///            | CRC-32C of the job's bytes
/// </code>
/// </summary>
public static class JobStream
{
    public const string FileExtension = ".jobs";

    private static ReadOnlySpan<byte> Magic => "EDQJ"u8;

    public static byte[] ToBytes(IReadOnlyList<AcceleratorJob> jobs)
    {
        var writer = new StreamFormat.Writer();
        // Version 3 unless code coding is used, so that the paper's jobs keep their bytes (and older runners).
        bool codeCoded = jobs.Any(job => job.CodeStaticCode is not null
            || job.Records.Any(r => r.Values is RecordDescriptor { CodeCoding: not 0 }));
        ushort version = codeCoded ? StreamFormat.JobVersion : StreamFormat.JobVersion3;
        writer.Header(Magic, version, jobs.Count);
        foreach (AcceleratorJob job in jobs)
        {
            int start = writer.Length;
            writer.U32((uint)job.Kind);
            writer.U32((uint)job.Op);
            writer.Text(job.Label, StreamFormat.MaxLabelBytes, "a job label");
            if (job.StaticCode is { } code
                && (job.Kind != AcceleratorKind.Edqa
                    || code.ExtraBits is < SpecConstants.MinExtraBits or > SpecConstants.MaxBits
                    || code.Words.Length != Huffman.Codebook.WordCount(code.ExtraBits)))
            {
                throw new ArgumentException(
                    $"a static code of m = {code.ExtraBits} in {code.Words.Length} words (an eDQA job's, m in [1, 8], "
                    + $"ceil(2^m * 4 / 32) words)");
            }

            writer.U32((uint)(job.StaticCode?.ExtraBits ?? 0));
            writer.Words(job.StaticCode?.Words ?? []);
            if (codeCoded)
            {
                if (job.CodeStaticCode is { } codes
                    && (job.Kind != AcceleratorKind.Edqa
                        || codes.Bits is < SpecConstants.MinBits or > SpecConstants.MaxBits
                        || codes.Words.Length
                        != Huffman.Codebook.WordsFor(Huffman.CodeSymbols.AlphabetSize(codes.Bits))))
                {
                    throw new ArgumentException(
                        $"a codes' static code of N = {codes.Bits} in {codes.Words.Length} words (an eDQA job's, N in "
                        + $"[2, 8], ceil((2^N + 15) * 4 / 32) words)");
                }

                writer.U32((uint)(job.CodeStaticCode?.Bits ?? 0));
                writer.Words(job.CodeStaticCode?.Words ?? []);
            }

            if (job.Records.Count is < 1 or > StreamFormat.MaxRecordsPerJob)
            {
                throw new ArgumentException(
                    $"a job has 1 to {StreamFormat.MaxRecordsPerJob} records, not {job.Records.Count}");
            }

            writer.U32((uint)job.Records.Count);
            foreach (JobRecord record in job.Records)
            {
                uint[] values = record.Values.ToWords();
                if (record.Values.Kind != job.Kind || values.Length != AcceleratorJob.ValueCount(job.Kind))
                {
                    throw new ArgumentException(
                        $"a {job.Kind} job holds a {record.Values.Kind} record of {values.Length} values "
                        + $"(a {job.Kind} record has {AcceleratorJob.ValueCount(job.Kind)})");
                }

                writer.Words(values.AsSpan(0, AcceleratorJob.ValueCount(job.Kind, version)));
                writer.U32((uint)record.Input.Length);
            }

            foreach (JobRecord record in job.Records)
            {
                writer.Words(record.Input);
            }

            writer.Crc(start);
        }

        return writer.ToArray();
    }

    /// <summary>Parses and validates a job stream; anything malformed is an <see cref="EdqaFormatException"/> naming
    /// the job and field. Descriptor values are not judged here: the runner answers a bad one with a record
    /// status.</summary>
    public static IReadOnlyList<AcceleratorJob> Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new StreamFormat.Reader(bytes, "job stream");
        (int count, ushort version) =
            reader.Header(Magic, "a job stream", StreamFormat.OldestJobVersion, StreamFormat.JobVersion);
        var jobs = new List<AcceleratorJob>();
        for (int index = 0; index < count; index++)
        {
            string where = $"job {index}";
            int start = reader.Offset;
            var kind = (AcceleratorKind)reader.U32($"{where}: accelerator", 0, (uint)AcceleratorKind.NoisyQuant);
            var op = (AcceleratorOp)reader.U32($"{where}: op", 0, (uint)AcceleratorOp.Dequantize);
            string label = reader.Text(StreamFormat.MaxLabelBytes, $"{where}: label");
            uint staticBits = reader.U32($"{where}: static code's m", 0,
                kind == AcceleratorKind.Edqa ? (uint)SpecConstants.MaxBits : 0);
            JobStaticCode? staticCode = staticBits == 0 ? null
                : new JobStaticCode((int)staticBits,
                    reader.Words(Huffman.Codebook.WordCount((int)staticBits), $"{where}: static code"));
            JobCodeStaticCode? codeStaticCode = null;
            if (version == StreamFormat.JobVersion)
            {
                uint codeBits = reader.U32($"{where}: codes' static code's N", 0,
                    kind == AcceleratorKind.Edqa ? (uint)SpecConstants.MaxBits : 0);
                if (codeBits is > 0 and < SpecConstants.MinBits)
                {
                    throw new EdqaFormatException($"{where}: codes' static code's N is {codeBits}; 0 (none) or 2..8");
                }

                codeStaticCode = codeBits == 0 ? null
                    : new JobCodeStaticCode((int)codeBits, reader.Words(
                        Huffman.Codebook.WordsFor(Huffman.CodeSymbols.AlphabetSize((int)codeBits)),
                        $"{where}: codes' static code"));
            }

            int records = (int)reader.U32($"{where}: records", 1, StreamFormat.MaxRecordsPerJob);
            int values = AcceleratorJob.ValueCount(kind, version);
            reader.Require((long)records * (values + 1), $"{where}: record descriptors");
            var descriptors = new IRecordValues[records];
            var inputWords = new long[records];
            long totalInput = 0;
            for (int r = 0; r < records; r++)
            {
                descriptors[r] =
                    AcceleratorJob.ValuesFromWords(kind, reader.Words(values, $"{where}, record {r}: descriptor"));
                inputWords[r] = reader.U32($"{where}, record {r}: input words");
                totalInput += inputWords[r];
            }

            reader.Require(totalInput + 1, $"{where}: input words");
            var list = new JobRecord[records];
            for (int r = 0; r < records; r++)
            {
                list[r] = new JobRecord(descriptors[r], reader.Words(inputWords[r], $"{where}, record {r}: input"));
            }

            reader.Crc(start, where);
            jobs.Add(new AcceleratorJob(kind, op, label, list, staticCode, codeStaticCode));
        }

        reader.End();
        return jobs;
    }

    public static IReadOnlyList<AcceleratorJob> Read(string path) => Parse(Io.InputFile.ReadAllBytes(path));

    public static void Write(string path, IReadOnlyList<AcceleratorJob> jobs) =>
        Io.OutputFile.WriteAllBytes(path, ToBytes(jobs));
}
