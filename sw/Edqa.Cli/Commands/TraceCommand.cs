using System.CommandLine;
using System.Text.Json.Nodes;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Experiments;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using Edqa.Nn.Training;
using ScottPlot;
using static TorchSharp.torch;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa trace</c>, hls4ml's trace for eDQA: per quantization point of the network, the float32 network's
/// activation against the de-quantized one of the quantized network (max error, MSE, SNR), the point's own
/// quantization error (its input against its output), the share of values its grid clips, and the same per
/// important channel; as a table, a document and a figure.
/// </summary>
public static class TraceCommand
{
    public static Command Create()
    {
        Option<string> model = NetworkInputs.ModelOption();
        Option<string> rank = NetworkInputs.RankOption();
        SettingOptions setting = SettingOptions.Create();
        Option<ScaleGranularity> scale = NetworkInputs.ScaleOption();
        var method = new Option<TraceMethod>("--method")
        {
            Description = "edqa (important channels at N+m) or direct (every channel at N)",
            DefaultValueFactory = _ => TraceMethod.Edqa,
            CustomParser = EnumOption.Parse<TraceMethod>,
        };
        var testImages = new Option<int>("--test-images")
        {
            Description = $"Test images, from the first, in batches of {Evaluation.BatchSize} (each batch its own "
                + "scales, as in eval)",
            DefaultValueFactory = _ => Evaluation.BatchSize
        };
        var plot = new Option<string?>("--plot") { Description = "Also draw the SNR per point as this PNG" };
        var format = TableOutput.FormatOption();
        var grid = new GridOptions(calibration: false);
        var command = new Command("trace",
            "Per quantization point: the float32 network against the de-quantized activations (max error, MSE, SNR, "
            + "clipped values), and per important channel")
        {
            model, rank, setting.Bits, setting.ExtraBits, setting.Ratio, scale, method, testImages, plot, format,
        };
        grid.AddTo(command);
        command.SetAction(result =>
        {
            (QuantFormat quantFormat, double r) = setting.Read(result);
            GridSetting gridSetting = grid.Read(result);
            int count = result.GetValue(testImages);
            if (count is < 1 or > 10000)
            {
                throw new UsageException("--test-images must be in [1, 10000]");
            }

            string? plotPath = result.GetValue(plot);
            if (plotPath is not null)
            {
                CommandLineHost.OutputInExistingFolder(plotPath, "--plot");
            }

            Torch.Initialize();
            string checkpoint = result.GetValue(model)!;
            TraceMethod chosen = result.GetValue(method);
            // Direct quantizes every channel alike: no ranking is read (nor one of another network refused).
            string? rankPath = chosen == TraceMethod.Direct ? null : result.GetValue(rank)!;
            QuantizableModel network;
            ChannelMode[][] modes;
            if (rankPath is null)
            {
                network = NetworkInputs.LoadModel(checkpoint);
                modes = Methods.EdqaModes(network, null, 0);
            }
            else
            {
                (network, RankFile ranking) = NetworkInputs.LoadModelAndRank(checkpoint, rankPath);
                modes = CommandLineHost.LoadInput(rankPath, () => Methods.EdqaModes(network, ranking, r));
            }

            ScaleGranularity granularity = result.GetValue(scale);
            FashionMnist test = NetworkInputs.LoadData(train: false);
            count = Math.Min(count, test.Count);
            QuantFormat[] formats = EdqaTensorQuantizer.PointFormats(network.ActivationPoints, quantFormat,
                gridSetting.Choice);
            PointTrace[] traces = Trace(network, test, count,
                new EdqaTensorQuantizer(quantFormat, granularity, modes, pointFormats: formats), modes);

            (Column Column, object? Value)[] parameters =
            [
                (new("model", "model"), checkpoint), (new("rank", "rank"), rankPath),
                (new("method", "method"), EnumOption.Kebab(chosen.ToString())), (new("bits", "N"), quantFormat.Bits),
                (new("extra_bits", "m"), chosen == TraceMethod.Direct ? null : quantFormat.ExtraBits),
                (new("ratio", "r"), chosen == TraceMethod.Direct ? null : r),
                (new("scale", "scale"), granularity.ToString().ToLowerInvariant()),
                (new("grid", "grid"), gridSetting.Label), (new("test_images", "test images"), count),
            ];
            (TableOutput points, TableOutput channels) = Tables(traces);
            if (plotPath is not null)
            {
                string setting = chosen == TraceMethod.Direct
                    ? $"Direct N={quantFormat.Bits}"
                    : $"eDQA {quantFormat}, r = {r}";
                Draw(traces, setting, plotPath);
                Console.Error.WriteLine($"wrote {plotPath}");
            }

            TableFormat output = result.GetValue(format);
            if (output == TableFormat.Json)
            {
                JsonObject json = TableOutput.Document(parameters);
                json["points"] = points.ToJson();
                json["channels"] = channels.ToJson();
                Console.Write(TableOutput.Serialize(json));
                return ExitCodes.Success;
            }

            if (output == TableFormat.Text)
            {
                Console.WriteLine(
                    $"model {checkpoint} ({network.Architecture}), "
                    + (rankPath is null ? "" : $"rank {rankPath}, ") + $"{chosen.ToString().ToLower()} "
                    + $"{(chosen == TraceMethod.Direct ? $"N={quantFormat.Bits}" : $"{quantFormat}, r = {r}")}, "
                    + $"scales per {granularity.ToString().ToLowerInvariant()}, first {count} test images");
            }
            else
            {
                points.AddFields(parameters);
                channels.AddFields(parameters);
            }

            Console.Write(TableOutput.RenderAll([("points", points), ("channels", channels)], output));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What trace quantizes with: eDQA at N and m, or Direct at N.</summary>
    public enum TraceMethod
    {
        Edqa,
        Direct,
    }

    /// <summary>Sums of one channel of one point over the traced images: against the float32 network (signal,
    /// noise, the largest error) and against the point's own input (its own signal and noise), and the values
    /// its grid clipped.</summary>
    private sealed class ChannelSums
    {
        public double Signal;
        public double Noise;
        public double MaxError;
        public double OwnSignal;
        public double OwnNoise;
        public long Clipped;
        public long Count;

        public void Add(ChannelSums other)
        {
            Signal += other.Signal;
            Noise += other.Noise;
            MaxError = Math.Max(MaxError, other.MaxError);
            OwnSignal += other.OwnSignal;
            OwnNoise += other.OwnNoise;
            Clipped += other.Clipped;
            Count += other.Count;
        }
    }

    private sealed record PointTrace(string Name, bool[] Important, ChannelSums[] Channels)
    {
        public ChannelSums Total => Channels.Aggregate(new ChannelSums(), (sum, c) =>
        {
            sum.Add(c);
            return sum;
        });
    }

    /// <summary>Runs the images through the float32 network and the quantized one, batch by batch, and sums each
    /// point's errors per channel.</summary>
    private static PointTrace[] Trace(QuantizableModel network, FashionMnist test, int count,
        EdqaTensorQuantizer quantizer, ChannelMode[][] modes)
    {
        PointTrace[] traces = network.ActivationPoints.Select(p => new PointTrace(p.Name,
            Methods.ImportantMask(modes[p.Index]),
            Enumerable.Range(0, p.Channels).Select(_ => new ChannelSums()).ToArray())).ToArray();
        int batches = (count + Evaluation.BatchSize - 1) / Evaluation.BatchSize;
        ProgressDisplay.Run($"tracing {count} test images through the float32 and the quantized network", batches,
            progress =>
            {
                for (int start = 0; start < count; start += Evaluation.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    (Tensor images, _) = test.Batch(start, Math.Min(Evaluation.BatchSize, count - start));
                    (_, IReadOnlyList<CapturedActivation> reference) = CapturingQuantizer.Run(network, images, null);
                    (_, IReadOnlyList<CapturedActivation> quantized) =
                        CapturingQuantizer.Run(network, images, quantizer);
                    for (int p = 0; p < traces.Length; p++)
                    {
                        CapturedActivation point = quantized[p];
                        long[] clipped = EdqaTensorQuantizer.ClippedPerChannel(
                            tensor(point.Data, point.Shape), modes[p], quantizer.FormatOf(p),
                            quantizer.Granularity);
                        Accumulate(traces[p].Channels, reference[p].Data, point, clipped);
                    }

                    progress.Advance();
                }
            });
        return traces;
    }

    private static void Accumulate(ChannelSums[] channels, float[] reference, CapturedActivation point,
        long[] clipped)
    {
        int perChannel = (int)point.Shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        float[] input = point.Data;
        float[] output = point.Output!;
        // NCHW: each run of perChannel elements is one sample's channel.
        for (int block = 0; block * perChannel < input.Length; block++)
        {
            ChannelSums sums = channels[block % channels.Length];
            for (int i = block * perChannel; i < (block + 1) * perChannel; i++)
            {
                double error = (double)reference[i] - output[i];
                double own = (double)input[i] - output[i];
                sums.Signal += (double)reference[i] * reference[i];
                sums.Noise += error * error;
                sums.MaxError = Math.Max(sums.MaxError, Math.Abs(error));
                sums.OwnSignal += (double)input[i] * input[i];
                sums.OwnNoise += own * own;
            }

            sums.Count += perChannel;
        }

        for (int c = 0; c < channels.Length; c++)
        {
            channels[c].Clipped += clipped[c];
        }
    }

    /// <summary>10 log10(signal / noise); null where there is no noise (or no signal) to compare.</summary>
    private static double? Snr(double signal, double noise) =>
        noise > 0 && signal > 0 ? 10 * Math.Log10(signal / noise) : null;

    private static (TableOutput Points, TableOutput Channels) Tables(PointTrace[] traces)
    {
        Column[] metrics =
        [
            new("max_abs_error", "max |x - x^|", "0.0000"), new("mse", "MSE", "0.000e0"),
            new("snr_db", "SNR dB", "0.00"), new("own_snr_db", "own SNR dB", "0.00"),
            new("clipped_percent", "clipped %", "0.000"),
        ];
        var points = new TableOutput("per quantization point: float32 network vs de-quantized",
            [new("point", "point"), new("channels", "channels"), new("important", "important"), .. metrics]);
        var channels = new TableOutput("per important channel",
            [new("point", "point"), new("channel", "channel"), .. metrics])
        {
            KeyColumns = 2,
        };
        foreach (PointTrace trace in traces)
        {
            points.AddRow([trace.Name, trace.Channels.Length, trace.Important.Count(i => i), .. Metrics(trace.Total)]);
            for (int c = 0; c < trace.Channels.Length; c++)
            {
                if (trace.Important[c])
                {
                    channels.AddRow([trace.Name, c, .. Metrics(trace.Channels[c])]);
                }
            }
        }

        points.AddNote(
            "x: the float32 network's activation at the point; x^: the quantized network's de-quantized one (the "
            + "error of this point and of every point before it). own SNR: this point's quantizer alone, its input "
            + "against its output. clipped: values whose code lies outside the grid (spec 2.3), clamped.");
        channels.AddNote("The important channels (N+m bits) of each point, in channel order; none under --method "
            + "direct or r = 0.");
        return (points, channels);
    }

    private static object?[] Metrics(ChannelSums sums) =>
    [
        sums.MaxError, sums.Noise / sums.Count, Snr(sums.Signal, sums.Noise), Snr(sums.OwnSignal, sums.OwnNoise),
        100.0 * sums.Clipped / sums.Count,
    ];

    /// <summary>The figure: SNR per point against the float32 network and of the point alone (bars), and each
    /// important channel's SNR (dots).</summary>
    private static void Draw(PointTrace[] traces, string setting, string path)
    {
        var plot = new Plot();
        (string Name, Func<ChannelSums, double?> Snr, Color Color)[] series =
        [
            ("vs float32 network", s => Snr(s.Signal, s.Noise), Colors.SteelBlue),
            ("this point alone", s => Snr(s.OwnSignal, s.OwnNoise), Colors.Orange),
        ];
        const int Stride = 3;
        for (int s = 0; s < series.Length; s++)
        {
            var bars = traces.Select((trace, i) => new Bar
            {
                Position = (i * Stride) + s,
                Value = series[s].Snr(trace.Total) ?? 0,
                FillColor = series[s].Color,
            }).ToList();
            plot.Add.Bars(bars).LegendText = $"point SNR, {series[s].Name}";
        }

        for (int s = 0; s < series.Length; s++)
        {
            // Each important channel a dot over its point's bar: how far the channels kept at N+m stand above it.
            double[] xs = traces.SelectMany((trace, i) => trace.Channels.Where((_, c) => trace.Important[c])
                .Select(_ => (double)((i * Stride) + s))).ToArray();
            double[] ys = traces.SelectMany(trace => trace.Channels.Where((_, c) => trace.Important[c])
                .Select(c => series[s].Snr(c) ?? 0)).ToArray();
            if (xs.Length > 0)
            {
                var dots = plot.Add.Markers(xs, ys);
                dots.Color = Colors.Black.WithAlpha(0.6);
                dots.MarkerShape = MarkerShape.OpenCircle;
                dots.MarkerSize = 6;
                dots.LegendText = s == 0 ? "important channels (N+m bits)" : string.Empty;
            }
        }

        plot.Axes.Bottom.SetTicks(traces.Select((_, i) => (i * Stride) + 0.5).ToArray(),
            traces.Select(t => t.Name).ToArray());
        double top = traces.SelectMany(t => t.Channels.Append(t.Total))
            .Select(c => Math.Max(Snr(c.Signal, c.Noise) ?? 0, Snr(c.OwnSignal, c.OwnNoise) ?? 0)).Max();
        plot.Axes.SetLimitsY(0, Math.Max(top, 1) * 1.15);
        plot.YLabel("SNR, dB (higher is closer to float32)");
        plot.Title($"Activation SNR per quantization point, {setting}");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(CommandLineHost.OutputPath(path, "--plot"), 900, 520);
    }
}
