using Edqa.Core.Jobs;

namespace Edqa.Targets.Tests;

/// <summary>The committed golden vectors (written by `edqa golden-vectors` from the golden model): a job stream and
/// the golden model's result stream for it.</summary>
public static class GoldenVectors
{
    public static IReadOnlyList<AcceleratorJob> Jobs() => JobStream.Read(Path.Combine(RepositoryRoot(), "tests", "vectors", "golden.jobs"));

    public static IReadOnlyList<JobResult> Results() => ResultStream.Read(Path.Combine(RepositoryRoot(), "tests", "vectors", "golden.results"));

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CoDesign.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CoDesign.sln not found above " + AppContext.BaseDirectory);
    }
}
