namespace Edqa.Core.Jobs;

/// <summary>Where two answers to one job stream first differ: the job, the record and what differs.</summary>
public sealed record ResultDifference(int Job, string Label, int Record, string What)
{
    public override string ToString() =>
        $"job {Job} ({Io.TerminalText.Escape(Label)}), record {Record}: {Io.TerminalText.Escape(What)}";
}

/// <summary>
/// Compares the answers of two job runners to the same jobs, record by record: the status and every output word.
/// Cycle counters and host times are not compared (the golden model has no clock); neither are messages (each
/// runner words its own).
/// </summary>
public static class ResultComparison
{
    /// <summary>The first difference, or null when every record agrees. <paramref name="actual"/> may answer a
    /// subset of the jobs (edqa-sim run --job K): its results are matched to jobs by their job index.</summary>
    public static ResultDifference? FirstDifference(IReadOnlyList<AcceleratorJob> jobs,
        IReadOnlyList<JobResult> expected, IReadOnlyList<JobResult> actual)
    {
        if (actual.Count == 0 && jobs.Count > 0)
        {
            return new ResultDifference(0, jobs[0].Label, 0, "no job results at all");
        }

        foreach (JobResult answer in actual)
        {
            int job = answer.JobIndex;
            if (job >= jobs.Count || answer.Records.Count != jobs[job].Records.Count || answer.Kind != jobs[job].Kind
                || answer.Op != jobs[job].Op)
            {
                return new ResultDifference(job, job < jobs.Count ? jobs[job].Label : "?", 0,
                    $"this result does not answer job {job} of the stream ({jobs.Count} jobs)");
            }

            JobResult want = expected[job];
            for (int r = 0; r < want.Records.Count; r++)
            {
                RecordResult e = want.Records[r];
                RecordResult a = answer.Records[r];
                if (e.Status != a.Status)
                {
                    return new ResultDifference(job, jobs[job].Label, r,
                        $"status {e.Status} expected, got "
                        + $"{a.Status}{(a.Message.Length > 0 ? $" ({a.Message})" : string.Empty)}");
                }

                if (!e.Output.AsSpan().SequenceEqual(a.Output))
                {
                    return new ResultDifference(job, jobs[job].Label, r, FirstWord(e.Output, a.Output));
                }
            }
        }

        return null;
    }

    private static string FirstWord(uint[] expected, uint[] actual)
    {
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        string Word(uint[] words) => i < words.Length ? $"0x{words[i]:x8}" : "(end)";
        return $"output word {i}: expected {Word(expected)}, got {Word(actual)}";
    }
}
