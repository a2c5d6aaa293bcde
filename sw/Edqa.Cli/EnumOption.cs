using System.CommandLine.Parsing;

namespace Edqa.Cli;

/// <summary>
/// Parses an enum option by name only (case-insensitive). System.CommandLine's default accepts any number too
/// (<c>--scale 2</c> became an undefined granularity and an unreadable file); a number, or a name that is not a
/// member, is a usage error that lists the names.
/// </summary>
public static class EnumOption
{
    public static T Parse<T>(ArgumentResult result)
        where T : struct, Enum
    {
        string token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        string[] names = Enum.GetNames<T>().Select(n => Kebab(n)).ToArray();
        int index = Array.FindIndex(names, n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            result.AddError($"'{token}' is not one of {string.Join(", ", names)}");
            return default;
        }

        return Enum.GetValues<T>()[index];
    }

    /// <summary>The name the command line shows: PascalCase as kebab-case (TableFormat.Markdown: markdown).</summary>
    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) =>
            char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
