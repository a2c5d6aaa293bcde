using System.CommandLine;
using Edqa.Core.Container;
using Edqa.Core.Io;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa dequantize</c>: an .edqa file back to float32 .npy (Algorithm 2), on any target.</summary>
public static class DequantizeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "The .edqa file to read", Required = true };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The float32 .npy file to write",
            Required = true
        };
        var accelerators = new AcceleratorOptions();
        var command = new Command("dequantize", "De-quantize an .edqa file (eDQA Algorithm 2) into float32 .npy")
        {
            input, output
        };
        accelerators.AddTo(command);
        command.SetAction(result =>
        {
            string outputPath = CommandLineHost.OutputPath(result.GetValue(output), "--output");
            string inputPath = result.GetValue(input)!;
            QuantizedLayer layer = CommandLineHost.LoadInput(inputPath, () => EdqaFile.Read(inputPath));
            using IAcceleratorTarget accelerator = accelerators.Open(result);
            string name = Path.GetFileNameWithoutExtension(inputPath);
            accelerators.SaveIfAsked(result, () => LayerQuantizer.DequantizeJob(layer, name));

            LayerDequantization run = CommandLineHost.LoadInput(inputPath, () =>
            {
                try
                {
                    return new LayerQuantizer(accelerator).Dequantize(layer, name);
                }
                catch (RecordLengthException e)
                {
                    throw new InputException($"{inputPath}: {e.Message} (target {accelerator.Name})");
                }
            });
            NpyFile.Write(outputPath, new NpyArray(layer.Layout.Shape.Select(d => (long)d).ToArray(), run.Values));
            Console.WriteLine($"wrote {outputPath}: shape {layer.Layout}, {run.Values.Length} float32 values");
            CycleSummary.Print(accelerator.Name, run.Cycles, layer.Important, layer.Layout.Channels);
            return ExitCodes.Success;
        });
        return command;
    }
}
