using System.CommandLine;
using System.Text.Json.Nodes;
using Edqa.Core.Analysis;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa verify</c>: runs one layer through every target and checks they agree bit for bit, on the quantized
/// layer (scales, importance, every record field) and on the de-quantized values, for both scale granularities
/// unless <c>--scale</c> names one (with one granularity a doubled de-quantizer step can pass: every direct code of
/// a layer-scale group may be 0). Prints "bit-exact" with counts, the reconstruction error and the cycles, or the
/// first difference with its coordinates and exits 1.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var layer = new LayerInputOptions();
        var targets = new Option<string>("--targets")
        {
            Description = "Comma-separated targets; the first is the reference (add board on a board)",
            DefaultValueFactory = _ =>
                string.Join(",", AcceleratorTargets.Reference, AcceleratorTargets.Simulation,
                        AcceleratorTargets.SimulationProcess),
        };
        var format = TableOutput.FormatOption();
        var units = TargetOption.Units();
        var lanes = TargetOption.Lanes();
        var failureDir = FailingRecord.DirectoryOption();
        var command = new Command("verify",
            "Check that every target quantizes and de-quantizes a layer bit-exactly alike (--units and --lanes "
            + "configure the simulation targets)");
        layer.AddTo(command);
        command.Options.Add(targets);
        command.Options.Add(format);
        command.Options.Add(units);
        command.Options.Add(lanes);
        command.Options.Add(failureDir);
        command.SetAction(result =>
        {
            LayerInput input = layer.Read(result);
            string[] names = result.GetValue(targets)!.Split(',',
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length < 2)
            {
                throw new UsageException("--targets: name at least two targets to compare");
            }

            bool scaleGiven = result.GetResult(layer.Scale) is { Implicit: false };
            ScaleGranularity[] granularities =
                scaleGiven ? [input.Granularity] : [ScaleGranularity.Layer, ScaleGranularity.Channel];
            VerifyReport report = Verify(input, names, granularities, result.GetValue(layer.Input)!,
                TargetOption.Configuration(result, units, lanes), result.GetValue(failureDir)!);
            TableFormat output = result.GetValue(format);
            if (output == TableFormat.Json)
            {
                Console.Write(TableOutput.Serialize(report.ToJson()));
            }
            else if (report.Difference is not null)
            {
                // csv and markdown: stdout holds the document only, so the finding goes to stderr.
                TextWriter finding = output == TableFormat.Text ? Console.Out : Console.Error;
                finding.WriteLine($"DIFFERENCE: {report.Difference}");
                if (report.FailingRecord is not null)
                {
                    finding.WriteLine(report.FailingRecord);
                }
            }
            else if (output == TableFormat.Text)
            {
                Console.WriteLine(report.Summary);
                Console.Write(report.Table.Render(output));
            }
            else
            {
                // Markdown holds prose as the table's note; CSV has no place for it: stderr.
                if (output == TableFormat.Markdown)
                {
                    report.Table.AddNote(report.Summary);
                }
                else
                {
                    Console.Error.WriteLine(report.Summary);
                }

                Console.Write(report.Table.Render(output));
            }

            return report.Difference is null ? ExitCodes.Success : ExitCodes.Mismatch;
        });
        return command;
    }

    /// <summary>What verify found: the first difference (or null), and per granularity and target the counts,
    /// the reconstruction error against the input and the cycles; with a difference, where its first failing record
    /// was kept (<see cref="Cli.FailingRecord"/>).</summary>
    public sealed record VerifyReport(Difference? Difference, string Summary, TableOutput Table,
        string? FailingRecord = null)
    {
        public JsonObject ToJson() => new()
        {
            ["bit_exact"] = Difference is null,
            ["difference"] = Difference?.ToString(),
            ["failing_record"] = FailingRecord,
            ["notes"] = Notes(),
            ["checks"] = Table.ToJson()["rows"]!.DeepClone(),
        };

        /// <summary>The table's notes and, when bit-exact, the summary line first.</summary>
        private JsonArray Notes()
        {
            var notes = (JsonArray)Table.ToJson()["notes"]!.DeepClone();
            if (Summary.Length > 0)
            {
                notes.Insert(0, Summary);
            }

            return notes;
        }
    }

    /// <summary>Runs the layer through the targets in order, at each granularity; stops at the first
    /// difference.</summary>
    /// <param name="configuration">The units and lanes of the simulation targets (the others have none).</param>
    /// <param name="failureDirectory">Where a difference leaves its first failing record and waveform.</param>
    public static VerifyReport Verify(LayerInput input, IReadOnlyList<string> names,
        IReadOnlyList<ScaleGranularity> granularities, string path,
        AcceleratorConfiguration? configuration = null, string failureDirectory = ".")
    {
        var table = new TableOutput($"verify {input.Name}: every target against {names[0]}",
        [
            new("scale", "scale"), new("target", "target"), new("records", "records"), new("elements", "elements"),
            new("record_words", "record words"),
            new("max_abs_error", "max |x - x^|", "G4"), new("mse", "MSE", "G4"), new("snr_db", "SNR dB", "0.00"),
            new("quantize_cycles", "quantize cycles"), new("dequantize_cycles", "de-quantize cycles"),
        ]);
        var opened = new List<IAcceleratorTarget>();
        try
        {
            opened.AddRange(names.Select(name =>
                TargetOption.Open(name,
                        configuration: name is AcceleratorTargets.Simulation or AcceleratorTargets.SimulationProcess
                        ? configuration
                        : null)));
            IAcceleratorTarget first = opened[0];
            foreach (ScaleGranularity granularity in granularities)
            {
                LayerInput layerCase = input with { Granularity = granularity };
                string scale = granularity.ToString().ToLowerInvariant();
                LayerQuantization expected = LayerInputOptions.Quantize(first, layerCase, path);
                LayerDequantization expectedValues = new LayerQuantizer(first).Dequantize(expected.Layer, input.Name);
                var reconstruction = Reconstruction.Of(input.Data, expectedValues.Values);
                long words = expected.Layer.Records.Sum(r => (long)r.Length);
                foreach (IAcceleratorTarget target in opened.Skip(1))
                {
                    LayerQuantization actual = LayerInputOptions.Quantize(target, layerCase, path);
                    Difference? difference = LayerComparison.Compare(expected.Layer, actual.Layer, first.Name,
                        target.Name, $"{input.Name} ({scale} scale)");
                    LayerDequantization values = new LayerQuantizer(target).Dequantize(expected.Layer, input.Name);
                    difference ??= LayerComparison.CompareValues(expectedValues.Values, values.Values, input.Layout,
                        first.Name, target.Name, $"{input.Name} ({scale} scale)");
                    if (difference is not null)
                    {
                        // The record is found on the accelerator's jobs, against the golden model.
                        AcceleratorJob[] jobs =
                            [LayerInputOptions.QuantizeJob(layerCase), LayerQuantizer.DequantizeJob(expected.Layer,
                                input.Name)];
                        string? kept = (FailingRecord.Locate(jobs, target) ?? FailingRecord.Locate(jobs, first))
                            is ResultDifference located
                            ? FailingRecord.Keep(failureDirectory, jobs, located, configuration)
                            : null;
                        return new VerifyReport(difference, string.Empty, table, kept);
                    }

                    table.AddRow(scale, TargetOption.Label(target), input.Layout.RecordCount, input.Layout.ElementCount,
                        words,
                        reconstruction.MaxAbsError, reconstruction.MeanSquaredError, reconstruction.SnrDecibels,
                        actual.Cycles?.Aggregate(0UL, (s, c) => s + c.Total),
                        values.Cycles?.Aggregate(0UL, (s, c) => s + c.Total));
                }
            }

            table.AddNote(
                $"Reconstruction: {names[0]}'s de-quantized values against the input. Cycles: the accelerator's "
                + $"counters summed over the records (modeled, {CycleSummary.ClockMHz} MHz).");
            string summary = $"bit-exact: {string.Join(", ", names)} agree on layer {input.Name} at "
                + $"{string.Join(" and ", granularities.Select(g => g.ToString().ToLowerInvariant()))} scale: " +
                $"{input.Layout.RecordCount} records, {input.Layout.ElementCount} elements and as many "
                + $"de-quantized values each";
            return new VerifyReport(null, summary, table);
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
