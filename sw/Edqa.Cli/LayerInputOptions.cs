using System.CommandLine;
using System.Globalization;
using Edqa.Core.Channel;
using Edqa.Core.Huffman;
using Edqa.Core.Io;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Targets;

namespace Edqa.Cli;

/// <summary>A layer to quantize, as the options describe it: its activations, N and m, the important channels and
/// the scale granularity, and how important records are coded (spec §4.2) with the layer's static code.</summary>
public sealed record LayerInput(string Name, float[] Data, TensorLayout Layout, QuantFormat Format,
    ScaleGranularity Granularity, bool[] Important,
    RecordCoding Coding = RecordCoding.Adaptive, CanonicalCode? StaticCode = null,
    CanonicalCode? CodeStaticCode = null);

/// <summary>The options that describe a layer to quantize, shared by <c>quantize</c> and <c>verify</c>, and their
/// validation (usage errors exit 2, bad files exit 3).</summary>
public sealed class LayerInputOptions
{
    public Option<string> Input { get; } = new("--input", "-i")
    {
        Description = "Activations of one layer: float32 .npy, [C, L] or [B, C, H, W]",
        Required = true
    };

    public Option<int> Bits { get; } = new("--bits", "-n") { Description = "N, target bits, 2..8", Required = true };

    public Option<int> ExtraBits { get; } = new("--extra-bits", "-m")
    {
        Description = "m, extra bits of important channels, 1..N",
        Required = true
    };

    public Option<double?> Ratio { get; } = new("--ratio", "-r")
    {
        Description = "r, fraction of channels that are important (needs --rank)"
    };

    public Option<string?> Rank { get; } = new("--rank")
    {
        Description = "Rank file (JSON) that orders the channels by importance"
    };

    public Option<string?> Layer { get; } = new("--layer")
    {
        Description = "Layer of the rank file to use (default: its only layer)"
    };

    public Option<string?> Important { get; } = new("--important")
    {
        Description = "Important channels, listed: 0,3,7 (instead of --ratio/--rank)"
    };

    public Option<ScaleGranularity> Scale { get; } = NetworkInputs.ScaleOption();

    public Option<int?> ChannelAxis { get; } = new("--channel-axis")
    {
        Description = "Channel axis (default 0 for 1-D/2-D, 1 for 3-D/4-D)"
    };

    public Option<RecordCoding> Coding { get; } = CodingOption();

    /// <summary>--coding: how important records store their errors (quantize, verify, run).</summary>
    public static Option<RecordCoding> CodingOption() => new("--coding")
    {
        Description = "Important records' modes (spec §4.2): adaptive (each its own code, the paper's), static (the "
            + "layer's static code or raw: the one-pass encoder), smallest (the fewest bits of all three)",
        CustomParser = EnumOption.Parse<RecordCoding>,
        DefaultValueFactory = _ => RecordCoding.Adaptive,
    };

    public Option<CodeCoding> CodeCoding { get; } = new("--code-coding")
    {
        Description = "How records store their N-bit codes (spec §3.8): packed (the paper's), static (coded with the "
            + "layer's static code for codes, zero runs as symbols; packed where that is not shorter)",
        CustomParser = EnumOption.Parse<CodeCoding>,
        DefaultValueFactory = _ => Core.Channel.CodeCoding.Packed,
    };

    public Option<string?> StaticCodeFrom { get; } = new("--static-code-from")
    {
        Description = "Calibration activations (.npy, the layer's channels) the static codes are computed from (spec "
            + "§3.7, §3.8); default: the input itself",
    };

    public Option<GridChoice> Grid { get; } = new("--grid")
    {
        Description = "The codes' grid (spec §2.3): signed (the paper's), unsigned (for non-negative activations: "
            + "2^N - 1 steps of [0, M], negatives clamped to 0 and counted), auto (unsigned when the calibration "
            + "activations, --grid-from or --static-code-from, have no value below 0)",
        CustomParser = EnumOption.Parse<GridChoice>,
        DefaultValueFactory = _ => GridChoice.Signed,
    };

