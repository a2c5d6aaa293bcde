using System.CommandLine;
using Edqa.Core.Analysis;
using Edqa.Core.Container;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa quantize</c>: a float32 .npy layer to an .edqa file (Algorithm 1), on any target.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var layer = new LayerInputOptions();
        var target = TargetOption.Create();
        var output = new Option<string>("--output", "-o") { Description = "The .edqa file to write", Required = true };
        var command = new Command("quantize", "Quantize a layer's activations (eDQA Algorithm 1) into an .edqa file");
        layer.AddTo(command);
        command.Options.Add(target);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            LayerInput input = layer.Read(result);
            using IAcceleratorTarget accelerator = TargetOption.Open(result.GetValue(target)!);
            TargetQuantization run = LayerInputOptions.Quantize(accelerator, input, result.GetValue(layer.Input)!);
            string outputPath = result.GetValue(output)!;
            EdqaFile.Write(outputPath, run.Layer);
            var footprint = LayerFootprint.Of(run.Layer, Core.Layer.LayerQuantizer.Default.Codec);
            Console.WriteLine(
                $"wrote {outputPath}: shape {input.Layout}, {input.Format}, {input.Important.Count(x => x)}/{input.Layout.Channels} channels important, scale per {input.Granularity.ToString().ToLowerInvariant()}; " +
                $"{footprint.FileBytes} bytes, {footprint.BitsPerActivation(footprint.EdqaBits):F3} bits/activation " +
                $"(direct {footprint.BitsPerActivation(footprint.DirectBits):F3}, N+m {footprint.BitsPerActivation(footprint.WideBits):F3})");
            CycleSummary.Print(accelerator.Name, run.Cycles, input.Important, input.Layout.Channels);
            return ExitCodes.Success;
        });
        return command;
    }
}
