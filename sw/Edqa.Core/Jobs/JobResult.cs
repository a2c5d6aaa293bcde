namespace Edqa.Core.Jobs;

/// <summary>
/// Status of one record, the values of the C ABI's <c>edqa_status</c> (sim/include/edqa_sim.h): a test holds the two
/// enums equal.
/// </summary>
public enum RecordStatus : uint
{
    Ok = 0,
    NullPointer = 1,
    InvalidArgument = 2,
    BufferTooSmall = 3,
    InvalidRecord = 4,
    Timeout = 5,
    State = 6,
    Internal = 7,
}

/// <summary>The accelerator's hardware cycle counters after one record (0 for the stages that did not run, and
/// everywhere on the golden model, which has no clock).</summary>
public readonly record struct CycleCounts(ulong Total, ulong Quantizer, ulong Encoder, ulong Decoder, ulong Dequantizer);

/// <summary>What came back for one record: status (with the message when not OK), the cycle counters, the host's
/// wall-clock time for the record (registers, DMA and polling included) and the output words.</summary>
public sealed record RecordResult(RecordStatus Status, CycleCounts Cycles, ulong HostNanoseconds, uint[] Output, string Message)
{
    public static RecordResult Failed(RecordStatus status, string message) => new(status, default, 0, [], message);
}

/// <summary>The results of one job: which job of its stream, and one result per record.</summary>
public sealed record JobResult(int JobIndex, AcceleratorKind Kind, AcceleratorOp Op, IReadOnlyList<RecordResult> Records);

/// <summary>
/// Something that runs accelerator jobs: the golden model, the SystemC model in this process or in the runner
/// process, or the board. Every runner gives the same statuses and output words for the same jobs.
/// </summary>
public interface IJobRunner
{
    /// <summary>Longest record (elements) it holds: the accelerator's buffers, or the format's limit.</summary>
    int MaxRecordLength { get; }

    /// <summary>True when results carry the accelerator's cycle counters and host times.</summary>
    bool CountsCycles { get; }

    /// <summary>Runs every job; a failed record is a status in its result, never an exception. Failures of the
    /// runner itself (a crashed process, an unreachable board) are exceptions.</summary>
    IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs);
}
