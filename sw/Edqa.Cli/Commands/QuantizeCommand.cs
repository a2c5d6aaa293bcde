using System.CommandLine;
using System.Globalization;
using Edqa.Core.Analysis;
using Edqa.Core.Container;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa quantize</c>: a float32 .npy layer to an .edqa file (Algorithm 1).</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Activations of one layer: float32 .npy, [C, L] or [B, C, H, W]", Required = true };
        var bits = new Option<int>("--bits", "-n") { Description = "N, target bits, 2..8", Required = true };
        var extraBits = new Option<int>("--extra-bits", "-m") { Description = "m, extra bits of important channels, 1..N", Required = true };
        var ratio = new Option<double?>("--ratio", "-r") { Description = "r, fraction of channels that are important (needs --rank)" };
        var rank = new Option<string?>("--rank") { Description = "Rank file (JSON) that orders the channels by importance" };
        var layer = new Option<string?>("--layer") { Description = "Layer of the rank file to use (default: its only layer)" };
        var important = new Option<string?>("--important") { Description = "Important channels, listed: 0,3,7 (instead of --ratio/--rank)" };
        var scale = new Option<ScaleGranularity>("--scale") { Description = "Scale group: the whole layer, or each channel", DefaultValueFactory = _ => ScaleGranularity.Layer };
        var axis = new Option<int?>("--channel-axis") { Description = "Channel axis (default 0 for 1-D/2-D, 1 for 3-D/4-D)" };
        var output = new Option<string>("--output", "-o") { Description = "The .edqa file to write", Required = true };

        var command = new Command("quantize", "Quantize a layer's activations (eDQA Algorithm 1) into an .edqa file")
        {
            input, bits, extraBits, ratio, rank, layer, important, scale, axis, output,
        };
        command.SetAction(result =>
        {
            QuantFormat format = CommandLineHost.CheckUsage(() => new QuantFormat(result.GetValue(bits), result.GetValue(extraBits)));
            string inputPath = result.GetValue(input)!;
            NpyArray array = CommandLineHost.LoadInput(inputPath, () => NpyFile.Read(inputPath));
            int channelAxis = result.GetValue(axis) ?? TensorLayout.DefaultChannelAxis(array.Shape.Length);
            TensorLayout layout = CommandLineHost.LoadInput(inputPath, () => TensorLayout.Create(array.Shape, channelAxis));
            bool[] mask = ImportantMask(result.GetValue(ratio), result.GetValue(rank), result.GetValue(layer), result.GetValue(important), layout.Channels);
            ScaleGranularity granularity = result.GetValue(scale);

            QuantizedLayer quantized;
            try
            {
                quantized = LayerQuantizer.Default.Quantize(array.Data, layout, format, granularity, mask);
            }
            catch (NonFiniteValueException e)
            {
                throw new InputException($"{inputPath}: element {Coordinates(layout, e.Index)} is {e.Value}; eDQA quantizes finite values only");
            }

            string outputPath = result.GetValue(output)!;
            EdqaFile.Write(outputPath, quantized);
            var footprint = LayerFootprint.Of(quantized, LayerQuantizer.Default.Codec);
            Console.WriteLine(
                $"wrote {outputPath}: shape {layout}, {format}, {mask.Count(x => x)}/{layout.Channels} channels important, scale per {granularity.ToString().ToLowerInvariant()}; " +
                $"{footprint.FileBytes} bytes, {footprint.BitsPerActivation(footprint.EdqaBits):F3} bits/activation " +
                $"(direct {footprint.BitsPerActivation(footprint.DirectBits):F3}, N+m {footprint.BitsPerActivation(footprint.WideBits):F3})");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The importance mask from exactly one of (--ratio with --rank) or --important.</summary>
    private static bool[] ImportantMask(double? ratio, string? rankPath, string? layerName, string? list, int channels)
    {
        if (list is not null)
        {
            if (ratio is not null || rankPath is not null)
            {
                throw new UsageException("--important lists the channels itself; it cannot be combined with --ratio or --rank");
            }

            return CommandLineHost.CheckUsage(() => ImportantChannels.FromIds(ParseIds(list), channels));
        }

        if (ratio is null || rankPath is null)
        {
            throw new UsageException("choose the important channels: --ratio R with --rank RANK.json, or --important 0,3,7");
        }

        RankFile rank = CommandLineHost.LoadInput(rankPath, () => RankFile.Read(rankPath));
        LayerRanking ranking = CommandLineHost.CheckUsage(() => rank.Layer(layerName));
        return CommandLineHost.CheckUsage(() => ImportantChannels.FromRanking(ranking.Order, channels, ratio.Value));
    }

    private static int[] ParseIds(string list)
    {
        if (list.Trim().Length == 0)
        {
            return [];
        }

        return list.Split(',', StringSplitOptions.TrimEntries).Select(item =>
            int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int id)
                ? id
                : throw new UsageException($"--important: '{item}' is not a channel number")).ToArray();
    }

    private static string Coordinates(TensorLayout layout, long flatIndex)
    {
        long record = flatIndex / Math.Max(layout.RecordLength, 1);
        long element = flatIndex % Math.Max(layout.RecordLength, 1);
        return $"{flatIndex} (sample {record / layout.Channels}, channel {record % layout.Channels}, element {element})";
    }
}
