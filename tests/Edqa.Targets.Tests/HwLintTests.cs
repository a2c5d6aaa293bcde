using Edqa.HwLint;

namespace Edqa.Targets.Tests;

/// <summary>
/// The hw lint (tools/hwlint) on its fixtures (tests/fixtures/hwlint): each breaks one rule and must be flagged with
/// exactly that rule; clean.cpp uses the permitted forms of the same constructs and must pass. Every rule has a
/// fixture. (hw/ itself is linted by make test and make test-hw.)
/// </summary>
public class HwLintTests
{
    private static readonly string Fixtures =
        Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "fixtures", "hwlint");
    private static readonly string Hardware = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "hw");

    private static List<Finding> Lint(string fixture, params string[] documentedLoops)
    {
        SourceTree tree = SourceTree.Parse(Path.Combine(Fixtures, fixture), Fixtures, [Hardware]);
        Assert.True(tree.Diagnostics.Count == 0, string.Join("\n", tree.Diagnostics));
        // Every documented loop of a fixture claims II 1 in its schedule row.
        return Rules.Check(tree, [.. documentedLoops], documentedLoops.ToDictionary(l => l, _ => "1"));
    }

    public static TheoryData<string> RuleNames() => [.. Rules.Names];

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Each_rule_flags_its_fixture_and_nothing_else(string rule)
    {
        string[] documented = rule switch
        {
            "schedule-row" => ["DOCUMENTED"],
            "pipelined-rmw" => ["COUNT"],  // documented, so only its II 1 claim is at stake
            _ => [],
        };
        List<Finding> findings = Lint(rule + ".cpp", documented);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(rule, f.Rule));
        Assert.All(findings, f => Assert.EndsWith(rule + ".cpp", f.File));
    }

    [Fact]
    public void The_permitted_forms_pass()
    {
        Assert.Empty(Lint("clean.cpp", "SUM", "HIST"));
    }

    [Fact]
    public void A_documented_loop_may_index_an_unpartitioned_array()
    {
        SourceTree tree = SourceTree.Parse(Path.Combine(Fixtures, "pipelined-array.cpp"), Fixtures, [Hardware]);
        Assert.Empty(Rules.Check(tree, ["COUNT"], new Dictionary<string, string> { ["COUNT"] = "2" }));
    }

    [Fact]
    public void The_division_rule_names_both_problems()
    {
        List<Finding> findings = Lint("pipelined-division.cpp");
        Assert.Contains(findings, f => f.Message.StartsWith("a float division", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.StartsWith("a modulo by a variable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_resource_inventory_counts_memories_and_operators_as_documented()
    {
        SourceTree tree = SourceTree.Parse(Path.Combine(Fixtures, "resources.cpp"), Fixtures, [Hardware]);
        ModuleResources module = Assert.Single(Resources.Inventory(tree));
        var memories = module.Memories.ToDictionary(m => m.Name);
        Assert.Equal((4096L, 8, 2),
            (memories["samples_"].Depth, memories["samples_"].Width, memories["samples_"].Bram18));
        Assert.Equal((512L, 36, 1), (memories["pairs_"].Depth, memories["pairs_"].Width, memories["pairs_"].Bram18));
        Assert.Equal(4, memories["lengths_"].Bram18);
        Assert.Equal((0, 96L), (memories["tiny_"].Bram18, memories["tiny_"].RegisterBits));
        Assert.Equal((2, 3), (module.Operators.Shared["fmul"], module.Operators.Total["fmul"]));
        Assert.Equal(1, module.Operators.Total["fadd"]);
        Assert.Equal((7, 8, 11, 96L), Resources.Totals("Inventory", [module]));
    }

    [Fact]
    public void Template_parameters_decide_units_depths_and_sizes()
    {
        SourceTree tree = SourceTree.Parse(Path.Combine(Fixtures, "templates.cpp"), Fixtures, [Hardware]);
        List<ModuleResources> one = Resources.Inventory(tree, Resources.Parameters(1, 1));
        List<ModuleResources> four = Resources.Inventory(tree, Resources.Parameters(4, 2));
        Assert.Equal(new Child("Worker", 1), Assert.Single(one.Single(m => m.Name == "Pool").Children));
        Assert.Equal(new Child("Worker", 4), Assert.Single(four.Single(m => m.Name == "Pool").Children));
        Assert.Equal(4L, one.Single(m => m.Name == "Worker").Memories.Single(m => m.Name == "buffer_").Depth);
        Assert.Equal((2048L, 4),
            four.Single(m => m.Name == "Worker").Memories.Single(m => m.Name == "buffer_") is var b
                ? (b.Depth, b.Bram18)
                : default);
        Assert.Equal((0, 3, 3, 64L), Resources.Totals("Pool", one));
        Assert.Equal((16, 12, 12, 96L), Resources.Totals("Pool", four));
        // More units, more logic: every worker's threads, loop and operator count again.
        Assert.True(LogicModel.Totals("Pool", four).Lut > 3 * LogicModel.Totals("Pool", one).Lut);
    }

    [Fact]
    public void Slots_written_out_by_name_count_when_present()
    {
        SourceTree tree = SourceTree.Parse(Path.Combine(Fixtures, "slots.cpp"), Fixtures, [Hardware]);
        Assert.True(tree.Diagnostics.Count == 0, string.Join("\n", tree.Diagnostics));
        ModuleResources one = Resources.Inventory(tree, Resources.Parameters(1, 1)).Single(m => m.Name == "Grid");
        ModuleResources four = Resources.Inventory(tree, Resources.Parameters(4, 2)).Single(m => m.Name == "Grid");
        Assert.Equal(new Child("Cell", 1), Assert.Single(one.Children));
        Assert.Equal(new Child("Cell", 4), Assert.Single(four.Children));
        Assert.Equal(["queue0"], one.Memories.Select(m => m.Name));
        Assert.Equal(["queue0", "lane0", "queue1", "lane1", "queue2", "lane2", "queue3", "lane3"],
            four.Memories.Select(m => m.Name));
        Assert.All(four.Memories, m => Assert.Equal((64L, 32, 1), (m.Depth, m.Width, m.Bram18)));
    }

    [Fact]
    public void The_NoisyQuant_MAC_budget_follows_the_estimated_DSPs()
    {
        // hw/edqa_schedule.h's kNoisyParallelMacs: the xc7z020's 220 DSP48E1 less a one-unit eDQA's and NoisyQuant's
        // other operators (its shared count less one MAC's fmul and fadd), at 5 a MAC.
        SourceTree edqa = SourceTree.Parse(Path.Combine(Hardware, "hls", "edqa_top.cpp"), Hardware, [Hardware]);
        SourceTree noisy = SourceTree.Parse(Path.Combine(Hardware, "hls", "noisyquant_top.cpp"), Hardware, [Hardware]);
        int edqaDsp = Resources.Totals("EdqaAcceleratorT", Resources.Inventory(edqa, Resources.Parameters(1, 1)))
            .DspTotal;
        int noisyShared = Resources.Totals("NoisyQuantAccelerator", Resources.Inventory(noisy)).DspShared;
        int budget = Edqa.Bindings.Simulator.NoisyQuantAlternatives(
            new Edqa.Bindings.Native.EdqaNoisyquantConfig { Bits = 3, Side = 8 }).BudgetMacs;
        Assert.Equal((220 - edqaDsp - (noisyShared - 5)) / 5, budget);
    }

    [Fact]
    public void Every_kernel_states_its_claim_and_a_malformed_claim_names_its_file()
    {
        // The committed kernels: each names schedule rows, and its budget follows the documented rule.
        foreach (string file in Directory.GetFiles(Path.Combine(Hardware, "rtl"), "*.v"))
        {
            RtlEvidence.Claim claim = RtlEvidence.Parse(file);
            Assert.NotEmpty(claim.Rows);
            Assert.Equal(claim.Cycles * RtlEvidence.LevelsPerCycle(claim.ClockMhz)
                - (claim.AfterBram ? RtlEvidence.BramReadLevels : 0), claim.Budget);
        }

        Assert.Equal(7, RtlEvidence.LevelsPerCycle(200));
        Assert.Equal(9, RtlEvidence.LevelsPerCycle(150));
        string directory = Directory.CreateTempSubdirectory("edqa-rtl-claim").FullName;
        try
        {
            foreach ((string header, string problem) in new[]
            {
                ("// no claim here", "no '// evidence:"),
                ("// evidence: rows=DECODE bram=0 clock=200", "no cycles="),
                ("// evidence: rows=DECODE cycles=0 bram=0 clock=200", "cycles=0 is not a positive integer"),
                ("// evidence: rows=DECODE cycles=1 bram=2 clock=200", "bram=2 must be 0 or 1"),
            })
            {
                string file = Path.Combine(directory, "bad.v");
                File.WriteAllText(file, header + "\nmodule bad; endmodule\n");
                var error = Assert.Throws<FormatException>(() => RtlEvidence.Parse(file));
                Assert.Contains(file, error.Message, StringComparison.Ordinal);
                Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void Every_schedule_row_needs_a_kernel_or_a_listed_reason()
    {
        string[] schedule = ["DECODE", "SKIP_INPUT", "SORT_INSERT"];
        var decode = new RtlEvidence.Claim("decode", "decode.v", ["DECODE"], 1, false, 200, "");
        var skip = new RtlEvidence.Exemption("SKIP_INPUT", "a word counter");
        const string Readme = "hw/rtl/README.md";

        Assert.Empty(RtlEvidence.CoverageProblems(schedule[..2], [decode], [skip], Readme));
        // A row with neither, a row with both, a listed row that is no row, a row listed twice.
        string gap = Assert.Single(RtlEvidence.CoverageProblems(schedule, [decode], [skip], Readme));
        Assert.StartsWith("SORT_INSERT: no kernel", gap, StringComparison.Ordinal);
        string both = Assert.Single(RtlEvidence.CoverageProblems(schedule[..2], [decode],
            [skip, new RtlEvidence.Exemption("DECODE", "x")], Readme));
        Assert.Contains("decode.v backs it", both, StringComparison.Ordinal);
        string stale = Assert.Single(RtlEvidence.CoverageProblems(schedule[..2], [decode],
            [skip, new RtlEvidence.Exemption("GONE", "x")], Readme));
        Assert.Contains("GONE is listed without a kernel but is not a schedule row", stale, StringComparison.Ordinal);
        string twice = Assert.Single(RtlEvidence.CoverageProblems(schedule[..2], [decode], [skip, skip], Readme));
        Assert.Contains("listed 2 times", twice, StringComparison.Ordinal);

        // The committed README's list parses, and every row it names is in the committed schedule table.
        string document = File.ReadAllText(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "docs",
            "performance.md"));
        List<string> rows = RtlEvidence.ScheduleRows(document);
        Assert.Contains("READ_DESCRIPTOR", rows);
        Assert.DoesNotContain(rows, r => r.Length == 0);
        List<RtlEvidence.Exemption> listed = RtlEvidence.Exemptions(Path.Combine(Hardware, "rtl", "README.md"));
        Assert.NotEmpty(listed);
        Assert.All(listed, e => Assert.Contains(e.Row, rows));
        Assert.All(listed, e => Assert.False(string.IsNullOrWhiteSpace(e.Why), e.Row));
    }
}
