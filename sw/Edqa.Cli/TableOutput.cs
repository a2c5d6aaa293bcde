using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Edqa.Cli;

/// <summary>The output formats of tabular commands.</summary>
public enum TableFormat
{
    Text,
    Csv,
    Json,
    Markdown,
}

/// <summary>A titled table with notes, rendered in any <see cref="TableFormat"/>: one code path for every
/// command that prints results people compare or paste into docs.</summary>
public sealed class TableOutput(string title, IReadOnlyList<string> columns)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly List<string> _notes = [];

    public static Option<TableFormat> FormatOption() => new("--format") { Description = "text, csv, json or markdown", DefaultValueFactory = _ => TableFormat.Text };

    public void AddRow(params object[] cells) => _rows.Add(cells.Select(Cell).ToArray());

    public void AddNote(string note) => _notes.Add(note);

    public string Render(TableFormat format) => format switch
    {
        TableFormat.Csv => RenderCsv(),
        TableFormat.Json => RenderJson(),
        TableFormat.Markdown => RenderMarkdown(),
        _ => RenderText(),
    };

    private string RenderText()
    {
        var table = new Table().RoundedBorder().Title(title);
        foreach (string column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }

        foreach (IReadOnlyList<string> row in _rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;
        console.Write(table);
        foreach (string note in _notes)
        {
            writer.WriteLine(note);
        }

        return writer.ToString();
    }

    private string RenderCsv()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", columns.Select(Quote)));
        foreach (IReadOnlyList<string> row in _rows)
        {
            text.AppendLine(string.Join(",", row.Select(Quote)));
        }

        return text.ToString();

        static string Quote(string cell) => cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal) ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }

    private string RenderJson()
    {
        var rows = _rows.Select(row => columns.Zip(row).ToDictionary(p => p.First, p => (object)p.Second)).ToList();
        return JsonSerializer.Serialize(new { title, notes = _notes, rows }, JsonOptions) + Environment.NewLine;
    }

    private string RenderMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{title}**");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", columns) + " |");
        text.AppendLine("|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (IReadOnlyList<string> row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (string note in _notes)
            {
                text.AppendLine(note);
            }
        }

        return text.ToString();
    }

    private static string Cell(object value) => value switch
    {
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        float f => f.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
