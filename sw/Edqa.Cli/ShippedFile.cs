using System.Collections.Concurrent;

namespace Edqa.Cli;

/// <summary>
/// The files the checkout ships that commands take as defaults (models/cnn.bin, docs/resources.json,
/// tests/vectors/real, ...), found from where the tool is installed rather than from the current folder: under
/// $EDQA_HOME if it is set, else in the first of the tool's folder (build/bin) and the folders above it that holds
/// the file. A default found nowhere stays the relative name it was, and the command that needs it names it with
/// <see cref="NotFound"/> (exit 3).
/// </summary>
public static class ShippedFile
{
    /// <summary>The variable naming the checkout to take shipped defaults from, instead of the tool's own.</summary>
    public const string HomeVariable = "EDQA_HOME";

    private static readonly ConcurrentDictionary<string, bool> Defaults = new();

    /// <summary>The option default for the shipped <paramref name="relative"/> path: its full path where it is found,
    /// else <paramref name="relative"/> itself.</summary>
    public static string Default(string relative)
    {
        Defaults.TryAdd(relative, true);
        return Find(relative) ?? relative;
    }

    /// <summary>The full path of the shipped file or directory <paramref name="relative"/>, or null.</summary>
    public static string? Find(string relative)
    {
        if (Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home)
        {
            string candidate = Path.GetFullPath(Path.Combine(home, relative));
            return Path.Exists(candidate) ? candidate : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
             directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, relative);
            if (Path.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="path"/> is a shipped default left unresolved (found neither where
    /// <see cref="Find"/> looks nor in the current folder).</summary>
    public static bool IsMissingDefault(string path) => Defaults.ContainsKey(path) && !Path.Exists(path);

    /// <summary>Throws <see cref="NotFound"/> if <paramref name="path"/> is a shipped default found nowhere; else
    /// returns it.</summary>
    public static string Require(string path, string what) =>
        IsMissingDefault(path) ? throw NotFound(path, what) : path;

    /// <summary>The error for a shipped default found nowhere: its name, and where it was looked for.</summary>
    public static InputException NotFound(string relative, string what) => new(
        $"{relative}: the shipped {what} is not found "
        + (Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home
            ? $"under {HomeVariable} ({home})"
            : $"in {AppContext.BaseDirectory} or the folders above it")
        + $"; set {HomeVariable} to the checkout, or give its path");
}
