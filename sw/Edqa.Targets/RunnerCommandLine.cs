using System.Globalization;

namespace Edqa.Targets;

/// <summary>
/// The one place the native runner's command line is built (edqa-sim on this machine, edqa-board-runner on the
/// board; both take the same arguments and have the same exit codes as <c>edqa</c>, see <see cref="Core.ExitCodes"/>):
/// <code>
///   edqa-sim run JOBS RESULTS [--cycles CYCLES.csv] [--vcd WAVES.vcd] [--job K]
/// </code>
/// </summary>
public static class RunnerCommandLine
{
    public const string SimulationRunner = "edqa-sim";
    public const string BoardRunner = "edqa-board-runner";

    /// <summary>The arguments (after the program) that run <paramref name="jobs"/> and write
    /// <paramref name="results"/>.</summary>
    /// <param name="configuration">The eDQA accelerator's units and lanes; the paper's adds no option (a board runner
    /// takes none).</param>
    public static string[] Run(string jobs, string results, string? cycles = null, string? vcd = null, int? job = null,
        AcceleratorConfiguration? configuration = null)
    {
        var arguments = new List<string> { "run", jobs, results };
        if (cycles is not null)
        {
            arguments.AddRange(["--cycles", cycles]);
        }

        if (vcd is not null)
        {
            arguments.AddRange(["--vcd", vcd]);
        }

        if (job is int index)
        {
            arguments.AddRange(["--job", index.ToString(CultureInfo.InvariantCulture)]);
        }

        if (configuration is { IsPaper: false } chosen)
        {
            arguments.AddRange(["--units", chosen.Units.ToString(CultureInfo.InvariantCulture), "--lanes",
                chosen.Lanes.ToString(CultureInfo.InvariantCulture)]);
        }

        return [.. arguments];
    }

    /// <summary>The same command as one POSIX shell line (for ssh, and for messages a user can paste).</summary>
    public static string ShellLine(string program, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { program }.Concat(arguments).Select(Quote));

    /// <summary>Single-quotes anything but plain path characters.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c =>
            char.IsAsciiLetterOrDigit(c) || "/._-+=:,@".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
