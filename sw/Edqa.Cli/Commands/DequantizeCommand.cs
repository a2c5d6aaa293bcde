using System.CommandLine;
using Edqa.Core.Container;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary><c>edqa dequantize</c>: an .edqa file back to float32 .npy (Algorithm 2), on any target.</summary>
public static class DequantizeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "The .edqa file to read", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The float32 .npy file to write", Required = true };
        var target = TargetOption.Create();
        var command = new Command("dequantize", "De-quantize an .edqa file (eDQA Algorithm 2) into float32 .npy") { input, output, target };
        command.SetAction(result =>
        {
            string inputPath = result.GetValue(input)!;
            QuantizedLayer layer = CommandLineHost.LoadInput(inputPath, () => EdqaFile.Read(inputPath));
            using IAcceleratorTarget accelerator = TargetOption.Open(result.GetValue(target)!);
            TargetDequantization run = CommandLineHost.LoadInput(inputPath, () => accelerator.Dequantize(layer));
            string outputPath = result.GetValue(output)!;
            NpyFile.Write(outputPath, new NpyArray(layer.Layout.Shape.Select(d => (long)d).ToArray(), run.Values));
            Console.WriteLine($"wrote {outputPath}: shape {layer.Layout}, {run.Values.Length} float32 values");
            CycleSummary.Print(accelerator.Name, run.Cycles, layer.Important, layer.Layout.Channels);
            return ExitCodes.Success;
        });
        return command;
    }
}
