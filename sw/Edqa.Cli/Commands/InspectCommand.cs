using System.CommandLine;
using System.Text.Json;
using Edqa.Core.Analysis;
using Edqa.Core.Channel;
using Edqa.Core.Container;
using Edqa.Core.Layer;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa inspect</c>: what an .edqa file holds, per channel, and how close its Huffman payloads come to
/// the entropy bound.</summary>
public static class InspectCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower
    };

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .edqa file" };
        var format = TableOutput.FormatOption();
        Option<int?> record = InspectRecord.RecordOption();
        Option<string?> npy = InspectRecord.NpyOption();
        var command = new Command("inspect",
            "Show an .edqa file's header, per-channel sizes and Huffman bits against the entropy bound")
        {
            file, format, record, npy,
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            // The file read once: the layer, and the version only its header says.
            (QuantizedLayer layer, ushort version) = CommandLineHost.LoadInput(path, () =>
            {
                byte[] bytes = Edqa.Core.Io.InputFile.ReadAllBytes(path);
                return (EdqaFile.Read(bytes), EdqaFile.ReadHeader(bytes).Version);
            });
            if (result.GetValue(record) is int one)
            {
                return InspectRecord.Run(path, layer, one, result.GetValue(npy), result.GetValue(format));
            }

            if (result.GetValue(npy) is not null)
            {
                throw new UsageException("--npy writes one record's q and e: it needs --record K");
            }

            var footprint = LayerFootprint.Of(layer, ChannelCodec.Optimized);
            TableOutput channels = ChannelTable(layer, footprint);
            switch (result.GetValue(format))
            {
                case TableFormat.Json:
                    WriteJson(path, version, layer, footprint, channels);
                    break;
                case TableFormat.Text:
                    WriteText(path, version, layer, footprint, channels);
                    break;
                case var other:
                    AddFileFields(channels, path, layer, footprint);
                    Console.Write(channels.Render(other));
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static TableOutput ChannelTable(QuantizedLayer layer, LayerFootprint footprint)
    {
        var table = new TableOutput($"{layer.Layout.Channels} channels",
        [
            new("channel", "channel"), new("important", "important"), new("records", "records"),
            new("code_bits", "code bits"), new("code_raw_bits", "codes raw"), new("coded_codes", "coded codes"),
            new("codebook_bits", "codebook bits"), new("payload_bits", "payload bits"),
            new("entropy_bound_bits", "entropy bound", "0.0"),
            new("payload_over_bound", "payload / bound", "0.000"), new("adaptive", "adaptive"), new("static", "static"),
            new("raw", "raw"),
            new("saved_bits", "bits saved vs raw"),
        ]);
        foreach (var channel in footprint.Records.GroupBy(r => r.Channel).OrderBy(g => g.Key))
        {
            bool important = layer.Important[channel.Key];
            long payload = channel.Sum(r => r.PayloadBits);
            double bound = channel.Sum(r => r.EntropyBoundBits);
            table.AddRow(channel.Key, important, channel.Count(), channel.Sum(r => r.CodeBits),
                channel.Sum(r => r.RawCodeBits), channel.Count(r => r.CodeMode == CodeMode.Static),
                important ? channel.Sum(r => r.CodebookBits) : null, important ? payload : null,
                important ? bound : null,
                important && bound > 0 ? payload / bound : null,
                important ? channel.Count(r => r.Mode == RecordMode.Adaptive) : null,
                important ? channel.Count(r => r.Mode == RecordMode.Static) : null,
                important ? channel.Count(r => r.Mode == RecordMode.Raw) : null,
                important ? channel.Sum(r => r.SavedBits(layer.Format.ExtraBits)) : null);
        }

        return table;
    }

    /// <summary>The file-level fields for csv (leading columns) and markdown (a table before the channels'), keyed
    /// as in the JSON document.</summary>
    private static void AddFileFields(TableOutput table, string path, QuantizedLayer layer, LayerFootprint footprint)
    {
        table.AddField(new("file", "file"), path);
        table.AddField(new("bits", "N"), layer.Format.Bits);
        table.AddField(new("extra_bits", "m"), layer.Format.ExtraBits);
        table.AddField(new("grid", "grid"), layer.Format.Grid.ToString().ToLowerInvariant());
        table.AddField(new("scale_granularity", "scale per"), layer.Granularity.ToString().ToLowerInvariant());
        table.AddField(new("static_code", "static code"),
            layer.StaticCode is { } code ? string.Join(" ", code.Lengths.ToArray()) : null);
        table.AddField(new("code_static_code", "codes' static code"),
            layer.CodeStaticCode is { } codes ? string.Join(" ", codes.Lengths.ToArray()) : null);
        table.AddField(new("bits_per_activation", "bits per activation", "0.000"),
            footprint.BitsPerActivation(footprint.EdqaBits));
    }

    private static void WriteText(string path, ushort version, QuantizedLayer layer, LayerFootprint footprint,
        TableOutput channels)
    {
        Console.WriteLine($"{path}: .edqa version {version}, "
            + $"{footprint.FileBytes} bytes");
        Console.WriteLine(
            $"  static code: {(layer.StaticCode is { } code ? string.Join(" ", code.Lengths.ToArray()) : "none")}");
        Console.WriteLine("  codes' static code: "
            + (layer.CodeStaticCode is { } codes ? string.Join(" ", codes.Lengths.ToArray()) : "none (packed)"));
        Console.WriteLine(
            $"  shape {layer.Layout}, {layer.Layout.RecordCount} records of {layer.Layout.RecordLength} elements");
        Console.WriteLine(
            $"  {layer.Format}, scale per {layer.Granularity.ToString().ToLowerInvariant()}, "
            + $"{layer.Important.Count(x => x)}/{layer.Layout.Channels} channels important");
        Console.WriteLine(
            $"  M = {string.Join(", ", layer.Maxima.Take(8).Select(m => m.ToString("R")))}"
            + $"{(layer.Maxima.Length > 8 ? ", ..." : string.Empty)}");
        Console.Write(channels.Render(TableFormat.Text));
        Console.WriteLine(
            $"  bits/activation: eDQA {footprint.BitsPerActivation(footprint.EdqaBits):F3}, direct N "
            + $"{footprint.BitsPerActivation(footprint.DirectBits):F3}, N+m uncompressed "
            + $"{footprint.BitsPerActivation(footprint.WideBits):F3}");
        Console.WriteLine(
            $"  codes: {footprint.Records.Sum(r => r.RawCodeBits)} raw bits -> {footprint.CodeBits} stored ("
            + $"{footprint.Records.Count(r => r.CodeMode == CodeMode.Static)}/{footprint.Records.Count} records "
            + "coded)");
        Console.WriteLine(
            $"  shifting errors: {footprint.RawErrorBits} raw bits -> {footprint.CodedErrorBits} coded (ratio "
            + $"{footprint.ErrorCompressionRatio:F3}); entropy bound {footprint.EntropyBoundBits:F1} bits");
        foreach (RecordMode mode in Enum.GetValues<RecordMode>())
        {
            RecordFootprint[] of = footprint.Records.Where(r => r.Important && r.Mode == mode).ToArray();
            Console.WriteLine(
                $"  {mode.ToString().ToLowerInvariant(),-8} records: {of.Length}, "
                + $"{of.Sum(r => r.SavedBits(layer.Format.ExtraBits))} bits saved against raw errors");
        }
    }

    private static void WriteJson(string path, ushort version, QuantizedLayer layer, LayerFootprint footprint,
        TableOutput channels)
    {
        var document = new
        {
            file = path,
            version = (int)version,
            bytes = footprint.FileBytes,
            shape = layer.Layout.Shape,
            channelAxis = layer.Layout.ChannelAxis,
            bits = layer.Format.Bits,
            extraBits = layer.Format.ExtraBits,
            grid = layer.Format.Grid.ToString().ToLowerInvariant(),  // spec §2.3: signed (the paper's) or unsigned
            scaleGranularity = layer.Granularity.ToString().ToLowerInvariant(),
            scales = layer.Maxima,  // M per group; the JSON field keeps its published name
            importantChannels = Enumerable.Range(0, layer.Important.Length).Where(c => layer.Important[c]).ToArray(),
            staticCode = layer.StaticCode?.Lengths.ToArray().Select(l => (int)l).ToArray(),
            codeStaticCode = layer.CodeStaticCode?.Lengths.ToArray().Select(l => (int)l).ToArray(),
            modes = Enum.GetValues<RecordMode>().Select(mode => new
            {
                mode = mode.ToString().ToLowerInvariant(),
                records = footprint.Records.Count(r => r.Important && r.Mode == mode),
                savedBits = footprint.Records.Where(r => r.Important && r.Mode == mode)
                    .Sum(r => r.SavedBits(layer.Format.ExtraBits)),
            }).ToArray(),
            totals = new
            {
                edqaBits = footprint.EdqaBits,
                codeBits = footprint.CodeBits,
                codeRawBits = footprint.Records.Sum(r => r.RawCodeBits),
                directBits = footprint.DirectBits,
                wideBits = footprint.WideBits,
                rawErrorBits = footprint.RawErrorBits,
                codedErrorBits = footprint.CodedErrorBits,
                entropyBoundBits = footprint.EntropyBoundBits,
                staticCodeBits = footprint.StaticCodeBits,
                bitsPerActivation = footprint.BitsPerActivation(footprint.EdqaBits),
            },
        };
        var json = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(document, JsonOptions))!.AsObject();
        json["channels"] = channels.ToJson()["rows"]!.DeepClone();
        Console.Write(TableOutput.Serialize(json));
    }
}
