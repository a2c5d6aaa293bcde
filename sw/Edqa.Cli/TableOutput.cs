using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

/// <summary>One column: a stable snake_case key (the JSON property and CSV header), the header people read, and how
/// text and markdown print its numbers (JSON and CSV keep every digit).</summary>
public sealed record Column(string Key, string Header, string? NumberFormat = null);

/// <summary>
/// A titled table with notes, rendered in any <see cref="TableFormat"/>: one code path for every command that
/// prints results people compare, paste into docs or script. Cells stay typed: numbers are numbers in JSON and CSV
/// (one field per quantity), text and markdown format them for reading. A null cell is "-" in text and null in JSON.
/// </summary>
public sealed class TableOutput(string title, IReadOnlyList<Column> columns)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly List<object?[]> _rows = [];
    private readonly List<string> _notes = [];
    private readonly List<(Column Column, object? Value)> _fields = [];

    public IReadOnlyList<Column> Columns => columns;

    public int RowCount => _rows.Count;

    public static Option<TableFormat> FormatOption() => new("--format")
    {
        Description = "text, csv, json or markdown (json and csv: numbers as numbers, snake_case keys; see the README)",
        DefaultValueFactory = _ => TableFormat.Text,
        CustomParser = EnumOption.Parse<TableFormat>,
    };

    public void AddRow(params object?[] cells)
    {
        if (cells.Length != columns.Count)
        {
            throw new ArgumentException($"a row of {cells.Length} cells for {columns.Count} columns");
        }

        _rows.Add(cells);
    }

    public void AddNote(string note) => _notes.Add(note);

    /// <summary>A document-level field (a file's N, a run's model): JSON puts it beside the rows, CSV repeats it
    /// as a leading column of every row (one header, what pandas reads), markdown shows it in a small
    /// table before the main one; text leaves it to the command's own header lines.</summary>
    public void AddField(Column column, object? value) => _fields.Add((column, value));

    /// <summary>What produced a result (model, N, m, ...) as every row's leading fields in csv and markdown.</summary>
    public void AddFields(IEnumerable<(Column Column, object? Value)> fields) => _fields.AddRange(fields);

    /// <summary>A result document that starts with what produced it (the commands with several tables add their
    /// tables to it).</summary>
    public static JsonObject Document(IEnumerable<(Column Column, object? Value)> parameters)
    {
        var json = new JsonObject();
        foreach ((Column column, object? value) in parameters)
        {
            json[column.Key] = JsonCell(value);
        }

        return json;
    }

    public string Render(TableFormat format) => format switch
    {
        TableFormat.Csv => RenderCsv(),
        TableFormat.Json => RenderJson(),
        TableFormat.Markdown => RenderMarkdown(),
        _ => RenderText(),
    };

    /// <summary>The table as a JSON object (title, notes, rows), for commands that print more than one table.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["title"] = title };
        foreach ((Column column, object? value) in _fields)
        {
            json[column.Key] = JsonCell(value);
        }

        json["notes"] = new JsonArray(_notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        json["rows"] = new JsonArray(_rows.Select(row => (JsonNode?)Row(row)).ToArray());
        return json;
    }

    public static string Serialize(JsonNode node) => node.ToJsonString(JsonOptions) + Environment.NewLine;

    /// <summary>Several tables: one after the other for people; for scripts one JSON object keyed by name, or one
    /// CSV document whose first column, <c>table</c>, names each row's table, with every table's fields and columns
    /// (a column another table lacks is empty in its rows).</summary>
    public static string RenderAll(IReadOnlyList<(string Key, TableOutput Table)> tables, TableFormat format)
    {
        if (format == TableFormat.Csv)
        {
            var keys = new List<string>();
            foreach ((_, TableOutput table) in tables)
            {
                keys.AddRange(table._fields.Select(f => f.Column.Key).Concat(table.Columns.Select(c => c.Key))
                    .Where(k => !keys.Contains(k)));
            }

            var text = new StringBuilder();
            text.AppendLine(string.Join(",", keys.Prepend("table").Select(Quote)));
            foreach ((string name, TableOutput table) in tables)
            {
                var cells = table._fields.ToDictionary(f => f.Column.Key, f => f.Value);
                foreach (object?[] row in table._rows)
                {
                    for (int i = 0; i < row.Length; i++)
                    {
                        cells[table.Columns[i].Key] = row[i];
                    }

                    text.AppendLine(string.Join(",",
                        keys.Select(k => Quote(cells.TryGetValue(k, out object? v) ? Exact(v) : string.Empty))
                            .Prepend(Quote(name))));
                }
            }

            return text.ToString();
        }

        if (format != TableFormat.Json)
        {
            // Markdown: a blank line ends one table's notes before the next title (else they run into one paragraph).
            return string.Join(format == TableFormat.Markdown ? Environment.NewLine : string.Empty,
                tables.Select(t => t.Table.Render(format)));
        }

        var json = new JsonObject();
        foreach ((string key, TableOutput table) in tables)
        {
            json[key] = table.ToJson();
        }

        return Serialize(json);
    }

    private JsonObject Row(object?[] row)
    {
        var json = new JsonObject();
        for (int i = 0; i < columns.Count; i++)
        {
            json[columns[i].Key] = JsonCell(row[i]);
        }

        return json;
    }

    private static JsonNode? JsonCell(object? value) => value switch
    {
        null => null,
        double d when !double.IsFinite(d) => null,
        float f when !float.IsFinite(f) => null,
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        uint u => JsonValue.Create(u),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>How many leading columns name a row (a size, a configuration): text repeats them in every part of
    /// a table too wide for the terminal.</summary>
    public int KeyColumns { get; set; } = 1;

    /// <summary>The width text renders to: $COLUMNS if set, else the terminal's, else (a pipe, a log) 200.</summary>
    public static int TextWidth() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), CultureInfo.InvariantCulture, out int columns)
            && columns >= 40
            ? columns
            : !Console.IsOutputRedirected && Console.WindowWidth >= 40 ? Console.WindowWidth : 200;

    private string RenderText()
    {
        string[][] cells = _rows.Select(row => row.Select((cell, i) => Readable(cell, columns[i])).ToArray()).ToArray();
        int width = TextWidth();
        int[] widths = columns.Select((column, i) => Math.Max(
            Math.Max(column.Header.Split(' ').Max(w => w.Length), Math.Min(column.Header.Length, 12)),
            cells.Select(row => row[i].Length).DefaultIfEmpty(1).Max())).ToArray();
        List<int[]> parts = TextParts(widths, width);
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        for (int p = 0; p < parts.Count; p++)
        {
            var table = new Table().RoundedBorder()
                .Title(parts.Count == 1 ? title : $"{title} ({p + 1} of {parts.Count})");
            foreach (int i in parts[p])
            {
                var column = new TableColumn(Markup.Escape(columns[i].Header)) { Width = widths[i] };
                table.AddColumn(column.RightAligned());
            }

            foreach (string[] row in cells)
            {
                table.AddRow(parts[p].Select(i => Markup.Escape(row[i])).ToArray());
            }

            console.Write(table);
        }

        foreach (string note in _notes)
        {
            // Wrapped at spaces to the width, as the tables are.
            var line = new StringBuilder();
            foreach (string word in note.Split(' '))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    writer.WriteLine(line);
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
            }

            writer.WriteLine(line);
        }

        return writer.ToString();
    }

    /// <summary>The columns of each part of a text table no wider than <paramref name="width"/>: the key columns
    /// and as many others, in order, as fit at their <paramref name="widths"/> (a whole cell each, so a number is
    /// never broken; a long header wraps at its spaces).</summary>
    private List<int[]> TextParts(int[] widths, int width)
    {
        // A rounded table: one border column, then per column its content, a space each side and a border.
        int Needed(int i) => widths[i] + 3;
        int keys = Math.Min(KeyColumns, columns.Count);
        int keyWidth = 1 + Enumerable.Range(0, keys).Sum(Needed);
        var parts = new List<int[]>();
        var part = new List<int>();
        int used = keyWidth;
        for (int i = keys; i < columns.Count; i++)
        {
            if (part.Count > 0 && used + Needed(i) > width)
            {
                parts.Add([.. Enumerable.Range(0, keys), .. part]);
                part.Clear();
                used = keyWidth;
            }

            part.Add(i);
            used += Needed(i);
        }

        parts.Add([.. Enumerable.Range(0, keys), .. part]);
        return parts;
    }

    private string RenderCsv()
    {
        var text = new StringBuilder();
        string[] fields = _fields.Select(f => Quote(Exact(f.Value))).ToArray();
        text.AppendLine(string.Join(",", _fields.Select(f => f.Column.Key).Concat(columns.Select(c => c.Key))));
        foreach (object?[] row in _rows)
        {
            text.AppendLine(string.Join(",", fields.Concat(row.Select(Exact).Select(Quote))));
        }

        return text.ToString();
    }

    /// <summary>A CSV field, quoted when it holds a comma, a quote or a line break.</summary>
    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0
            ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : cell;

    private string RenderJson() => Serialize(ToJson());

    private string RenderMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{title}**");
        text.AppendLine();
        if (_fields.Count > 0)
        {
            text.AppendLine("| field | value |");
            text.AppendLine("|---|---:|");
            foreach ((Column column, object? value) in _fields)
            {
                text.AppendLine($"| {Cell(column.Header)} | {Cell(Readable(value, column))} |");
            }

            text.AppendLine();
        }

        text.AppendLine("| " + string.Join(" | ", columns.Select(c => Cell(c.Header))) + " |");
        text.AppendLine("|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (object?[] row in _rows)
        {
            text.AppendLine(
                "| " + string.Join(" | ", row.Select((cell, i) => Cell(Readable(cell, columns[i])))) + " |");
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

    /// <summary>A markdown table cell: pipes escaped (`max |x - x^|` would split the cell), no line breaks.</summary>
    private static string Cell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>A cell for people: numbers in the column's format (default: up to two decimals).</summary>
    private static string Readable(object? value, Column column) => value switch
    {
        null => "-",
        bool b => b ? "yes" : "no",
        double d => d.ToString(column.NumberFormat ?? "0.##", CultureInfo.InvariantCulture),
        float f => f.ToString(column.NumberFormat ?? "0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(column.NumberFormat, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A cell for machines: every digit (round-trip), empty for null.</summary>
    private static string Exact(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
