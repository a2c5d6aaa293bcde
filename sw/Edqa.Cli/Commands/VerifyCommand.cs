using System.CommandLine;
using Edqa.Core.Analysis;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa verify</c>: runs one layer through every target and checks they agree bit for bit, on the quantized
/// layer (scales, importance, every record field) and on the de-quantized values. Prints "bit-exact" with counts,
/// or the first difference with its coordinates and exits 1.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var layer = new LayerInputOptions();
        var targets = new Option<string>("--targets")
        {
            Description = "Comma-separated targets; the first is the reference (add board on a board)",
            DefaultValueFactory = _ => string.Join(",", AcceleratorTargets.Reference, AcceleratorTargets.Simulation, AcceleratorTargets.SimulationProcess),
        };
        var command = new Command("verify", "Check that every target quantizes and de-quantizes a layer bit-exactly alike");
        layer.AddTo(command);
        command.Options.Add(targets);
        command.SetAction(result =>
        {
            LayerInput input = layer.Read(result);
            string[] names = result.GetValue(targets)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length < 2)
            {
                throw new UsageException("--targets: name at least two targets to compare");
            }

            Difference? difference = Verify(input, names, result.GetValue(layer.Input)!, out string summary);
            if (difference is not null)
            {
                Console.WriteLine($"DIFFERENCE: {difference}");
                return ExitCodes.Mismatch;
            }

            Console.WriteLine(summary);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Runs the layer through the targets in order; null when all agree with the first.</summary>
    public static Difference? Verify(LayerInput input, IReadOnlyList<string> names, string path, out string summary)
    {
        var opened = new List<IAcceleratorTarget>();
        try
        {
            opened.AddRange(names.Select(TargetOption.Open));
            IAcceleratorTarget first = opened[0];
            TargetQuantization expected = LayerInputOptions.Quantize(first, input, path);
            TargetDequantization expectedValues = first.Dequantize(expected.Layer);
            var lines = new List<string>();
            foreach (IAcceleratorTarget target in opened.Skip(1))
            {
                TargetQuantization actual = LayerInputOptions.Quantize(target, input, path);
                Difference? difference = LayerComparison.Compare(expected.Layer, actual.Layer, first.Name, target.Name, input.Name);
                if (difference is not null)
                {
                    summary = string.Empty;
                    return difference;
                }

                TargetDequantization values = target.Dequantize(expected.Layer);
                difference = LayerComparison.CompareValues(expectedValues.Values, values.Values, input.Layout, first.Name, target.Name, input.Name);
                if (difference is not null)
                {
                    summary = string.Empty;
                    return difference;
                }

                if (actual.Cycles is not null && values.Cycles is not null)
                {
                    ulong quantize = actual.Cycles.Aggregate(0UL, (s, c) => s + c.Total);
                    ulong dequantize = values.Cycles.Aggregate(0UL, (s, c) => s + c.Total);
                    lines.Add($"  {target.Name}: {quantize} cycles to quantize, {dequantize} to de-quantize (modeled, {CycleSummary.ClockMHz} MHz)");
                }
            }

            long words = expected.Layer.Records.Sum(r => (long)r.Length);
            summary = $"bit-exact: {string.Join(", ", names)} agree on layer {input.Name}: {input.Layout.RecordCount} records, " +
                $"{input.Layout.ElementCount} elements, {words} record words, {input.Layout.ElementCount} de-quantized values" +
                (lines.Count > 0 ? Environment.NewLine + string.Join(Environment.NewLine, lines) : string.Empty);
            return null;
        }
        finally
        {
            foreach (IAcceleratorTarget target in opened)
            {
                target.Dispose();
            }
        }
    }
}
