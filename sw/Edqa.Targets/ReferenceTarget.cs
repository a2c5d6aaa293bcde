using Edqa.Core.Jobs;

namespace Edqa.Targets;

/// <summary>The golden model (docs/spec.md as code) on its reference path, as the target <c>reference</c>. No cycles:
/// it is not hardware.</summary>
public sealed class ReferenceTarget : IAcceleratorTarget
{
    private readonly GoldenJobRunner _runner = GoldenJobRunner.Reference;

    public string Name => AcceleratorTargets.Reference;

    public int MaxRecordLength => _runner.MaxRecordLength;

    public bool CountsCycles => false;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs) => _runner.Run(jobs);

    public void Dispose()
    {
    }
}
