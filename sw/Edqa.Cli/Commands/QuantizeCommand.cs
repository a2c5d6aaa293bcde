using System.CommandLine;
using Edqa.Core.Analysis;
using Edqa.Core.Channel;
using Edqa.Core.Container;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa quantize</c>: a float32 .npy layer to an .edqa file (Algorithm 1), on any target.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var layer = new LayerInputOptions();
        var accelerators = new AcceleratorOptions();
        var output = new Option<string>("--output", "-o") { Description = "The .edqa file to write", Required = true };
        var command = new Command("quantize", "Quantize a layer's activations (eDQA Algorithm 1) into an .edqa file");
        layer.AddTo(command);
        command.Options.Add(output);
        accelerators.AddTo(command);
        command.SetAction(result =>
        {
            string outputPath = CommandLineHost.OutputPath(result.GetValue(output), "--output");
            LayerInput input = layer.Read(result);
            using IAcceleratorTarget accelerator = accelerators.Open(result);
            accelerators.SaveIfAsked(result, () => LayerInputOptions.QuantizeJob(input));

            LayerQuantization run = LayerInputOptions.Quantize(accelerator, input, result.GetValue(layer.Input)!);
            EdqaFile.Write(outputPath, run.Layer);
            var footprint = LayerFootprint.Of(run.Layer, ChannelCodec.Optimized);
            Console.WriteLine(
                $"wrote {outputPath}: shape {input.Layout}, {input.Format}, "
                + $"{input.Important.Count(x => x)}/{input.Layout.Channels} channels important, scale per "
                + $"{input.Granularity.ToString().ToLowerInvariant()}; " +
                $"{footprint.FileBytes} bytes, {footprint.BitsPerActivation(footprint.EdqaBits):F3} bits/activation " +
                $"(direct {footprint.BitsPerActivation(footprint.DirectBits):F3}, N+m "
                + $"{footprint.BitsPerActivation(footprint.WideBits):F3})");
            Console.WriteLine(Reconstruction.Of(input.Data, LayerQuantizer.Optimized.Dequantize(run.Layer).Values));
            if (input.Format.IsUnsigned)
            {
                Console.WriteLine($"unsigned grid: {run.ClampedNegatives} negative inputs clamped to 0 (spec §2.3)");
            }

            CycleSummary.Print(accelerator.Name, run.Cycles, input.Important, input.Layout.Channels);
            return ExitCodes.Success;
        });
        return command;
    }
}
