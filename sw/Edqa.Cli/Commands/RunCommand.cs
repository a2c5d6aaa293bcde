using System.CommandLine;
using Edqa.Core.Analysis;
using Edqa.Core.Channel;
using Edqa.Core.Container;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa run</c>, the main job (<c>make run</c>): quantizes a layer through the golden model and the optimized
/// path, proves the two bit-exact through the .edqa container, and prints what eDQA costs and saves.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var bits = new Option<int>("--bits", "-n") { Description = "N, target bits", DefaultValueFactory = _ => 3 };
        var extraBits = new Option<int>("--extra-bits", "-m") { Description = "m, extra bits", DefaultValueFactory = _ => 3 };
        var ratio = new Option<double>("--ratio", "-r") { Description = "r, fraction of important channels", DefaultValueFactory = _ => 0.4 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated layer", DefaultValueFactory = _ => 1 };
        var command = new Command("run", "The main job: quantize a layer with eDQA, check bit-exactness, report sizes") { bits, extraBits, ratio, seed };
        command.SetAction(result =>
        {
            QuantFormat format = CommandLineHost.CheckUsage(() => new QuantFormat(result.GetValue(bits), result.GetValue(extraBits)));
            double r = result.GetValue(ratio);
            TensorLayout layout = TensorLayout.Create([8, 16, 14, 14], 1);
            float[] data = SyntheticActivations(layout, result.GetValue(seed));
            bool[] important = CommandLineHost.CheckUsage(() => ImportantChannels.FromRanking(Enumerable.Range(0, layout.Channels).ToArray(), layout.Channels, r));

            Console.WriteLine($"layer: synthetic post-ReLU activations {layout} (seed {result.GetValue(seed)}), {format}, r = {r}");
            byte[] golden = EdqaFile.ToBytes(new LayerQuantizer(ChannelCodec.Reference).Quantize(data, layout, format, ScaleGranularity.Layer, important));
            byte[] optimized = EdqaFile.ToBytes(LayerQuantizer.Default.Quantize(data, layout, format, ScaleGranularity.Layer, important));
            if (!golden.AsSpan().SequenceEqual(optimized))
            {
                Console.Error.WriteLine("edqa: the optimized path differs from the golden model");
                return ExitCodes.Mismatch;
            }

            QuantizedLayer layer = EdqaFile.Read(optimized);
            var footprint = LayerFootprint.Of(layer, LayerQuantizer.Default.Codec);
            Console.WriteLine($"bit-exact: golden model = optimized path ({golden.Length} bytes, {layout.RecordCount} records)");
            Console.WriteLine($"bytes: direct {footprint.DirectBits / 8}, eDQA {footprint.EdqaBits / 8}, N+m {footprint.WideBits / 8}; error compression {footprint.ErrorCompressionRatio:F3} (entropy bound {footprint.RawErrorBits / Math.Max(footprint.EntropyBoundBits, 1):F3})");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Half zeros, the rest exponential with a per-channel scale: the shape of ReLU outputs.</summary>
    private static float[] SyntheticActivations(TensorLayout layout, int seed)
    {
        var random = new Random(seed);
        var data = new float[layout.ElementCount];
        for (int record = 0; record < layout.RecordCount; record++)
        {
            float channelScale = 0.25f + layout.ChannelOf(record);
            for (int i = 0; i < layout.RecordLength; i++)
            {
                data[(record * layout.RecordLength) + i] = random.NextDouble() < 0.5 ? 0f : channelScale * (float)-Math.Log(1 - random.NextDouble());
            }
        }

        return data;
    }
}
