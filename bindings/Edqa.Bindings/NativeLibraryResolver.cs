using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edqa.Bindings.Native;

namespace Edqa.Bindings;

/// <summary>
/// Finds libedqa_sim.so: the path in EDQA_SIM_LIBRARY if set, else next to the application (where
/// <c>make build</c> puts it), else the system's search path.
/// </summary>
internal static class NativeLibraryResolver
{
    public const string EnvironmentVariable = "EDQA_SIM_LIBRARY";

    // Runs when the assembly loads, before any import can resolve: the one place a library can wire its own resolver.
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The bindings must resolve libedqa_sim before their first P/Invoke, whoever calls it.")]
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != EdqaSimNative.LibraryName)
        {
            return 0;
        }

        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return NativeLibrary.Load(configured);
        }

        string beside = Path.Combine(AppContext.BaseDirectory, "libedqa_sim.so");
        if (File.Exists(beside))
        {
            return NativeLibrary.Load(beside);
        }

        return NativeLibrary.TryLoad("libedqa_sim.so", assembly, searchPath, out nint handle) ? handle : 0;
    }
}
