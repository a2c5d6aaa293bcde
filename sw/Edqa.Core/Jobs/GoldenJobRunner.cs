using System.Runtime.InteropServices;
using Edqa.Core.Baselines;
using Edqa.Core.Channel;
using Edqa.Core.Quantization;

namespace Edqa.Core.Jobs;

/// <summary>
/// The golden model as a job runner: every record of a job computed from its registers exactly as docs/spec.md
/// defines the accelerator's operations (§7 for eDQA, §8 for NoisyQuant). A bad register or input answers with the
/// same status the C ABI gives (invalid argument, invalid record), never an exception. It has no clock: every cycle
/// counter and host time it reports is 0.
/// </summary>
public sealed class GoldenJobRunner(ChannelCodec codec, int maxRecordLength = SpecConstants.MaxRecordLength)
    : IJobRunner
{
    /// <summary>The golden model's reference path, element by element as the spec reads.</summary>
    public static GoldenJobRunner Reference { get; } = new(ChannelCodec.Reference);

    /// <summary>The reference path with the accelerator's record limit (L above 4096 is an invalid argument, as the
    /// accelerator has it): the answer a job stream must get from every target (<c>edqa jobs check</c>).</summary>
    public static GoldenJobRunner Accelerator { get; } =
        new(ChannelCodec.Reference, SpecConstants.AcceleratorMaxRecordLength);

    /// <summary>The optimized path, bit-identical to <see cref="Reference"/>.</summary>
    public static GoldenJobRunner Optimized { get; } = new(ChannelCodec.Optimized);

    public ChannelCodec Codec { get; } = codec;

    public int MaxRecordLength { get; } = maxRecordLength;

    public bool CountsCycles => false;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs) =>
        jobs.Select((job, index) =>
        {
            var codes = new JobCodes(job);
            return new JobResult(index, job.Kind, job.Op,
                job.Records.Select(record => RunRecord(job, codes, record)).ToArray());
        }).ToArray();

    private RecordResult RunRecord(AcceleratorJob job, JobCodes codes, JobRecord record)
    {
        try
        {
            uint[] output = job.Kind == AcceleratorKind.Edqa
                ? RunEdqa(job, codes, record)
                : RunNoisyQuant(job.Op, record);
            return new RecordResult(RecordStatus.Ok, default, 0, output, string.Empty);
        }
        catch (EdqaFormatException e)
        {
            return RecordResult.Failed(RecordStatus.InvalidRecord, e.Message);
        }
        catch (ArgumentException e)
        {
            return RecordResult.Failed(RecordStatus.InvalidArgument, e.Message.Split('\n')[0]);
        }
    }

    private uint[] RunEdqa(AcceleratorJob job, JobCodes codes, JobRecord record)
    {
        AcceleratorOp op = job.Op;
        RecordDescriptor descriptor = record.Descriptor;
        if (descriptor.Grid > (uint)QuantGrid.Unsigned)
        {
            throw new ArgumentException($"grid is {descriptor.Grid}; it must be 0 (signed) or 1 (unsigned)");
        }

        var format = new QuantFormat((int)Math.Min(descriptor.Bits, 64), (int)Math.Min(descriptor.ExtraBits, 64),
            (QuantGrid)descriptor.Grid);
        if (descriptor.Important > 1)
        {
            throw new ArgumentException($"important is {descriptor.Important}; it must be 0 or 1");
        }

        if (descriptor.Length > MaxRecordLength)
        {
            throw new ArgumentException($"length {descriptor.Length} exceeds the format's {MaxRecordLength}");
        }

        if (descriptor.Coding > (uint)RecordCoding.Smallest
            || (op == AcceleratorOp.Dequantize && descriptor.Coding != 0))
        {
            throw new ArgumentException(
                $"coding is {descriptor.Coding}; it must be 0 (adaptive), 1 (static) or 2 (smallest) to quantize, 0 "
                + $"to de-quantize");
        }

        // The job's static code serves the records of its m (the host checks that one is there for a coding that
        // needs it: invalid argument); an illegal one serves none, and a record that needs it is refused as the
        // accelerator refuses it (invalid record, spec §7).
        JobStaticCode? jobCode = job.StaticCode?.ExtraBits == (int)descriptor.ExtraBits ? job.StaticCode : null;
        if (descriptor.Coding != (uint)RecordCoding.Adaptive && jobCode is null)
        {
            throw new ArgumentException(
                $"coding {descriptor.Coding} needs the job's static code of m = {descriptor.ExtraBits}");
        }

        Huffman.CanonicalCode? staticCode = null;
        try
        {
            staticCode = jobCode is null ? null : codes.Errors;
        }
        catch (EdqaFormatException) when (descriptor.Coding == (uint)RecordCoding.Adaptive)
        {
            // Unused by this record unless it is a static one to decode, which then fails for want of a code.
        }

        if (descriptor.Coding != (uint)RecordCoding.Adaptive && staticCode is null)
        {
            throw new EdqaFormatException(
                $"the job's static code of m = {descriptor.ExtraBits} has every length 0, not a legal static "
                + $"code (spec §3.7)");
        }

        Huffman.CanonicalCode? codeStaticCode = CodeStaticCodeOf(job, codes, descriptor);
        bool important = descriptor.Important == 1;
        int length = (int)descriptor.Length;
        GroupScale scale = GroupScale.FromFactors(BitConverter.UInt32BitsToSingle(descriptor.Inv),
            BitConverter.UInt32BitsToSingle(descriptor.Delta), format);
        if (op == AcceleratorOp.Quantize)
        {
            if (record.Input.Length != length)
            {
                throw new ArgumentException($"{record.Input.Length} input values for a record of length {length}");
            }

            ReadOnlySpan<float> values = MemoryMarshal.Cast<uint, float>(record.Input);
            Codec.Kernel.AbsMax(values); // throws on the first non-finite value, as the accelerator's host checks do
            return Codec.Encode(values, scale, important, format, (RecordCoding)descriptor.Coding, staticCode,
                codeStaticCode);
        }

        ChannelFields fields = Codec.Decode(record.Input, length, important, format, staticCode, codeStaticCode);
        var decoded = new float[length];
        Codec.Dequantize(fields, scale, format, decoded);
        return MemoryMarshal.Cast<float, uint>(decoded).ToArray();
    }

    /// <summary>The codes' static code a record of code coding static uses (spec §3.8): the job's, of the record's
    /// N; null for code coding packed. A missing one is an invalid argument, an illegal one an invalid
    /// record.</summary>
    private static Huffman.CanonicalCode? CodeStaticCodeOf(AcceleratorJob job, JobCodes parsed,
        RecordDescriptor descriptor)
    {
        if (descriptor.CodeCoding > (uint)CodeCoding.Static)
        {
            throw new ArgumentException(
                $"code coding is {descriptor.CodeCoding}; it must be 0 (packed) or 1 (static)");
        }

        if (descriptor.CodeCoding == (uint)CodeCoding.Packed)
        {
            return null;
        }

        if (job.CodeStaticCode is not { } codes || codes.Bits != (int)descriptor.Bits)
        {
            throw new ArgumentException($"code coding static needs the job's codes' static code of N = "
                + $"{descriptor.Bits}");
        }

        return parsed.Codes
            ?? throw new EdqaFormatException(
                $"the job's codes' static code of N = {codes.Bits} has every length 0, not a legal code (spec §3.8)");
    }

    /// <summary>A job's two static codes, parsed once for all its records rather than per record (the codes' one
    /// has a 4096-entry decode table). An illegal code is kept as its error and thrown to each record that uses
    /// it.</summary>
    private sealed class JobCodes(AcceleratorJob job)
    {
        private (Huffman.CanonicalCode? Code, string? Error)? _errors;
        private (Huffman.CanonicalCode? Code, string? Error)? _codes;

        /// <summary>The job's static code (spec §3.7); the job must have one.</summary>
        public Huffman.CanonicalCode? Errors =>
            Get(ref _errors, () => Huffman.StaticCode.FromWords(job.StaticCode!.Words, job.StaticCode.ExtraBits));

        /// <summary>The job's codes' static code (spec §3.8); the job must have one.</summary>
        public Huffman.CanonicalCode? Codes =>
            Get(ref _codes,
                () => Huffman.StaticCode.CodesFromWords(job.CodeStaticCode!.Words, job.CodeStaticCode.Bits));

        private static Huffman.CanonicalCode? Get(ref (Huffman.CanonicalCode? Code, string? Error)? slot,
            Func<Huffman.CanonicalCode?> parse)
        {
            if (slot is null)
            {
                try
                {
                    slot = (parse(), null);
                }
                catch (EdqaFormatException e)
                {
                    slot = (null, e.Message);
                }
            }

            return slot.Value.Error is { } error ? throw new EdqaFormatException(error) : slot.Value.Code;
        }
    }

    private static uint[] RunNoisyQuant(AcceleratorOp op, JobRecord record)
    {
        NoisyQuantRegisters registers = record.NoisyQuant;
        if (registers.Bits is < SpecConstants.MinBits or > SpecConstants.MaxBits
            || registers.Side is < 1 or > NoisyQuantChannel.MaxSide)
        {
            throw new ArgumentException(
                $"b = {registers.Bits}, S = {registers.Side}: b must be in [2, 8] and S in [1, "
                + $"{NoisyQuantChannel.MaxSide}]");
        }

        int side = (int)registers.Side;
        int bits = (int)registers.Bits;
        if (op == AcceleratorOp.Quantize)
        {
            ReadOnlySpan<float> values = MemoryMarshal.Cast<uint, float>(record.Input);
            ScalarQuantizationKernel.Instance.AbsMax(values);
            return NoisyQuantChannel.ToWords(NoisyQuantChannel.Quantize(values, side, bits), bits);
        }

        float[] decoded =
            NoisyQuantChannel.Dequantize(NoisyQuantChannel.FromWords(record.Input, side * side, bits), side, bits);
        return MemoryMarshal.Cast<float, uint>(decoded).ToArray();
    }
}
