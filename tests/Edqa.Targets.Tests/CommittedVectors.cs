using Edqa.Core.Jobs;

namespace Edqa.Targets.Tests;

/// <summary>The committed golden vectors (written by `edqa golden-vectors` from the golden model): a job stream and
/// the golden model's result stream for it.</summary>
public static class CommittedVectors
{
    public static IReadOnlyList<AcceleratorJob> Jobs() =>
        JobStream.Read(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "vectors", "golden.jobs"));

    public static IReadOnlyList<JobResult> Results() =>
        ResultStream.Read(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "vectors", "golden.results"));

}
