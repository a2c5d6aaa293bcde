using System.CommandLine;
using System.Text.Json;
using Edqa.Core.Analysis;
using Edqa.Core.Container;
using Edqa.Core.Layer;
using Spectre.Console;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa inspect</c>: what an .edqa file holds, per channel, and how close its Huffman payloads come to
/// the entropy bound.</summary>
public static class InspectCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public enum OutputFormat
    {
        Text,
        Json,
    }

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .edqa file" };
        var format = new Option<OutputFormat>("--format") { Description = "text or json", DefaultValueFactory = _ => OutputFormat.Text };
        var command = new Command("inspect", "Show an .edqa file's header, per-channel sizes and Huffman bits against the entropy bound") { file, format };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            QuantizedLayer layer = CommandLineHost.LoadInput(path, () => EdqaFile.Read(path));
            var footprint = LayerFootprint.Of(layer, LayerQuantizer.Default.Codec);
            var channels = ChannelSummaries(layer, footprint);
            if (result.GetValue(format) == OutputFormat.Json)
            {
                WriteJson(path, layer, footprint, channels);
            }
            else
            {
                WriteText(path, layer, footprint, channels);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record ChannelSummary(int Channel, bool Important, int Records, long CodeBits, long CodebookBits, long PayloadBits, double EntropyBoundBits);

    private static List<ChannelSummary> ChannelSummaries(QuantizedLayer layer, LayerFootprint footprint) =>
        footprint.Records.GroupBy(r => r.Channel).OrderBy(g => g.Key).Select(g => new ChannelSummary(
            g.Key, layer.Important[g.Key], g.Count(), g.Sum(r => r.CodeBits), g.Sum(r => r.CodebookBits), g.Sum(r => r.PayloadBits), g.Sum(r => r.EntropyBoundBits))).ToList();

    private static void WriteText(string path, QuantizedLayer layer, LayerFootprint footprint, List<ChannelSummary> channels)
    {
        var console = Terminal.Create();
        console.MarkupLine($"[bold]{Markup.Escape(path)}[/]: .edqa version {EdqaFile.Version}, {footprint.FileBytes} bytes");
        console.WriteLine($"  shape {layer.Layout}, {layer.Layout.RecordCount} records of {layer.Layout.RecordLength} elements");
        console.WriteLine($"  {layer.Format}, scale per {layer.Granularity.ToString().ToLowerInvariant()}, {layer.Important.Count(x => x)}/{layer.Layout.Channels} channels important");
        console.WriteLine($"  M = {string.Join(", ", layer.Scales.Take(8).Select(s => s.ToString("R")))}{(layer.Scales.Length > 8 ? ", ..." : string.Empty)}");

        var table = new Table().RoundedBorder();
        foreach (string column in new[] { "channel", "important", "code bits", "codebook bits", "payload bits", "entropy bound", "payload / bound" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (ChannelSummary channel in channels)
        {
            table.AddRow(
                channel.Channel.ToString(),
                channel.Important ? "yes" : "-",
                channel.CodeBits.ToString(),
                channel.Important ? channel.CodebookBits.ToString() : "-",
                channel.Important ? channel.PayloadBits.ToString() : "-",
                channel.Important ? channel.EntropyBoundBits.ToString("F1") : "-",
                channel.Important && channel.EntropyBoundBits > 0 ? (channel.PayloadBits / channel.EntropyBoundBits).ToString("F3") : "-");
        }

        console.Write(table);
        console.WriteLine($"  bits/activation: eDQA {footprint.BitsPerActivation(footprint.EdqaBits):F3}, direct N {footprint.BitsPerActivation(footprint.DirectBits):F3}, N+m uncompressed {footprint.BitsPerActivation(footprint.WideBits):F3}");
        console.WriteLine($"  shifting errors: {footprint.RawErrorBits} raw bits -> {footprint.CodedErrorBits} coded (ratio {footprint.ErrorCompressionRatio:F3}); entropy bound {footprint.EntropyBoundBits:F1} bits");
    }

    private static void WriteJson(string path, QuantizedLayer layer, LayerFootprint footprint, List<ChannelSummary> channels)
    {
        var document = new
        {
            file = path,
            version = (int)EdqaFile.Version,
            bytes = footprint.FileBytes,
            shape = layer.Layout.Shape,
            channelAxis = layer.Layout.ChannelAxis,
            bits = layer.Format.Bits,
            extraBits = layer.Format.ExtraBits,
            scaleGranularity = layer.Granularity.ToString().ToLowerInvariant(),
            scales = layer.Scales,
            importantChannels = Enumerable.Range(0, layer.Important.Length).Where(c => layer.Important[c]).ToArray(),
            channels,
            totals = new
            {
                edqaBits = footprint.EdqaBits,
                directBits = footprint.DirectBits,
                wideBits = footprint.WideBits,
                rawErrorBits = footprint.RawErrorBits,
                codedErrorBits = footprint.CodedErrorBits,
                entropyBoundBits = footprint.EntropyBoundBits,
                bitsPerActivation = footprint.BitsPerActivation(footprint.EdqaBits),
            },
        };
        Console.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }
}
