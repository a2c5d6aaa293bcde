using Edqa.Bindings;

namespace Edqa.Targets.Hls;

/// <summary>How a reported loop compares with its row in hw/edqa_schedule.h.</summary>
public enum ScheduleVerdict
{
    Agrees,
    IiDiffers,
    DepthDiffers,
    NotPipelined,
    LoopNest,
    NotInSchedule,
}

public sealed record LoopComparison(string Top, ReportedLoop Reported, ScheduledLoop? Scheduled,
    ScheduleVerdict Verdict);

/// <summary>
/// Holds synthesis reports to the schedule the model takes: every reported loop that has a row (by its label; HLS
/// may prefix a thread's loops with the thread's name, so a name ending in _LABEL matches too) must have that row's
/// II and pipeline depth. A row may describe a loop nest (SORT_INSERT and the SHIFT loop pipelined inside it): a
/// pipelined loop without a row of its own is held to the row of the innermost loop around it, and the outer loop
/// itself, not pipelined, is reported as the nest. Where they differ, HLS is right: fix the row, and the schedule
/// test makes the model follow.
/// </summary>
public static class ScheduleCheck
{
    public static ScheduledLoop? RowOf(string reportedName, IReadOnlyList<ScheduledLoop> schedule) =>
        schedule.FirstOrDefault(l => reportedName == l.Label)
        ?? schedule.Where(l => reportedName.EndsWith("_" + l.Label, StringComparison.Ordinal))
            .MaxBy(l => l.Label.Length);

    public static IReadOnlyList<LoopComparison> Compare(IEnumerable<SynthesisReport> reports,
        IReadOnlyList<ScheduledLoop> schedule) =>
        reports.SelectMany(report => report.Loops.Select(loop =>
        {
            ScheduledLoop? row = RowOf(loop.Name, schedule)
                ?? (loop.Ii is null ? null : loop.Enclosing.Select(name => RowOf(name, schedule))
                    .FirstOrDefault(r => r is not null));
            ScheduleVerdict verdict = row is null ? ScheduleVerdict.NotInSchedule
                : loop.Ii is null && loop.NestedLoops > 0 ? ScheduleVerdict.LoopNest
                : loop.Ii is null ? ScheduleVerdict.NotPipelined
                : loop.Ii != row.Ii ? ScheduleVerdict.IiDiffers
                : loop.Depth != row.Depth ? ScheduleVerdict.DepthDiffers
                : ScheduleVerdict.Agrees;
            return new LoopComparison(report.Top, loop, row, verdict);
        })).ToList();
}
