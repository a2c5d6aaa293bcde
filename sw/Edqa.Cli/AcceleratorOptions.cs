using System.CommandLine;
using Edqa.Core.Jobs;
using Edqa.Targets;

namespace Edqa.Cli;

/// <summary>Where a command's accelerator jobs run and what it keeps of them: <c>--target</c>, <c>--units</c>,
/// <c>--lanes</c>, <c>--save-jobs</c> and <c>--vcd</c>, one set for <c>quantize</c>, <c>dequantize</c> and
/// <c>run</c>.</summary>
public sealed class AcceleratorOptions
{
    /// <param name="defaultTarget">The target when none is given (the golden model for quantize, the SystemC model
    /// for run, which checks the two against each other).</param>
    public AcceleratorOptions(string defaultTarget = AcceleratorTargets.Reference)
    {
        Target = TargetOption.Create(defaultTarget);
    }

    public Option<string> Target { get; }

    public Option<string?> SaveJobs { get; } = TargetOption.SaveJobs();

    public Option<string?> Waveform { get; } = TargetOption.Waveform();

    public Option<int> Units { get; } = TargetOption.Units();

    public Option<int> Lanes { get; } = TargetOption.Lanes();

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Target, SaveJobs, Waveform, Units, Lanes })
        {
            command.Options.Add(option);
        }
    }

    public string TargetName(ParseResult result) => result.GetValue(Target)!;

    public string? SaveJobsPath(ParseResult result) => result.GetValue(SaveJobs);

    public AcceleratorConfiguration Configuration(ParseResult result) =>
        TargetOption.Configuration(result, Units, Lanes);

    /// <summary>Opens the target the options name, with its waveform and configuration.</summary>
    public IAcceleratorTarget Open(ParseResult result) =>
        TargetOption.Open(TargetName(result), result.GetValue(Waveform), Configuration(result));

    /// <summary>Writes <c>--save-jobs</c>' job stream when it was asked for (before the run, so a run that fails can
    /// still be re-run by hand); the job is built only then.</summary>
    public void SaveIfAsked(ParseResult result, Func<AcceleratorJob> job)
    {
        if (SaveJobsPath(result) is string path)
        {
            TargetOption.WriteSavedJobs(path, job());
        }
    }
}
