using Edqa.HwLint;

// edqa-hwlint ROOT [SOURCE...] [--include DIR]... [--schedule FILE]
//   Parses each SOURCE (default: ROOT/hls/*_top.cpp, the synthesis tops) as Vivado HLS would (__SYNTHESIS__
//   defined) and lints the code of every file under ROOT. Exit 0 when clean, 1 with one line per finding, 2 on bad
//   usage, 3 when a source does not compile.
// edqa-hwlint rtl ROOT DOCUMENT [--update]: the Yosys measurement of the RTL kernels (RtlEvidence.cs).
if (args.Length > 0 && args[0] == "rtl")
{
    return RtlEvidence.Run(args[1..]);
}

string Usage = "usage: edqa-hwlint ROOT [SOURCE...] [--include DIR]... [--schedule FILE] " +
    "[--resources [--units U --lanes L] | --configurations]\n" +
    "  Lints the code under ROOT that the SOURCEs (default ROOT/hls/*_top.cpp) compile, in the Vivado HLS 2019.2 " +
    "SystemC subset.\n" +
    "  --include DIR    an include directory (ROOT is one)\n" +
    "  --schedule FILE  the schedule table (default ROOT/edqa_schedule.h): loops documented there may index " +
    "unpartitioned arrays\n" +
    "  --resources      also print each top's block RAM and DSP48E1, counted from its buffers and operators " +
    "(markdown),\n" +
    "                   for the eDQA accelerator's --units U (1, 2, 4) and --lanes L (1, 2), default 1 and 1\n" +
    "  --configurations also print the eDQA design's resources (measured by Yosys where RTL exists, documented, " +
    "modeled) for\n" +
    "                   every units x lanes the simulation elaborates; --json: only that, as JSON;\n" +
    "                   --document FILE [--update]: hold (or rewrite) FILE's resource tables to it\n" +
    "  rules: " + string.Join(", ", Rules.Names);
var positional = new List<string>();
var includes = new List<string>();
string? schedule = null;
bool resources = false;
bool configurations = false;
bool json = false;
string? document = null;
bool update = false;
int units = 1, lanes = 1;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--include" when i + 1 < args.Length:
            includes.Add(args[++i]);
            break;
        case "--schedule" when i + 1 < args.Length:
            schedule = args[++i];
            break;
        case "--resources":
            resources = true;
            break;
        case "--configurations":
            configurations = true;
            break;
        case "--json":
            json = true;
            break;
        case "--document" when i + 1 < args.Length:
            document = args[++i];
            break;
        case "--update":
            update = true;
            break;
        case "--units" when i + 1 < args.Length && int.TryParse(args[i + 1], out int u) && u is 1 or 2 or 4:
            units = u;
            i++;
            break;
        case "--lanes" when i + 1 < args.Length && int.TryParse(args[i + 1], out int l) && l is 1 or 2:
            lanes = l;
            i++;
            break;
        default:
            if (args[i].StartsWith('-'))
            {
                Console.Error.WriteLine($"edqa-hwlint: unknown option {args[i]}\n{Usage}");
                return 2;
            }

            positional.Add(args[i]);
            break;
    }
}

if (positional.Count == 0 || !Directory.Exists(positional[0]))
{
    Console.Error.WriteLine(positional.Count == 0
        ? Usage
        : $"edqa-hwlint: {positional[0]} is not a directory\n{Usage}");
    return 2;
}

string root = Path.GetFullPath(positional[0]);
string[] sources = positional.Count > 1
    ? [.. positional.Skip(1)]
    : Directory.GetFiles(Path.Combine(root, "hls"), "*_top.cpp").Order(StringComparer.Ordinal).ToArray();
schedule ??= Path.Combine(root, "edqa_schedule.h");
HashSet<string> documented = Rules.DocumentedLoops(File.Exists(schedule) ? File.ReadAllText(schedule) : null);
Dictionary<string, string> intervals =
    Rules.InitiationIntervals(File.Exists(schedule) ? File.ReadAllText(schedule) : null);
var findings = new List<Finding>();
var coverage = new List<Rules.Coverage>();
var inventories = new Dictionary<string, SourceTree>();
foreach (string source in sources)
{
    if (!File.Exists(source))
    {
        Console.Error.WriteLine($"edqa-hwlint: {source}: no such file");
        return 2;
    }

    SourceTree tree = SourceTree.Parse(source, root, [root, .. includes]);
    if (tree.Diagnostics.Count > 0)
    {
        Console.Error.WriteLine($"edqa-hwlint: {source} does not compile:\n  " + string.Join("\n  ", tree.Diagnostics));
        return 3;
    }

    findings.AddRange(Rules.Check(tree, documented, out Rules.Coverage seen, intervals));
    coverage.Add(seen);
    if (resources)
    {
        Console.Write(ResourceReport.Markdown(Path.GetFileName(source),
            Resources.Inventory(tree, Resources.Parameters(units, lanes))));
    }

    inventories[Path.GetFileName(source)] = tree;
}

