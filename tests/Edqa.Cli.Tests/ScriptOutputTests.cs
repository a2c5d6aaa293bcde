using System.Text.Json;
using Edqa.Core.Io;
using Microsoft.VisualBasic.FileIO;

namespace Edqa.Cli.Tests;

/// <summary>Issue 25 §2: with --format other than text, stdout holds exactly the document, a standard parser reads
/// it, and the document carries what produced it.</summary>
[Collection(CliRunner.Name)]
public sealed class ScriptOutputTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public ScriptOutputTests()
    {
        var random = new Random(9);
        float[] data = Enumerable.Range(0, 2 * 4 * 25)
            .Select(_ => random.NextDouble() < 0.3 ? 0f : (float)(random.NextDouble() * 3)).ToArray();
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 4, 5, 5], data));
    }

    [Fact]
    public void Verify_csv_and_markdown_print_only_the_document()
    {
        string[] verify = ["verify", "-i", _cli.PathOf("x.npy"), "-n", "4", "-m", "2", "--important", "0,3"];
        var csv = _cli.Run([.. verify, "--format", "csv"]);
        Assert.True(csv.Code == 0, csv.Error + csv.Out);
        List<string[]> records = ParseCsv(csv.Out);
        Assert.Equal("scale", records[0][0]);
        Assert.Contains("max_abs_error", records[0]);
        Assert.Equal(5, records.Count);  // header, two targets at two scales
        Assert.All(records, r => Assert.Equal(records[0].Length, r.Length));
        Assert.Contains("bit-exact", csv.Error);

        var markdown = _cli.Run([.. verify, "--format", "markdown"]);
        Assert.True(markdown.Code == 0, markdown.Error + markdown.Out);
        Assert.Contains(@"max \|x - x^\|", markdown.Out);
        AssertTablesAreRectangular(markdown.Out);

        var json = _cli.Run([.. verify, "--format", "json"]);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Contains(document.RootElement.GetProperty("notes").EnumerateArray(),
            n => n.GetString()!.StartsWith("bit-exact", StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_csv_and_markdown_keep_the_file_level_fields()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "2", "--important", "1,2",
            "--coding", "smallest", "-o", _cli.PathOf("y.edqa")).Code);
        var csv = _cli.Run("inspect", _cli.PathOf("y.edqa"), "--format", "csv");
        Assert.True(csv.Code == 0, csv.Error);
        List<string[]> records = ParseCsv(csv.Out);
        string[] header = records[0];
        Assert.Equal(5, records.Count);  // header and four channels
        Assert.All(records, r => Assert.Equal(header.Length, r.Length));
        string Field(string key) => records[1][Array.IndexOf(header, key)];
        Assert.Equal("3", Field("bits"));
        Assert.Equal("2", Field("extra_bits"));
        Assert.NotEqual(string.Empty, Field("static_code"));
        Assert.True(double.Parse(Field("bits_per_activation"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("channel", header);

        var markdown = _cli.Run("inspect", _cli.PathOf("y.edqa"), "--format", "markdown");
        Assert.True(markdown.Code == 0, markdown.Error);
        AssertTablesAreRectangular(markdown.Out);
        Assert.Contains("| N | 3 |", markdown.Out);
        Assert.Contains("| m | 2 |", markdown.Out);
        Assert.Contains("bits per activation", markdown.Out);
        Assert.Contains("static code", markdown.Out);
    }

    [Fact]
    public void Run_json_carries_its_parameters()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string model = Path.Combine(root, "models", "cnn.bin");
        var (code, output, error) = _cli.Run("run", "--model", model,
            "--rank", Path.Combine(root, "models", "cnn-rank.json"), "-n", "3", "-m", "2", "-r", "0.5",
            "--scale", "layer", "--skip-accuracy", "--format", "json");
        Assert.True(code == 0, error + output);
        using var document = JsonDocument.Parse(output);
        JsonElement run = document.RootElement;
        Assert.Equal(model, run.GetProperty("model").GetString());
        Assert.Equal(3, run.GetProperty("bits").GetInt32());
        Assert.Equal(2, run.GetProperty("extra_bits").GetInt32());
        Assert.Equal(0.5, run.GetProperty("ratio").GetDouble());
        Assert.Equal("layer", run.GetProperty("scale").GetString());
        Assert.Equal("adaptive", run.GetProperty("coding").GetString());
        Assert.True(run.GetProperty("bit_exact").GetBoolean());
    }

    /// <summary>RFC 4180 through a standard parser (.NET's TextFieldParser).</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        using var parser = new TextFieldParser(new StringReader(text))
        {
            TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true,
        };
        parser.SetDelimiters(",");
        var records = new List<string[]>();
        while (!parser.EndOfData)
        {
            records.Add(parser.ReadFields()!);
        }

        return records;
    }

    /// <summary>Every markdown table (a run of lines starting with '|') has one cell count on every row, counting
    /// unescaped pipes only.</summary>
    private static void AssertTablesAreRectangular(string markdown)
    {
        int tables = 0;
        int? width = null;
        foreach (string line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (!line.StartsWith('|'))
            {
                width = null;
                continue;
            }

            int pipes = line.Replace(@"\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|');
            tables += width is null ? 1 : 0;
            width ??= pipes;
            Assert.True(width == pipes, $"{pipes - 1} cells where the table has {width - 1}: {line}");
        }

        Assert.True(tables > 0, markdown);
    }

    public void Dispose() => _cli.Dispose();
}
