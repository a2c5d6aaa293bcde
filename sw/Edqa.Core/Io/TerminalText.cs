using System.Globalization;
using System.Text;

namespace Edqa.Core.Io;

/// <summary>
/// Text from a file (a job's label, a runner's message) made safe to print: control characters (C0, DEL, C1),
/// Unicode line and paragraph separators and format characters (bidirectional overrides among them) become visible
/// escapes (\n, \x1B, \u202E), and a backslash is doubled so that an escape cannot be forged. Escape sequences in a
/// label can otherwise set the terminal's title, clear the screen or print a line that looks like the tool's own.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(NeedsEscape))
        {
            return text ?? string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ when c <= 0xFF && char.IsControl(c) => $"\\x{(int)c:X2}",
                _ when NeedsEscape(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c == '\\' || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
