using System.CommandLine;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Core.Ranking;
using Edqa.Nn.Data;
using Edqa.Nn.Experiments;
using Edqa.Nn.Models;
using Edqa.Nn.Quantization;
using static TorchSharp.torch;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa capture</c>: writes the real activations of test images at every quantization point, as each point's
/// quantizer receives them during eDQA inference, one .npy per point ([B, C, H, W]), for <c>edqa quantize</c>,
/// <c>edqa verify</c>, the board and the golden vectors.
/// </summary>
public static class CaptureCommand
{
    public static Command Create()
    {
        Option<string> model = NetworkInputs.ModelOption();
        Option<string> rank = NetworkInputs.RankOption();
        var images = new Option<int>("--images")
        {
            Description = "Test images, from the first",
            DefaultValueFactory = _ => 1
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Directory for <point>.npy files",
            Required = true
        };
        // The layers upstream of a point run eDQA at these settings: its activations depend on them.
        SettingOptions setting = SettingOptions.Create("N the upstream layers quantize at",
            "m of the upstream layers' important channels", "r, the upstream layers' fraction of important channels");
        Option<ScaleGranularity> scale = NetworkInputs.ScaleOption();
        var command = new Command("capture",
            "Write the real activations of test images at every quantization point (.npy per point), as eDQA "
            + "inference at N, m, r gives them")
        {
            model, rank, images, output, setting.Bits, setting.ExtraBits, setting.Ratio, scale,
        };
        command.SetAction(result =>
        {
            int count = result.GetValue(images);
            if (count is < 1 or > 10000)
            {
                throw new UsageException("--images must be in [1, 10000]");
            }

            (Core.Quantization.QuantFormat format, double r) = setting.Read(result);

            Torch.Initialize();
            string checkpoint = result.GetValue(model)!;
            string rankPath = result.GetValue(rank)!;
            (QuantizableModel network, RankFile ranking) = NetworkInputs.LoadModelAndRank(checkpoint, rankPath);
            ScaleGranularity granularity = result.GetValue(scale);
            var quantizer = new EdqaTensorQuantizer(format, granularity, CommandLineHost.LoadInput(rankPath,
                () => Methods.EdqaModes(network, ranking, r)));
            Console.WriteLine(
                $"activations as each point receives them when every layer before it runs eDQA at {format}, r = {r}, "
                + $"scales per {granularity.ToString().ToLowerInvariant()} ({count} test images)");
            FashionMnist test = NetworkInputs.LoadData(train: false);
            (Tensor batch, _) = test.Batch(0, count);
            (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(network, batch, quantizer);
            string directory = result.GetValue(output)!;
            Directory.CreateDirectory(directory);
            foreach (CapturedActivation activation in captured)
            {
                string path = Path.Combine(directory, $"{activation.Point.Name}.npy");
                NpyFile.Write(path, new NpyArray(activation.Shape, activation.Data));
                Console.WriteLine($"wrote {path}: {string.Join(" x ", activation.Shape)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
