using System.Runtime.CompilerServices;

namespace Edqa.Tests;

/// <summary>
/// Points every test assembly at the one native build in build/bin (where `make native` puts libedqa_sim.so and
/// edqa-sim, beside edqa): the library the bindings load and the runner the sim-process target starts. No copy is
/// made at build time, so after an edit in hw/ and a native rebuild the tests see the new model, never a stale one.
/// A variable the caller set wins.
/// </summary>
internal static class NativeBuild
{
    /// <summary>The checkout the tests run in (the directory holding CoDesign.sln).</summary>
    internal static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>build/bin of the checkout: edqa, libedqa_sim.so, edqa-sim, edqa-board-runner.</summary>
    internal static string BinDirectory => Path.Combine(RepositoryRoot, "build", "bin");

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255",
        Justification = "The variables must be set before any test loads the library.")]
    internal static void Use()
    {
        SetUnlessGiven("EDQA_SIM_LIBRARY", Path.Combine(BinDirectory, "libedqa_sim.so"));
        SetUnlessGiven("EDQA_SIM_RUNNER", Path.Combine(BinDirectory, "edqa-sim"));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CoDesign.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CoDesign.sln not found above " + AppContext.BaseDirectory);
    }

    private static void SetUnlessGiven(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
