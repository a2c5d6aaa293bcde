using System.CommandLine;
using Edqa.Cli.Commands;

namespace Edqa.Cli;

/// <summary>The <c>edqa</c> command tree.</summary>
public static class EdqaCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "eDQA co-design: quantize activations as docs/spec.md says, inspect .edqa files, drive the "
            + "accelerator model.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(DequantizeCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(LatencyCommand.Create());
        root.Subcommands.Add(DseCommand.Create());
        root.Subcommands.Add(TuneCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(RankCommand.Create());
        root.Subcommands.Add(RankCommand.CreateBenchmark());
        root.Subcommands.Add(ExperimentCommands.Eval());
        root.Subcommands.Add(ExperimentCommands.Sweep());
        root.Subcommands.Add(ExperimentCommands.Merge());
        root.Subcommands.Add(ExperimentCommands.Errors());
        root.Subcommands.Add(ExperimentCommands.Thresholds());
        root.Subcommands.Add(ExperimentCommands.Memory());
        root.Subcommands.Add(ExperimentCommands.Report());
        root.Subcommands.Add(CaptureCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(BoardCommand.Create());
        root.Subcommands.Add(HlsCommand.Create());
        root.Subcommands.Add(HwCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(GoldenVectorsCommand.Create());
        return root;
    }
}
