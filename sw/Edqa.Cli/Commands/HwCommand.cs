using System.CommandLine;
using System.Diagnostics;
using Edqa.Bindings;
using Edqa.Core;

namespace Edqa.Cli.Commands;

/// <summary>
/// <c>edqa hw lint|resources|rtl|schedule</c>: the hardware tools behind the command line a user already has on
/// the path, from any folder. lint, resources and rtl run <c>edqa-hwlint</c> (the AST lint and the resource
/// estimator, a tool of its own because it needs libclang and Yosys) on the checkout's <c>hw/</c>, both found as
/// <see cref="ShippedFile"/> finds shipped defaults; schedule prints hw/edqa_schedule.h from the simulation library
/// edqa already loads. Options after the subcommand go to edqa-hwlint unchanged; its exit code is edqa's.
/// </summary>
public static class HwCommand
{
    /// <summary>Where the build leaves edqa-hwlint, relative to the checkout (Release first, as make builds).</summary>
    private static readonly string[] HwLintPaths =
    [
        "tools/hwlint/bin/Release/net10.0/edqa-hwlint.dll", "tools/hwlint/bin/Debug/net10.0/edqa-hwlint.dll",
    ];

    public static Command Create()
    {
        var lint = PassThrough("lint",
            "The AST lint of hw/ in the Vivado HLS 2019.2 SystemC subset (edqa-hwlint hw [OPTIONS])",
            (hw, rest) => [hw, .. rest]);
        var resources = PassThrough("resources",
            "Block RAM, DSP, LUT and FF of the eDQA accelerator: --units U --lanes L for one configuration, "
            + "--configurations [--json] for all (edqa-hwlint hw --resources [OPTIONS])",
            (hw, rest) => rest.Contains("--configurations") ? [hw, .. rest] : [hw, "--resources", .. rest]);
        var rtl = PassThrough("rtl",
            "Yosys on every RTL kernel against its schedule row's budget, held to docs/performance.md [--update] "
            + "(edqa-hwlint rtl hw docs/performance.md)",
            (hw, rest) => ["rtl", hw, Shipped("docs/performance.md", "performance document"), .. rest]);
        var format = TableOutput.FormatOption();
        var schedule = new Command("schedule",
            "The schedule of every pipelined loop (hw/edqa_schedule.h): II, depth, trip count and why")
        {
            format
        };
        schedule.SetAction(result =>
        {
            var table = new TableOutput("schedule: hw/edqa_schedule.h",
            [
                new("loop", "loop"), new("ii", "II"), new("depth", "depth"), new("trip", "trip count"),
                new("reason", "reason"),
            ]);
            foreach (ScheduledLoop loop in Simulator.Schedule())
            {
                table.AddRow(loop.Label, loop.Ii, loop.Depth, loop.Trip, loop.Reason);
            }

            Console.Write(table.Render(result.GetValue(format)));
            return ExitCodes.Success;
        });
        return new Command("hw", "The hardware tools: lint, resource estimate, RTL evidence, schedule of hw/")
        {
            lint, resources, rtl, schedule
        };
    }

    /// <summary>A subcommand whose own options belong to edqa-hwlint: they are passed on as typed.</summary>
    private static Command PassThrough(string name, string description,
        Func<string, IReadOnlyList<string>, string[]> arguments)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(result =>
        {
            string hw = Shipped("hw", "hardware source folder");
            return RunHwLint(arguments(hw, result.UnmatchedTokens));
        });
        return command;
    }

    private static string Shipped(string relative, string what) =>
        ShippedFile.Find(relative) ?? throw ShippedFile.NotFound(relative, what);

    /// <summary>Runs edqa-hwlint with the same standard streams; its apphost if the build made one, else through
    /// dotnet.</summary>
    private static int RunHwLint(string[] arguments)
    {
        string dll = HwLintPaths.Select(ShippedFile.Find).FirstOrDefault(p => p is not null)
            ?? throw new EnvironmentException(
                $"edqa-hwlint is not built ({HwLintPaths[0]} is found neither under {ShippedFile.HomeVariable} nor "
                + "above this tool): run `make build`");
        string apphost = Path.ChangeExtension(dll, null);
        ProcessStartInfo start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost, arguments)
            : new ProcessStartInfo("dotnet", [dll, .. arguments]);
        start.UseShellExecute = false;
        using Process process = Process.Start(start)
            ?? throw new EnvironmentException($"{start.FileName}: could not be started");
        process.WaitForExit();
        return process.ExitCode;
    }
}
