using System.CommandLine;
using Edqa.Core.Analysis;
using Edqa.Core.Channel;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa inspect Y.edqa --record K</c>: one record as the accelerator sees it: where it sits, its scale,
/// mode, codebook and sizes, and its codes q and errors e (also as .npy with <c>--npy</c>).</summary>
public static class InspectRecord
{
    public static Option<int?> RecordOption() => new("--record")
    {
        Description = "Show one record (0-based, sample-major: sample * channels + channel): its header, mode, "
            + "codebook, payload size and its q and e",
    };

    public static Option<string?> NpyOption() => new("--npy")
    {
        Description = "With --record: also write its q and e as PREFIX.q.npy and PREFIX.e.npy (float32)",
    };

    public static int Run(string path, QuantizedLayer layer, int record, string? npyPrefix, TableFormat format)
    {
        if (record < 0 || record >= layer.Layout.RecordCount)
        {
            throw new UsageException(
                $"--record must be in [0, {layer.Layout.RecordCount - 1}]: {path} holds {layer.Layout.RecordCount} "
                + $"records");
        }

        ChannelFields fields =
            CommandLineHost.LoadInput(path, () => layer.DecodeRecord(record, ChannelCodec.Optimized));
        RecordFootprint footprint = LayerFootprint.Of(layer, ChannelCodec.Optimized).Records[record];
        int channel = layer.Layout.ChannelOf(record);
        GroupScale scale = layer.ScaleOf(channel);
        var elements = new TableOutput($"{path}: {layer.Describe(record)}",
            [new("element", "element"), new("q", "q"), new("e", "e"), new("t", "t = q * 2^m + e")]);
        for (int i = 0; i < fields.Length; i++)
        {
            elements.AddRow(i, (int)fields.Codes[i], fields.Important ? (int)fields.Errors[i] : null,
                fields.WideValue(i, layer.Format));
        }

        (Column Column, object? Value)[] header =
        [
            (new("record", "record"), record), (new("sample", "sample"), footprint.Sample),
            (new("channel", "channel"), channel), (new("important", "important"), fields.Important),
            (new("mode", "mode"), fields.Important ? EnumOption.Kebab(fields.Mode.ToString()) : "direct"),
            (new("bits", "N"), layer.Format.Bits), (new("extra_bits", "m"), layer.Format.ExtraBits),
            (new("max", "M"), scale.Max), (new("inv", "inv"), scale.Inv), (new("delta", "delta"), scale.Delta),
            (new("words", "record words"), layer.Records[record].Length),
            (new("code_mode", "code mode"), EnumOption.Kebab(fields.CodeMode.ToString())),
            (new("code_bits", "code bits"), footprint.CodeBits),
            (new("code_raw_bits", "codes raw (L * N)"), footprint.RawCodeBits),
            (new("codebook_bits", "codebook bits"), footprint.CodebookBits),
            (new("payload_bits", "payload bits P"), fields.PayloadBits),
            (new("raw_error_bits", "raw error bits"), fields.Important ? (long)fields.Length * layer.Format.ExtraBits
                : null),
            (new("code_lengths", "codebook (length per e)"),
                fields.CodeLengths.Length > 0 ? string.Join(" ", fields.CodeLengths) : null),
        ];
        foreach ((Column column, object? value) in header)
        {
            elements.AddField(column, value);
        }

        if (npyPrefix is not null)
        {
            long[] shape = [fields.Length];
            NpyFile.Write(CommandLineHost.OutputPath(npyPrefix + ".q.npy", "--npy"),
                new NpyArray(shape, fields.Codes.Select(q => (float)q).ToArray()));
            NpyFile.Write(CommandLineHost.OutputPath(npyPrefix + ".e.npy", "--npy"),
                new NpyArray(shape, fields.Important ? fields.Errors.Select(e => (float)e).ToArray()
                    : new float[fields.Length]));
        }

        if (format == TableFormat.Text)
        {
            // The header as lines; the table renders its fields only in the other formats.
            foreach ((Column column, object? value) in header)
            {
                Console.WriteLine($"  {column.Header}: {(value is bool b ? (b ? "yes" : "no") : value ?? "-")}");
            }
        }

        Console.Write(elements.Render(format));
        if (npyPrefix is not null && format == TableFormat.Text)
        {
            Console.WriteLine($"wrote {npyPrefix}.q.npy and {npyPrefix}.e.npy ({fields.Length} float32 each)");
        }

        return ExitCodes.Success;
    }
}