    public Option<string?> GridFrom { get; } = new("--grid-from")
    {
        Description = "Calibration activations (.npy) that --grid auto judges (default: --static-code-from's); never "
            + "the input itself",
    };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Input, Bits, ExtraBits, Ratio, Rank, Layer, Important, Scale,
            ChannelAxis, Coding, CodeCoding, StaticCodeFrom, Grid, GridFrom })
        {
            command.Options.Add(option);
        }
    }

    public LayerInput Read(ParseResult result)
    {
        QuantGrid grid = GridOf(result.GetValue(Grid), result.GetValue(GridFrom) ?? result.GetValue(StaticCodeFrom),
            result.GetValue(GridFrom) is null ? "--static-code-from" : "--grid-from");
        if (result.GetValue(GridFrom) is not null && result.GetValue(Grid) != GridChoice.Auto)
        {
            throw new UsageException("--grid-from is what --grid auto judges; it needs --grid auto");
        }

        QuantFormat format = CommandLineHost.CheckUsage(() =>
            new QuantFormat(result.GetValue(Bits), result.GetValue(ExtraBits), grid));
        string path = result.GetValue(Input)!;
        NpyArray array = CommandLineHost.LoadInput(path, () => NpyFile.Read(path));
        int axis = result.GetValue(ChannelAxis) ?? TensorLayout.DefaultChannelAxis(array.Shape.Length);
        TensorLayout layout = CommandLineHost.LoadInput(path, () => TensorLayout.Create(array.Shape, axis));
        bool[] important = ImportantMask(result.GetValue(Ratio), result.GetValue(Rank), result.GetValue(Layer),
            result.GetValue(Important), layout.Channels);
        string name = result.GetValue(Layer) ?? Path.GetFileNameWithoutExtension(path);
        RecordCoding coding = result.GetValue(Coding);
        CodeCoding codeCoding = result.GetValue(CodeCoding);
        string? calibrationPath = result.GetValue(StaticCodeFrom);
        if (coding == RecordCoding.Adaptive && codeCoding == Core.Channel.CodeCoding.Packed
            && calibrationPath is not null)
        {
            throw new UsageException("--static-code-from needs --coding static or smallest, or --code-coding static "
                + "(adaptive records carry their own code, packed codes none)");
        }

        CanonicalCode? staticCode = null;
        CanonicalCode? codeStaticCode = null;
        if (coding != RecordCoding.Adaptive || codeCoding != Core.Channel.CodeCoding.Packed)
        {
            (string from, NpyArray calibration) = calibrationPath is null
                ? (path, array)
                : (calibrationPath, CommandLineHost.LoadInput(calibrationPath, () => NpyFile.Read(calibrationPath)));
            TensorLayout calibrationLayout =
                CommandLineHost.LoadInput(from, () => TensorLayout.Create(calibration.Shape, axis));
            if (calibrationLayout.Channels != layout.Channels || calibrationLayout.RecordLength != layout.RecordLength)
            {
                throw new InputException(
                    $"{from}: shape {calibrationLayout} does not match the layer's {layout} (channels and "
                    + $"elements per channel)");
            }

            if (coding != RecordCoding.Adaptive)
            {
                staticCode =
                    StaticCodeOf(calibration.Data, calibrationLayout, format, result.GetValue(Scale), important, from);
            }

            if (codeCoding != Core.Channel.CodeCoding.Packed)
            {
                codeStaticCode = CodeStaticCodeOf(calibration.Data, calibrationLayout, format, result.GetValue(Scale),
                    important, from);
            }
        }

        return new LayerInput(name, array.Data, layout, format, result.GetValue(Scale), important, coding, staticCode,
            codeStaticCode);
    }

    /// <summary>The grid of <paramref name="choice"/>; auto reads the calibration file and takes unsigned when no
    /// value is below 0 (spec §2.1: never from the data it stores).</summary>
    private static QuantGrid GridOf(GridChoice choice, string? calibrationPath, string option)
    {
        if (choice != GridChoice.Auto)
        {
            return choice.Fixed();
        }

        if (calibrationPath is null)
        {
            throw new UsageException(
                "--grid auto judges calibration activations: give them with --grid-from CALIBRATION.npy (the grid "
                + "is never chosen from the input it stores)");
        }

        NpyArray calibration =
            CommandLineHost.LoadInput(calibrationPath, () => NpyFile.Read(calibrationPath));
        int negative = Array.FindIndex(calibration.Data, x => x < 0f || float.IsNaN(x));
        if (negative >= 0 && float.IsNaN(calibration.Data[negative]))
        {
            throw new InputException($"{calibrationPath} ({option}): element {negative} is NaN");
        }

        return negative < 0 ? QuantGrid.Unsigned : QuantGrid.Signed;
    }

    /// <summary>Spec §3.7 on calibration activations: the errors of their important records, then the code.</summary>
    public static CanonicalCode StaticCodeOf(float[] data, TensorLayout layout, QuantFormat format,
        ScaleGranularity granularity, bool[] important, string path)
    {
        var histogram = new long[format.AlphabetSize];
        Calibrate(layout, path,
            () => LayerQuantizer.CalibrationHistogram(data, layout, format, granularity, important, histogram));
        return StaticCode.FromHistogram(histogram);
    }

    /// <summary>Spec §3.8 on calibration activations: the symbols of all their records' codes, then the
    /// code.</summary>
    public static CanonicalCode CodeStaticCodeOf(float[] data, TensorLayout layout, QuantFormat format,
        ScaleGranularity granularity, bool[] important, string path)
    {
        var histogram = new long[CodeSymbols.AlphabetSize(format.Bits)];
        Calibrate(layout, path,
            () => LayerQuantizer.CodeCalibrationHistogram(data, layout, format, granularity, important, histogram));
        return StaticCode.ForCodes(histogram);
    }

    private static void Calibrate(TensorLayout layout, string path, Action histogram)
    {
        try
        {
            histogram();
        }
        catch (NonFiniteValueException e)
        {
            throw new InputException(
                $"{path}: element {Coordinates(layout, e.Index)} is {e.Value}; a static code is computed from "
                + $"finite values only");
        }
    }

    /// <summary>Runs a target on the layer, reporting a non-finite activation or records too long for the target's
    /// accelerator as problems of the input file.</summary>
    public static LayerQuantization Quantize(IAcceleratorTarget target, LayerInput input, string path)
    {
        try
        {
            return new LayerQuantizer(target)
                .Quantize(input.Data, input.Layout, input.Format, input.Granularity, input.Important, input.Name,
                    input.Coding, input.StaticCode, input.CodeStaticCode);
        }
        catch (NonFiniteValueException e)
        {
            throw new InputException(
                $"{path}: element {Coordinates(input.Layout, e.Index)} is {e.Value}; eDQA quantizes "
                + $"finite values only");
        }
        catch (RecordLengthException e)
        {
            throw new InputException($"{path}: {e.Message} (target {target.Name})");
        }
    }

    /// <summary>The job that quantizes the layer, as <see cref="Quantize"/> runs it (for --save-jobs).</summary>
    public static AcceleratorJob QuantizeJob(LayerInput input) =>
        LayerQuantizer.QuantizeJob(input.Data, input.Layout, input.Format, input.Granularity, input.Important,
            input.Name, out _, input.Coding, input.StaticCode, input.CodeStaticCode);

    /// <summary>The importance mask from exactly one of (--ratio with --rank) or --important.</summary>
    private static bool[] ImportantMask(double? ratio, string? rankPath, string? layerName, string? list, int channels)
    {
        if (list is not null)
        {
            if (ratio is not null || rankPath is not null)
            {
                throw new UsageException(
                    "--important lists the channels itself; it cannot be combined with --ratio or --rank");
            }

            return CommandLineHost.CheckUsage(() => ImportantChannels.FromIds(ParseIds(list), channels));
        }

        if (ratio is null || rankPath is null)
        {
            throw new UsageException(
                "choose the important channels: --ratio R with --rank RANK.json, or --important 0,3,7");
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
        long length = Math.Max(layout.RecordLength, 1);
        long record = flatIndex / length;
        return $"{flatIndex} (sample {record / layout.Channels}, channel {record % layout.Channels}, element "
            + $"{flatIndex % length})";
    }
}
