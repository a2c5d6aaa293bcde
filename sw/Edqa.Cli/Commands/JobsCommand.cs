using System.CommandLine;
using Edqa.Core.Io;
using Edqa.Core.Jobs;
using Edqa.Targets;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa jobs</c>: the job and result streams of docs/spec.md §11, the files a hardware engineer re-runs with
/// <c>edqa-sim run</c>. <c>inspect</c> tables one; <c>check</c> compares what a target (or a result file from
/// edqa-sim or the board) answers with what the golden model answers, job by job and word by word.
/// </summary>
public static class JobsCommand
{
    public static Command Create()
    {
        var command = new Command("jobs",
            "Accelerator job streams (--save-jobs, edqa-sim run): inspect them, check results against "
            + "the golden model");
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Check());
        return command;
    }

    private static Command Inspect()
    {
        var file = new Argument<string>("file") { Description = "A job stream (.jobs) or a result stream (.results)" };
        var format = TableOutput.FormatOption();
        var command = new Command("inspect", "Table a job stream or a result stream, one row per job") { file, format };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            byte[] bytes = CommandLineHost.LoadInput(path, () => InputFile.ReadAllBytes(path));
            TableOutput table = bytes.AsSpan().StartsWith("EDQR"u8)
                ? ResultTable(path, CommandLineHost.LoadInput(path, () => ResultStream.Parse(bytes)))
                : JobTable(path, CommandLineHost.LoadInput(path, () => JobStream.Parse(bytes)));
            Console.Write(table.Render(result.GetValue(format)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Check()
    {
        var jobs = new Argument<string>("jobs") { Description = "The job stream" };
        var results = new Option<string?>("--results")
        {
            Description = "A result stream to check (from edqa-sim run or the board runner) instead of running targets"
        };
        var targets = new Option<string>("--targets")
        {
            Description = "Targets to run the jobs on and check, comma-separated",
            DefaultValueFactory = _ => AcceleratorTargets.Simulation
        };
        var failureDir = FailingRecord.DirectoryOption();
        var command = new Command("check",
            "Check that targets (or a result file) answer a job stream exactly as the golden model does")
        {
            jobs, results, targets, failureDir
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(jobs)!;
            IReadOnlyList<AcceleratorJob> stream = CommandLineHost.LoadInput(path, () => JobStream.Read(path));
            IReadOnlyList<JobResult> golden = GoldenJobRunner.Accelerator.Run(stream);
            var checks = new List<(string Name, IReadOnlyList<JobResult> Results)>();
            if (result.GetValue(results) is string resultsPath)
            {
                IReadOnlyList<JobResult> given =
                    CommandLineHost.LoadInput(resultsPath, () => ResultStream.Read(resultsPath));
                checks.Add((resultsPath, given));
            }
            else
            {
                foreach (string name in result.GetValue(targets)!.Split(',',
                    StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    using IAcceleratorTarget target = TargetOption.Open(name);
                    checks.Add((name, target.Run(stream)));
                }
            }

            foreach ((string name, IReadOnlyList<JobResult> answer) in checks)
            {
                if (ResultComparison.FirstDifference(stream, golden, answer) is ResultDifference difference)
                {
                    Console.WriteLine($"DIFFERENCE: {name} against the golden model: {difference}");
                    Console.WriteLine(FailingRecord.Keep(result.GetValue(failureDir)!, stream, difference));
                    return ExitCodes.Mismatch;
                }
            }

            int records = stream.Sum(j => j.Records.Count);
            Console.WriteLine(
                $"bit-exact: {string.Join(", ", checks.Select(c => c.Name))} answer all {stream.Count} jobs ({records} "
                + $"records) of {path} as the golden model does");
            return ExitCodes.Success;
        });
        return command;
    }

    private static TableOutput JobTable(string path, IReadOnlyList<AcceleratorJob> jobs)
    {
        var table = new TableOutput($"{path}: job stream, {jobs.Count} jobs",
            [new("job", "job"), new("label", "label"), new("accelerator", "accelerator"), new("op", "op"),
                new("records", "records"), new("input_words", "input words")]);
        for (int j = 0; j < jobs.Count; j++)
        {
            table.AddRow(j, TerminalText.Escape(jobs[j].Label), Name(jobs[j].Kind), Name(jobs[j].Op),
                jobs[j].Records.Count,
                jobs[j].Records.Sum(r => (long)r.Input.Length));
        }

        return table;
    }

    private static TableOutput ResultTable(string path, IReadOnlyList<JobResult> results)
    {
        var table = new TableOutput($"{path}: result stream, {results.Count} jobs",
        [
            new("job", "job"), new("accelerator", "accelerator"), new("op", "op"), new("records", "records"),
            new("failed", "failed"), new("first_failure", "first failure"),
            new("output_words", "output words"), new("total_cycles", "cycles"), new("host_us", "host us", "0.#"),
        ]);
        foreach (JobResult job in results)
        {
            RecordResult? failure = job.Records.FirstOrDefault(r => r.Status != RecordStatus.Ok);
            table.AddRow(job.JobIndex, Name(job.Kind), Name(job.Op), job.Records.Count,
                job.Records.Count(r => r.Status != RecordStatus.Ok),
                failure is null ? null : $"{failure.Status}: {TerminalText.Escape(failure.Message)}",
                job.Records.Sum(r => (long)r.Output.Length),
                job.Records.Aggregate(0UL, (s, r) => s + r.Cycles.Total),
                job.Records.Aggregate(0UL, (s, r) => s + r.HostNanoseconds) / 1000.0);
        }

        return table;
    }

    private static string Name<T>(T value)
        where T : struct, Enum => EnumOption.Kebab(value.ToString());
}
