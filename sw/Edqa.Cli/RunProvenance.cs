using System.Text.RegularExpressions;

namespace Edqa.Cli;

/// <summary>What a result file records about the run that wrote it: the command line and the commit. One place
/// for both, so that eval, sweep, errors, thresholds, tune and report agree on them.</summary>
public static partial class RunProvenance
{
    /// <summary>The command line as provenance records it: without --shard, so that every shard and the merged file
    /// name the one command whose result they are.</summary>
    public static string CommandLine()
    {
        string[] args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        var kept = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--shard")
            {
                i++;
                continue;
            }

            if (!args[i].StartsWith("--shard=", StringComparison.Ordinal))
            {
                kept.Add(args[i].Contains(' ', StringComparison.Ordinal) ? $"'{args[i]}'" : args[i]);
            }
        }

        return "edqa " + string.Join(' ', kept);
    }

    /// <summary>The commit the results come from: EDQA_COMMIT when set (binaries copied out of the checkout, so that
    /// a long run does not see later builds; it must be a commit hash), else the checkout edqa runs in, else
    /// null.</summary>
    public static string? Commit(Func<string, string?>? environment = null)
    {
        string? given = (environment ?? Environment.GetEnvironmentVariable)("EDQA_COMMIT");
        if (!string.IsNullOrWhiteSpace(given))
        {
            string commit = given.Trim();
            return CommitHash().IsMatch(commit)
                ? commit
                : throw new UsageException(
                    $"EDQA_COMMIT is '{commit}', not a commit hash (7 to 40 hex digits): set it to the commit the "
                    + $"binaries were built from, or unset it");
        }

        try
        {
            using var git =
                System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            });
            if (git is null)
            {
                return null;
            }

            string head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && head.Length == 40 ? head : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex CommitHash();
}
