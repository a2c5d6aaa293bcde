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
        var jobIndex = new Option<int?>("--job")
        {
            Description = "Check job K alone, as `edqa-sim run ... --job K` runs it"
        };
        var recordIndex = new Option<int?>("--record")
        {
            Description = "With --job K: check record R of it alone, as `edqa-sim run ... --job K --record R` runs it"
        };
        var command = new Command("check",
            "Check that targets (or a result file) answer a job stream exactly as the golden model does")
        {
            jobs, results, targets, failureDir, jobIndex, recordIndex
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(jobs)!;
            IReadOnlyList<AcceleratorJob> stream = CommandLineHost.LoadInput(path, () => JobStream.Read(path));
            (int Job, int? Record)? selected =
                Selection(stream, result.GetValue(jobIndex), result.GetValue(recordIndex));
            // What is checked: the whole stream, or the one job (record) the runner was asked for, as one job.
            IReadOnlyList<AcceleratorJob> checkedJobs = selected is { } s
                ? [s.Record is int r ? stream[s.Job] with { Records = [stream[s.Job].Records[r]] } : stream[s.Job]]
                : stream;
            IReadOnlyList<JobResult> golden = GoldenJobRunner.Accelerator.Run(checkedJobs);
            var checks = new List<(string Name, IReadOnlyList<JobResult> Results)>();
            if (result.GetValue(results) is string resultsPath)
            {
                IReadOnlyList<JobResult> given =
                    CommandLineHost.LoadInput(resultsPath, () => ResultStream.Read(resultsPath));
                if (selected is { } one)
                {
                    // The runner answers --job K as job K: here it is the one job checked.
                    if (given.Any(answer => answer.JobIndex != one.Job))
                    {
                        throw new InputException($"{resultsPath} answers job "
                            + $"{given.First(answer => answer.JobIndex != one.Job).JobIndex}, not --job {one.Job}");
                    }

                    given = given.Select(answer => answer with { JobIndex = 0 }).ToList();
                }

                checks.Add((resultsPath, given));
            }
            else
            {
                foreach (string name in result.GetValue(targets)!.Split(',',
                    StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    using IAcceleratorTarget target = TargetOption.Open(name);
                    checks.Add((name, target.Run(checkedJobs)));
                }
            }

            foreach ((string name, IReadOnlyList<JobResult> answer) in checks)
            {
                if (ResultComparison.FirstDifference(checkedJobs, golden, answer) is ResultDifference found)
                {
                    // Named in the stream's indices, as the user selected them.
                    ResultDifference difference = selected is { } at
                        ? found with { Job = at.Job, Record = at.Record ?? found.Record }
                        : found;
                    Console.WriteLine($"DIFFERENCE: {name} against the golden model: {difference}");
                    Console.WriteLine(FailingRecord.Keep(result.GetValue(failureDir)!, stream, difference));
                    return ExitCodes.Mismatch;
                }
            }

            int records = checkedJobs.Sum(j => j.Records.Count);
            string what = selected switch
            {
                null => $"all {stream.Count} jobs ({records} records)",
                { Record: int one } at => $"record {one} of job {at.Job}",
                { } at => $"job {at.Job} ({records} records)",
            };
            Console.WriteLine($"bit-exact: {string.Join(", ", checks.Select(c => c.Name))} answer {what} of {path} "
                + "as the golden model does");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>--job K [--record R], checked against the stream (usage errors naming the option), or null.</summary>
    private static (int Job, int? Record)? Selection(IReadOnlyList<AcceleratorJob> stream, int? job, int? record)
    {
        if (job is null)
        {
            return record is null ? null : throw new UsageException("--record R needs --job K");
        }

        if (job < 0 || job >= stream.Count)
        {
            throw new UsageException($"--job {job}: the stream has jobs 0 to {stream.Count - 1}");
        }

        if (record is int r && (r < 0 || r >= stream[job.Value].Records.Count))
        {
            throw new UsageException(
                $"--record {r}: job {job} has records 0 to {stream[job.Value].Records.Count - 1}");
        }

        return (job.Value, record);
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