if (configurations || resources)
{
    // The LUT/FF calibration needs both designs: eDQA's Table 4 row fits it, NoisyQuant's checks it.
    if (!inventories.TryGetValue("edqa_top.cpp", out SourceTree? edqaTree)
        || !inventories.TryGetValue("noisyquant_top.cpp", out SourceTree? noisyTree))
    {
        Console.Error.WriteLine(
            "edqa-hwlint: --resources and --configurations need both hls/edqa_top.cpp and hls/noisyquant_top.cpp");
        return 2;
    }

    List<ModuleResources> paper = Resources.Inventory(edqaTree, Resources.Parameters(1, 1));
    List<ModuleResources> noisy = Resources.Inventory(noisyTree);
    List<RtlEvidence.Measurement> kernels;
    try
    {
        kernels = RtlEvidence.MeasureAll(root);
    }
    catch (Exception e) when (e is FormatException or InvalidOperationException
        or System.ComponentModel.Win32Exception)
    {
        Console.Error.WriteLine($"edqa-hwlint: the RTL kernels cannot be measured: {e.Message}");
        return 3;
    }

    var designs = new List<SynthesisEstimate.Design>();
    foreach (int l in new[] { 1, 2 })
    {
        foreach (int u in new[] { 1, 2, 4 })
        {
            designs.Add(SynthesisEstimate.Estimate(u, l, "EdqaAcceleratorT",
                Resources.Inventory(edqaTree, Resources.Parameters(u, l)), kernels));
        }
    }

    if (json)
    {
        Console.Write(SynthesisEstimate.Json(designs));
        return 0;
    }

    SynthesisEstimate.Design noisyDesign =
        SynthesisEstimate.Estimate(1, 1, "NoisyQuantAccelerator", noisy, kernels);
    if (document is not null)
    {
        // The tables docs/performance.md quotes, held to the estimator like the RTL evidence table.
        (long, long) ip = LogicModel.Totals("EdqaAcceleratorT", paper);
        string block = SynthesisEstimate.Begin + "\n\n" + SynthesisEstimate.Paper(designs[0], noisyDesign) + "\n"
            + SynthesisEstimate.Markdown(designs) + "\n"
            + SynthesisEstimate.OldEstimator(paper, LogicModel.Calibrate(ip), designs[0]) + "\n"
            + SynthesisEstimate.End;
        string text = File.ReadAllText(document);
        int begin = text.IndexOf(SynthesisEstimate.Begin, StringComparison.Ordinal);
        int end = text.IndexOf(SynthesisEstimate.End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            Console.Error.WriteLine($"edqa-hwlint: {document} has no resources block ({SynthesisEstimate.Begin})");
            return 2;
        }

        string updated = text[..begin] + block + text[(end + SynthesisEstimate.End.Length)..];
        if (update)
        {
            File.WriteAllText(document, updated);
            Console.WriteLine($"edqa-hwlint: wrote the resource tables into {document}");
            return 0;
        }

        if (updated != text)
        {
            Console.Error.WriteLine($"edqa-hwlint: {document}'s resource tables are stale: run `make resources`");
            return 1;
        }

        Console.WriteLine($"edqa-hwlint: {document}'s resource tables are the estimator's");
        return 0;
    }

    ReportFindings();
    Console.WriteLine();
    Console.Write(SynthesisEstimate.Paper(designs[0], noisyDesign));
    if (!configurations)
    {
        // --resources: Table 4's comparison above is the 1 x 1 design; end with the configuration asked for.
        SynthesisEstimate.Design chosen = designs.Single(d => d.Units == units && d.Lanes == lanes);
        Console.WriteLine();
        Console.WriteLine($"eDQA accelerator, {units} units x {lanes} lanes:");
        Console.WriteLine();
        Console.Write(SynthesisEstimate.Breakdown(chosen));
        Console.WriteLine();
        Console.Write(SynthesisEstimate.Markdown([chosen]));
    }
    else
    {
        Console.WriteLine();
        Console.Write(SynthesisEstimate.Markdown(designs));
        Console.WriteLine();
        Console.Write(SynthesisEstimate.Breakdown(designs[0]));
        Console.WriteLine();
        (long, long) edqaIp = LogicModel.Totals("EdqaAcceleratorT", paper);
        Console.Write(SynthesisEstimate.OldEstimator(paper, LogicModel.Calibrate(edqaIp), designs[0]));
    }

    return findings.Count == 0 ? 0 : 1;
}

ReportFindings();

return findings.Count == 0 ? 0 : 1;

// The lint's findings and its one-line verdict: printed before the resource tables, so that --resources ends with
// the configuration asked for.
void ReportFindings()
{
    findings = findings.DistinctBy(f => f.ToString()).ToList();
    foreach (Finding finding in findings)
    {
        Console.WriteLine(finding);
    }

    Console.WriteLine(findings.Count == 0
        ? $"hw lint: {string.Join(", ", sources.Select(Path.GetFileName))} and what they include under " +
          $"{Path.GetFileName(root)}/ are in the synthesizable subset " +
          $"({Rules.Names.Count} rules; {coverage.Sum(c => c.Loops)} loops, {coverage.Sum(c => c.Pipelined)} " +
          $"pipelined of which {coverage.Sum(c => c.PipelinedDocumented)} have a schedule row, " +
          $"{coverage.Sum(c => c.PartitionedArrays)} partitioned arrays)"
        : $"hw lint: {findings.Count} finding(s)");
}
