namespace Edqa.Core.Jobs;

/// <summary>Which accelerator of the design a job runs on (docs/spec.md §11).</summary>
public enum AcceleratorKind : uint
{
    /// <summary>The eDQA accelerator: Quantizer, Huffman Encoder, Huffman Decoder, Dequantizer.</summary>
    Edqa = 0,

    /// <summary>The NoisyQuant baseline accelerator of the paper's comparison (spec §8).</summary>
    NoisyQuant = 1,
}

/// <summary>The OP register: what the accelerator does with a record.</summary>
public enum AcceleratorOp : uint
{
    Quantize = 0,
    Dequantize = 1,
}

/// <summary>The values one record of a job carries beside its input, in the words of the job stream (spec §11.2):
/// an eDQA record's <see cref="RecordDescriptor"/> or a NoisyQuant record's <see cref="NoisyQuantRegisters"/>. Not
/// judged when built or read: the runner judges them, as the accelerator does.</summary>
public interface IRecordValues
{
    /// <summary>The accelerator whose records carry these values.</summary>
    AcceleratorKind Kind { get; }

    /// <summary>The values in the order of spec §11.2.</summary>
    uint[] ToWords();
}

/// <summary>
/// An eDQA record's descriptor (spec §7, §11.2): N, m, the important flag, L, the float32 bit patterns of inv and
/// delta, the coding (spec §4.2, 0 to de-quantize) and the grid (spec §2.3: 0 signed, 1 unsigned). The driver packs
/// it into the three descriptor words of the accelerator's stream with the scale of the job's op
/// (hw/edqa_descriptor.h); the C ABI's edqa_record_descriptor.
/// </summary>
public readonly record struct RecordDescriptor(uint Bits, uint ExtraBits, uint Important, uint Length, uint Inv,
    uint Delta, uint Coding = 0, uint Grid = 0, uint CodeCoding = 0)
    : IRecordValues
{
    /// <summary>Values per record in a job stream (version 4; version 3 had no code coding: 8).</summary>
    public const int WordCount = 9;

    /// <summary>Values per record in a version 3 job stream, read with code coding packed.</summary>
    public const int Version3WordCount = 8;

    /// <summary>Values per record in a version 2 job stream, read with the signed grid.</summary>
    public const int Version2WordCount = 7;

    public AcceleratorKind Kind => AcceleratorKind.Edqa;

    public uint[] ToWords() => [Bits, ExtraBits, Important, Length, Inv, Delta, Coding, Grid, CodeCoding];

    public static RecordDescriptor FromWords(ReadOnlySpan<uint> words) =>
        new(words[0], words[1], words[2], words[3], words[4], words[5], words[6],
            words.Length > Version2WordCount ? words[7] : 0, words.Length > Version3WordCount ? words[8] : 0);

    /// <summary>The descriptor of one record as the host computes it: N, m, the flag, L, inv and delta, the
    /// grid.</summary>
    public static RecordDescriptor Of(int length, Quantization.GroupScale scale, bool important,
        in Quantization.QuantFormat format, Channel.RecordCoding coding = Channel.RecordCoding.Adaptive,
        Channel.CodeCoding codeCoding = Channel.CodeCoding.Packed) =>
        new((uint)format.Bits, (uint)format.ExtraBits, important ? 1u : 0u, (uint)length,
            BitConverter.SingleToUInt32Bits(scale.Inv),
            BitConverter.SingleToUInt32Bits(scale.Delta), (uint)coding, (uint)format.Grid, (uint)codeCoding);
}

/// <summary>A job's static code as the stream carries it (spec §11.2): its m and its words (spec §3.4), not yet
/// judged: the runner judges it, as the accelerator does (<see cref="Huffman.StaticCode.FromWords"/>).</summary>
public sealed record JobStaticCode(int ExtraBits, uint[] Words)
{
    public static JobStaticCode From(Huffman.CanonicalCode code)
    {
        int extraBits = System.Numerics.BitOperations.Log2((uint)code.AlphabetSize);
        return new JobStaticCode(extraBits, Huffman.StaticCode.ToWords(code, extraBits));
    }
}

/// <summary>A job's codes' static code as the stream carries it (spec §11.2, version 4): its N and its words (spec
/// §3.8), judged by the runner (<see cref="Huffman.StaticCode.CodesFromWords"/>).</summary>
public sealed record JobCodeStaticCode(int Bits, uint[] Words)
{
    public static JobCodeStaticCode From(Huffman.CanonicalCode code, int bits) =>
        new(bits, Huffman.StaticCode.CodesToWords(code, bits));
}

/// <summary>The register values of one NoisyQuant record: b and S (spec §8), written per START.</summary>
public readonly record struct NoisyQuantRegisters(uint Bits, uint Side) : IRecordValues
{
    public const int WordCount = 2;

    public AcceleratorKind Kind => AcceleratorKind.NoisyQuant;

    public uint[] ToWords() => [Bits, Side];

    public static NoisyQuantRegisters FromWords(ReadOnlySpan<uint> words) => new(words[0], words[1]);
}

/// <summary>One record of a job: its values (the descriptor of an eDQA record, the registers of a NoisyQuant one) and
/// its input words (float32 bit patterns to quantize, or a record to de-quantize).</summary>
public sealed record JobRecord(IRecordValues Values, uint[] Input)
{
    /// <summary>An eDQA record's descriptor.</summary>
    public RecordDescriptor Descriptor =>
        Values is RecordDescriptor d
            ? d
            : throw new InvalidOperationException($"a {Values.Kind} record has no eDQA descriptor");

    /// <summary>A NoisyQuant record's registers.</summary>
    public NoisyQuantRegisters NoisyQuant =>
        Values is NoisyQuantRegisters r
            ? r
            : throw new InvalidOperationException($"a {Values.Kind} record has no NoisyQuant registers");
}

/// <summary>
/// What the accelerator is asked to do, in its own vocabulary: one operation on a list of records, each with the
/// configuration and input words it needs. A layer is one job (B x C records), and the eDQA accelerator walks it
/// itself, many records per START (docs/spec.md §7).
/// </summary>
public sealed record AcceleratorJob(AcceleratorKind Kind, AcceleratorOp Op, string Label,
    IReadOnlyList<JobRecord> Records, JobStaticCode? StaticCode = null, JobCodeStaticCode? CodeStaticCode = null)
{
    /// <summary>How a label starts when the job's records are meant to be refused (the golden vectors' damaged
    /// records): edqa-sim reports their refusals as expected, not as errors (sim/jobs/job_stream.h has the same
    /// text).</summary>
    public const string ExpectedRefusal = "expected refusal: ";

    /// <summary>Values per record in the job stream for an accelerator (an eDQA record of a version 2 stream has no
    /// grid).</summary>
    public static int ValueCount(AcceleratorKind kind, ushort version = StreamFormat.JobVersion) =>
        kind != AcceleratorKind.Edqa ? NoisyQuantRegisters.WordCount
        : version switch
        {
            StreamFormat.JobVersion => RecordDescriptor.WordCount,
            StreamFormat.JobVersion3 => RecordDescriptor.Version3WordCount,
            _ => RecordDescriptor.Version2WordCount,
        };

    /// <summary>A record's values from their words in the job stream.</summary>
    public static IRecordValues ValuesFromWords(AcceleratorKind kind, ReadOnlySpan<uint> words) =>
        kind == AcceleratorKind.Edqa ? RecordDescriptor.FromWords(words) : NoisyQuantRegisters.FromWords(words);
}
