using Edqa.Core.Channel;
using Edqa.Core.Jobs;

namespace Edqa.Targets;

/// <summary>The C# golden model (docs/spec.md as code). No cycles: it is not hardware.</summary>
public sealed class ReferenceTarget(ChannelCodec? codec = null) : IAcceleratorTarget
{
    private readonly GoldenJobRunner _runner = codec is null ? GoldenJobRunner.Reference : new GoldenJobRunner(codec);

    public string Name => AcceleratorTargets.Reference;

    public int MaxRecordLength => _runner.MaxRecordLength;

    public bool CountsCycles => false;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs) => _runner.Run(jobs);

    public void Dispose()
    {
    }
}
