using System.CommandLine;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa golden-vectors</c>: writes the golden vectors (<see cref="GoldenVectors"/>). Regenerate with
/// <c>build/bin/edqa golden-vectors --output tests/vectors</c> and commit the result.
/// </summary>
public static class GoldenVectorsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = $"Directory to write {GoldenVectors.JobsFile}, {GoldenVectors.ResultsFile}, layer.npy, "
                + "layer.edqa and layer.dequantized.npy into",
            Required = true,
        };
        var real = new Option<string>("--real")
        {
            Description = "Directory of captured real activations (edqa capture) to take channels from",
            DefaultValueFactory = _ => ShippedFile.Default("tests/vectors/real"),
        };
        var command =
            new Command("golden-vectors", "Write the golden vectors for the SystemC testbench (tests/vectors)")
        {
            output, real,
        };
        command.SetAction(result =>
        {
            string directory = result.GetValue(output)!;
            GoldenVectors.Summary written = GoldenVectors.Write(directory,
                ShippedFile.Require(result.GetValue(real)!, "directory of real activations"));
            Console.WriteLine($"wrote {written.Jobs} jobs ({written.ChannelCases} channel cases, NoisyQuant channels, "
                + $"damaged records) to {Path.Combine(directory, GoldenVectors.JobsFile)} with the golden model's "
                + $"{GoldenVectors.ResultsFile}, and layer.npy / layer.edqa");
            return ExitCodes.Success;
        });
        return command;
    }
}
