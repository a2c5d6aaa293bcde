using System.CommandLine;
using Edqa.Core.Jobs;
using Edqa.Targets;

namespace Edqa.Cli;

/// <summary>
/// What a check that found a difference (<c>verify</c>, <c>run</c>, <c>jobs check</c>) leaves behind: the first record
/// a target answered differently from the golden model, alone as a job stream, its waveform from <c>edqa-sim</c>, and
/// the one command that re-runs it, so a hardware engineer goes from the difference to the waveform without .NET.
/// </summary>
public static class FailingRecord
{
    /// <summary>The file names' stem, in the folder <c>--failure-dir</c> names.</summary>
    public const string Stem = "edqa-failing-record";

    /// <summary>--failure-dir: where the failing record's job stream and waveform go.</summary>
    public static Option<string> DirectoryOption() => new("--failure-dir")
    {
        Description = $"Where a difference leaves its first failing record as {Stem}.jobs with its waveform "
            + $"{Stem}.vcd (default: the current folder)",
        DefaultValueFactory = _ => ".",
    };

    /// <summary>The first record at which <paramref name="target"/> answers <paramref name="jobs"/> differently from
    /// the golden model; null when every record agrees (the difference lies outside the accelerator's jobs).</summary>
    public static ResultDifference? Locate(IReadOnlyList<AcceleratorJob> jobs, IAcceleratorTarget target) =>
        ResultComparison.FirstDifference(jobs, GoldenJobRunner.Accelerator.Run(jobs), target.Run(jobs));

    /// <summary>Keeps record <c>Record</c> of job <c>Job</c> alone as a job stream in <paramref name="directory"/>,
    /// runs it on <c>edqa-sim</c> for its waveform, and returns the sentence that says where both are and the command
    /// that re-runs it.</summary>
    /// <param name="configuration">The units and lanes the difference was found at (the waveform's too).</param>
    public static string Keep(string directory, IReadOnlyList<AcceleratorJob> jobs, ResultDifference difference,
        AcceleratorConfiguration? configuration = null)
    {
        AcceleratorJob job = jobs[difference.Job];
        AcceleratorJob one = job with { Records = [job.Records[difference.Record]] };
        string stem = Path.Combine(directory, Stem);
        string jobsPath = stem + JobStream.FileExtension;
        string resultsPath = stem + ResultStream.FileExtension;
        string vcdPath = stem + ".vcd";
        JobStream.Write(CommandLineHost.OutputPath(jobsPath, "--failure-dir"), [one]);
        string waveform;
        try
        {
            using IAcceleratorTarget simulation =
                AcceleratorTargets.Create(AcceleratorTargets.SimulationProcess, vcdPath, configuration);
            simulation.Run([one]);
            waveform = $", its waveform in {vcdPath}";
        }
        catch (Exception e) when (e is TargetException or FileNotFoundException or IOException
            or System.ComponentModel.Win32Exception)
        {
            waveform = $" (no waveform: {e.Message})";
        }

        string rerun = RunnerCommandLine.ShellLine(SimulationProcessTarget.DefaultRunner(),
            RunnerCommandLine.Run(jobsPath, resultsPath, vcd: vcdPath, configuration: configuration));
        return $"the first failing record (job {difference.Job} '{Core.Io.TerminalText.Escape(job.Label)}', record "
            + $"{difference.Record}) is kept alone in {jobsPath}{waveform}; re-run it: {rerun}";
    }
}
