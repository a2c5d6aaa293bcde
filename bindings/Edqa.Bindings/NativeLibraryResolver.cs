using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edqa.Bindings.Native;

namespace Edqa.Bindings;

/// <summary>
/// Finds the library behind the C ABI (libedqa_sim.so, or libedqa_board.so on a board): the path in
/// EDQA_SIM_LIBRARY if set, else next to the application (where <c>make build</c> puts it), else the system's
/// search path.
/// </summary>
public static class NativeLibraryResolver
{
    public const string EnvironmentVariable = "EDQA_SIM_LIBRARY";

    /// <summary>The library file the C ABI is loaded from: libedqa_sim.so (the SystemC model) unless
    /// <see cref="UseLibrary"/> chose another implementation of the same ABI (libedqa_board.so, the board).</summary>
    private static string s_library = "libedqa_sim.so";
    private static bool s_loaded;

    /// <summary>Chooses which implementation of the C ABI this process loads. A process loads one: choosing
    /// after the first call is refused.</summary>
    public static void UseLibrary(string fileName)
    {
        if (s_loaded && fileName != s_library)
        {
            throw new InvalidOperationException(
                $"this process already loaded {s_library}; the C ABI has one implementation per process");
        }

        s_library = fileName;
    }

    // Runs when the assembly loads, before any import can resolve: the one place a library can wire its own resolver.
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255",
        Justification = "The bindings must resolve libedqa_sim before their first P/Invoke, whoever calls it.")]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != EdqaSimNative.LibraryName)
        {
            return 0;
        }

        s_loaded = true;
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return NativeLibrary.Load(configured);
        }

        string beside = Path.Combine(AppContext.BaseDirectory, s_library);
        if (File.Exists(beside))
        {
            return NativeLibrary.Load(beside);
        }

        return NativeLibrary.TryLoad(s_library, assembly, searchPath, out nint handle) ? handle : 0;
    }
}
