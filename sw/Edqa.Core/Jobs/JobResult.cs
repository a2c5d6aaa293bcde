namespace Edqa.Core.Jobs;

/// <summary>
/// Status of one record: the values of the C ABI's <c>edqa_status</c> (sim/include/edqa_sim.h; a test holds them
/// equal) that a record can have, so every one but EDQA_ERROR_NULL_POINTER (1), which only a call can have: the
/// runners pass no null pointer (docs/spec.md §11.3).
/// </summary>
public enum RecordStatus : uint
{
    Ok = 0,
    InvalidArgument = 2,
    BufferTooSmall = 3,
    InvalidRecord = 4,
    Timeout = 5,
    State = 6,
    Internal = 7,
}

/// <summary>
/// The accelerator's hardware cycle counters after one record: one value per row of its counters bundle
/// (hw/edqa_registers.h), in table order, the first the total (docs/spec.md §11.3). A stage's counter is a row
/// there; nothing here names one. None on the golden model, which has no clock.
/// </summary>
public readonly struct CycleCounts : IEquatable<CycleCounts>
{
    private readonly ulong[]? _values;

    public CycleCounts(params ulong[] values) => _values = values;

    /// <summary>No counters (a runner without a clock).</summary>
    public static CycleCounts None => default;

    public IReadOnlyList<ulong> Values => _values ?? [];

    /// <summary>Cycles from START to the last output beat (for a record of a layer, its trailer's share).</summary>
    public ulong Total => _values is { Length: > 0 } values ? values[0] : 0;

    public bool Equals(CycleCounts other) => Values.SequenceEqual(other.Values);

    public override bool Equals(object? obj) => obj is CycleCounts other && Equals(other);

    public override int GetHashCode() => Values.Aggregate(0, (hash, value) => HashCode.Combine(hash, value));

    public static bool operator ==(CycleCounts left, CycleCounts right) => left.Equals(right);

    public static bool operator !=(CycleCounts left, CycleCounts right) => !left.Equals(right);

    public override string ToString() => $"[{string.Join(", ", Values)}]";
}

/// <summary>What came back for one record: status (with the message when not OK), the cycle counters, the host's
/// wall-clock time for the record (registers, DMA and polling included) and the output words.</summary>
public sealed record RecordResult(RecordStatus Status, CycleCounts Cycles, ulong HostNanoseconds, uint[] Output,
    string Message)
{
    public static RecordResult Failed(RecordStatus status, string message) => new(status, default, 0, [], message);
}

/// <summary>The results of one job: which job of its stream, and one result per record.</summary>
public sealed record JobResult(int JobIndex, AcceleratorKind Kind, AcceleratorOp Op,
    IReadOnlyList<RecordResult> Records);

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
