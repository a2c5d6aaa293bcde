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

/// <summary>
/// The register values of one eDQA record, as the accelerator's AXI-Lite registers take them (spec §7): N, m, the
/// important flag, L, the float32 bit patterns of inv and delta, and the coding (spec §4.2, 0 to de-quantize).
/// </summary>
public readonly record struct EdqaRegisters(uint Bits, uint ExtraBits, uint Important, uint Length, uint Inv, uint Delta, uint Coding = 0)
{
    /// <summary>Values per record in a job stream.</summary>
    public const int Count = 7;

    public uint[] ToArray() => [Bits, ExtraBits, Important, Length, Inv, Delta, Coding];

    public static EdqaRegisters From(IReadOnlyList<uint> values) => new(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
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

/// <summary>The register values of one NoisyQuant record: b and S (spec §8).</summary>
public readonly record struct NoisyQuantRegisters(uint Bits, uint Side)
{
    public const int Count = 2;

    public uint[] ToArray() => [Bits, Side];

    public static NoisyQuantRegisters From(IReadOnlyList<uint> values) => new(values[0], values[1]);
}

/// <summary>One record of a job: its registers (in the order of spec §11 for the job's accelerator) and its input
/// words (float32 bit patterns to quantize, or a record to de-quantize).</summary>
public sealed record JobRecord(uint[] Registers, uint[] Input);

/// <summary>
/// What the accelerator is asked to do, in its own vocabulary: one operation on a list of records, each with the
/// configuration and input words it needs. A layer is one job (B x C records), and the eDQA accelerator walks it
/// itself, many records per START (docs/spec.md §7).
/// </summary>
public sealed record AcceleratorJob(AcceleratorKind Kind, AcceleratorOp Op, string Label, IReadOnlyList<JobRecord> Records, JobStaticCode? StaticCode = null)
{
    /// <summary>Registers per record for an accelerator.</summary>
    public static int RegisterCount(AcceleratorKind kind) => kind == AcceleratorKind.Edqa ? EdqaRegisters.Count : NoisyQuantRegisters.Count;
}
