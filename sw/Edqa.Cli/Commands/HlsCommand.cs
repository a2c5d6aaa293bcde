using System.CommandLine;
using Edqa.Bindings;
using Edqa.Core;
using Edqa.Core.Io;
using Edqa.Targets.Hls;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa hls report --from csynth.xml ...</c>: what Vivado HLS built, beside the schedule the model takes. Each
/// reported loop with a row in hw/edqa_schedule.h is compared by II and pipeline depth; each report's resources are
/// shown against the part. With <c>--check</c> any disagreement (or a clock HLS could not meet) exits 1: then the
/// schedule row is what to change, and `make test-hw` makes the model follow.
/// </summary>
public static class HlsCommand
{
    public static Command Create()
    {
        var from = new Option<string[]>("--from")
        {
            Description = "A csynth.xml of Vivado HLS 2019.2 (<solution>/syn/report/), one or more",
            Required = true
        };
        var check = new Option<bool>("--check")
        {
            Description = "Exit 1 when a loop's II or depth differs from hw/edqa_schedule.h, or the clock is missed"
        };
        var format = TableOutput.FormatOption();
        var report = new Command("report",
            "Compare Vivado HLS synthesis reports with the model's schedule and show their resources")
        {
            from, check, format
        };
        report.SetAction(result =>
        {
            var reports =
                result.GetValue(from)!.Select(path => SynthesisReport.Read(path, InputFile.ReadAllText(path))).ToList();
            IReadOnlyList<LoopComparison> loops = ScheduleCheck.Compare(reports, Simulator.Schedule());
            Console.Write(TableOutput.RenderAll([("loops", LoopTable(loops)), ("resources", ResourceTable(reports))],
                result.GetValue(format)));
            bool disagrees = loops.Any(l =>
                l.Verdict is ScheduleVerdict.IiDiffers or ScheduleVerdict.DepthDiffers or ScheduleVerdict.NotPipelined)
                || reports.Any(r => r.EstimatedClockNs > r.TargetClockNs);
            return result.GetValue(check) && disagrees ? ExitCodes.Mismatch : ExitCodes.Success;
        });
        return new Command("hls", "Vivado HLS: read its synthesis reports") { report };
    }

    private static TableOutput LoopTable(IReadOnlyList<LoopComparison> loops)
    {
        var table = new TableOutput("loops: Vivado HLS against hw/edqa_schedule.h",
        [
            new("report", "report"), new("loop", "loop"), new("trip_count", "trip count"),
            new("hls_ii", "HLS II"), new("hls_depth", "HLS depth"), new("schedule_row", "schedule row"),
            new("schedule_ii", "schedule II"), new("schedule_depth", "schedule depth"), new("verdict", "verdict"),
        ]);
        foreach (LoopComparison loop in loops)
        {
            string verdict = loop.Verdict switch
            {
                ScheduleVerdict.Agrees => "agrees",
                ScheduleVerdict.IiDiffers => "II differs: fix the row",
                ScheduleVerdict.DepthDiffers => "depth differs: fix the row",
                ScheduleVerdict.NotPipelined => "not pipelined by HLS",
                ScheduleVerdict.LoopNest => "a loop nest: its pipelined loop is checked",
                _ => "no schedule row (not pipelined in hw/)",
            };
            table.AddRow(loop.Top, loop.Reported.Name, loop.Reported.TripCount, loop.Reported.Ii, loop.Reported.Depth,
                loop.Scheduled?.Label, loop.Scheduled?.Ii, loop.Scheduled?.Depth, verdict);
        }

        table.AddNote(
            "A row's II and depth are what the model takes (docs/performance.md); where HLS differs, HLS is right: "
            + "change the row in hw/edqa_schedule.h and run make test-hw.");
        return table;
    }

    private static TableOutput ResourceTable(IReadOnlyList<SynthesisReport> reports)
    {
        var table = new TableOutput("resources: the HLS estimate of each report",
        [
            new("report", "report"), new("part", "part"), new("bram_18k", "BRAM_18K"), new("dsp48e", "DSP48E"),
            new("ff", "FF"), new("lut", "LUT"),
            new("lut_percent", "LUT %", "0.0"), new("target_clock_ns", "target ns", "0.00"),
            new("estimated_clock_ns", "estimated ns", "0.000"), new("worst_case_latency", "worst-case latency"),
        ]);
        foreach (SynthesisReport report in reports)
        {
            ReportedResources r = report.Resources;
            double? lutPercent = r.AvailableLut is > 0 ? 100.0 * r.Lut / r.AvailableLut.Value : null;
            table.AddRow(report.Top, report.Part, r.Bram18K, r.Dsp48, r.Ff, r.Lut, lutPercent, report.TargetClockNs,
                report.EstimatedClockNs, report.WorstCaseLatency);
        }

        table.AddNote("HLS's own estimate after C synthesis; place and route (Vivado) gives the final numbers.");
        return table;
    }
}
