using System.CommandLine;
using Edqa.Core.Quantization;
using Edqa.Nn.Quantization;

namespace Edqa.Cli;

/// <summary>--grid and --grid-from of the network commands (eval, sweep, run, trace, memory): the grid Direct, eDQA,
/// PoT and the DQSS candidates quantize every point on (docs/spec.md §2.3), one set of names, default and checks.
/// Commands without calibration images (run, trace) take --grid alone: auto judges the architecture.</summary>
public sealed class GridOptions(bool calibration = true)
{
    public Option<GridChoice> Grid { get; } = new("--grid")
    {
        Description = "The codes' grid (spec §2.3): signed (the paper's), unsigned (every point; negatives clamped to "
            + "0 and counted), auto (unsigned at the points that cannot be negative, judged as --grid-from says)",
        CustomParser = EnumOption.Parse<GridChoice>,
        DefaultValueFactory = _ => GridChoice.Signed,
    };

    public Option<GridSource?> GridFrom { get; } = new("--grid-from")
    {
        Description = "What --grid auto judges: architecture (a ReLU or ReLU6 before the point; the default) or "
            + "calibration (no value below 0 over the calibration images); never the evaluated images",
        CustomParser = r => EnumOption.Parse<GridSource>(r),
    };

    public IEnumerable<Option> All => calibration ? [Grid, GridFrom] : [Grid];

    public void AddTo(Command command)
    {
        foreach (Option option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The setting; --grid-from without --grid auto is a usage error.</summary>
    public GridSetting Read(ParseResult result)
    {
        GridChoice choice = result.GetValue(Grid);
        GridSource? source = calibration ? result.GetValue(GridFrom) : null;
        if (source is not null && choice != GridChoice.Auto)
        {
            throw new UsageException("--grid-from is what --grid auto judges; it needs --grid auto");
        }

        return new GridSetting(choice, source ?? GridSource.Architecture);
    }
}
