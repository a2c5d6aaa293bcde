using System.Diagnostics;
using System.Text.Json;
using Edqa.Core.Io;
using Edqa.Core.Jobs;
using Edqa.Targets;

namespace Edqa.Cli.Tests;

/// <summary>From the main job to the hardware flow (issue 25 §3): run takes quantize's accelerator options, a
/// difference leaves its first failing record as a job and a waveform with the command that re-runs it, and the
/// runner speaks plainly (no banner, expected refusals by label).</summary>
[Collection(CliRunner.Name)]
public sealed class HardwareFlowTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public HardwareFlowTests()
    {
        var random = new Random(5);
        NpyFile.Write(_cli.PathOf("x.npy"),
            new NpyArray([3, 16], Enumerable.Range(0, 48).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()));
    }

    [Fact]
    public void A_failing_record_leaves_its_job_and_waveform_and_the_command_that_re_runs_it()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0,2",
            "-o", _cli.PathOf("y.edqa"), "--save-jobs", _cli.PathOf("y.jobs")).Code);
        // The golden model's answer with record 2's first word wrong: a deliberately wrong expected result.
        IReadOnlyList<AcceleratorJob> jobs = JobStream.Read(_cli.PathOf("y.jobs"));
        IReadOnlyList<JobResult> wrong = GoldenJobRunner.Accelerator.Run(jobs);
        wrong[0].Records[2].Output[0] ^= 1;
        ResultStream.Write(_cli.PathOf("wrong.results"), wrong);
        string kept = _cli.PathOf("kept");
        Directory.CreateDirectory(kept);

        var (code, output, error) = _cli.Run("jobs", "check", _cli.PathOf("y.jobs"), "--results",
            _cli.PathOf("wrong.results"), "--failure-dir", kept);

        Assert.True(code == 1, error + output);
        Assert.Contains("job 0 (x), record 2: output word 0", output);
        string failingJobs = Path.Combine(kept, FailingRecord.Stem + ".jobs");
        AcceleratorJob alone = Assert.Single(JobStream.Read(failingJobs));
        JobRecord record = Assert.Single(alone.Records);
        Assert.Equal(jobs[0].Records[2].Input, record.Input);
        string waveform = File.ReadAllText(Path.Combine(kept, FailingRecord.Stem + ".vcd"));
        Assert.Contains("$enddefinitions", waveform);
        // The datapath is in it: every x the quantizer read (16 of them, a real each), the code words and the
        // record's index; the loop rows are named beside it, idle apart from the first row.
        Assert.Equal(16, Changes(waveform, "values_out").Count(v => v != "r0"));
        Assert.Contains(Changes(waveform, "encoded_in"), v => v != "b0");
        Assert.Contains("b1", Changes(waveform, "records_routed"));
        Assert.Contains("-1 (no loop)", File.ReadAllText(Path.Combine(kept, FailingRecord.Stem + ".loops.txt")));
        Assert.Equal(new string('1', 32), Changes(waveform, "loop")[0].TrimStart('b'));

        // The one command printed re-runs that record alone, and its answer is the golden model's.
        string line = output.Split('\n').Single(l => l.Contains("re-run it: ", StringComparison.Ordinal));
        string[] command = line[(line.IndexOf("re-run it: ", StringComparison.Ordinal) + 11)..].Trim().Split(' ');
        Assert.Equal(SimulationProcessTarget.DefaultRunner(), command[0]);
        File.Delete(Path.Combine(kept, FailingRecord.Stem + ".vcd"));
        (int rerun, _, string rerunError) = Execute(command[0], command[1..]);
        Assert.True(rerun == 0, rerunError);
        Assert.True(File.Exists(Path.Combine(kept, FailingRecord.Stem + ".vcd")));
        Assert.Equal(0, _cli.Run("jobs", "check", failingJobs, "--results",
            Path.Combine(kept, FailingRecord.Stem + ".results")).Code);
    }

    /// <summary>verify and run, against a runner that answers one x-hat wrongly, stop at the difference (exit 1),
    /// keep its first failing record as a job with its waveform and print the one edqa-sim command that re-runs it.
    /// </summary>
    [Fact]
    public void A_difference_in_verify_or_run_leaves_the_failing_record_its_waveform_and_the_command()
    {
        string runner = FaultyRunner();
        string previous = Environment.GetEnvironmentVariable(SimulationProcessTarget.RunnerEnvironmentVariable) ?? "";
        Environment.SetEnvironmentVariable(SimulationProcessTarget.RunnerEnvironmentVariable, runner);
        try
        {
            string verifyDir = _cli.PathOf("verify-failure"), runDir = _cli.PathOf("run-failure");
            Directory.CreateDirectory(verifyDir);
            Directory.CreateDirectory(runDir);
            var verify = _cli.Run("verify", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0,2",
                "--targets", "reference,sim-process", "--scale", "channel", "--failure-dir", verifyDir);
            AssertKept(verify, verifyDir, runner);

            string root = Edqa.Tests.NativeBuild.RepositoryRoot;
            var run = _cli.Run("run", "--model", Path.Combine(root, "models", "cnn.bin"), "--rank",
                Path.Combine(root, "models", "cnn-rank.json"), "--target", "sim-process", "--skip-accuracy",
                "--failure-dir", runDir);
            AssertKept(run, runDir, runner);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SimulationProcessTarget.RunnerEnvironmentVariable,
                previous.Length > 0 ? previous : null);
        }
    }

    private static void AssertKept((int Code, string Out, string Error) result, string directory, string runner)
    {
        Assert.True(result.Code == 1, result.Error + result.Out);
        string all = result.Out + result.Error;
        // The difference is in a de-quantize job (the runner flips an x-hat): that job's record, alone.
        AcceleratorJob alone = Assert.Single(JobStream.Read(Path.Combine(directory, FailingRecord.Stem + ".jobs")));
        Assert.Equal(AcceleratorOp.Dequantize, alone.Op);
        Assert.Single(alone.Records);
        Assert.Contains("$enddefinitions", File.ReadAllText(Path.Combine(directory, FailingRecord.Stem + ".vcd")));
        string line = all.Split('\n').Single(l => l.Contains("re-run it: ", StringComparison.Ordinal));
        Assert.Contains($"{runner} run {Path.Combine(directory, FailingRecord.Stem + ".jobs")} ", line);
        Assert.Contains($"--vcd {Path.Combine(directory, FailingRecord.Stem + ".vcd")}", line);
    }

    /// <summary>A stand-in for edqa-sim (through EDQA_SIM_RUNNER, the documented way to choose the runner): the
    /// real runner, then the first output word of the first de-quantize job's answer has its lowest bit flipped and
    /// that job result's CRC made good again, so the difference is in a value, not in the stream's format. Perl:
    /// Debian's perl-base is essential, always there.</summary>
    private string FaultyRunner()
    {
        string path = _cli.PathOf("edqa-sim");
        File.WriteAllText(path, $$"""
            #!/usr/bin/perl
            use strict;
            use warnings;
            my $code = system('{{SimulationProcessTarget.DefaultRunner()}}', @ARGV) >> 8;
            exit $code if $code != 0 || $ARGV[0] ne 'run';
            open my $in, '<:raw', $ARGV[2] or die "$ARGV[2]: $!";
            my @w = unpack 'V*', do { local $/; <$in> };
            close $in;
            my $i = 4;  # after the header: job, accelerator, op, R, C, R record results, outputs, CRC per job
            for my $job (1 .. $w[2]) {
              my ($start, $op, $r, $c) = ($i, $w[$i + 2], $w[$i + 3], $w[$i + 4]);
              my $outputs = 0;
              $i += 5;
              for (1 .. $r) { $i += 3 + $c; $outputs += $w[$i]; $i += 2 + int(($w[$i + 1] + 3) / 4); }
              if ($op == 1 && $outputs > 0) {
                $w[$i] ^= 1;
                my $crc = 0xFFFFFFFF;
                for my $byte (unpack 'C*', pack 'V*', @w[$start .. $i + $outputs - 1]) {
                  $crc ^= $byte;
                  $crc = ($crc >> 1) ^ (($crc & 1) ? 0x82F63B78 : 0) for 1 .. 8;
                }
                $w[$i + $outputs] = $crc ^ 0xFFFFFFFF;
                open my $out, '>:raw', $ARGV[2] or die "$ARGV[2]: $!";
                print $out pack 'V*', @w;
                exit 0;
              }
              $i += $outputs + 1;
            }
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void The_runner_selects_one_record_and_prints_no_banner()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1",
            "-o", _cli.PathOf("y.edqa"), "--save-jobs", _cli.PathOf("y.jobs")).Code);
        (int code, string output, string error) = Execute(SimulationProcessTarget.DefaultRunner(),
            ["run", _cli.PathOf("y.jobs"), _cli.PathOf("one.results"), "--job", "0", "--record", "1"]);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("Copyright", error + output, StringComparison.OrdinalIgnoreCase);
        JobResult answer = Assert.Single(ResultStream.Read(_cli.PathOf("one.results")));
        RecordResult one = Assert.Single(answer.Records);
        Assert.Equal(GoldenJobRunner.Accelerator.Run(JobStream.Read(_cli.PathOf("y.jobs")))[0].Records[1].Output,
            one.Output);

        // jobs check takes the same selection: that record is the golden model's; another record is not what the
        // runner answered (a difference), and a selection outside the stream is a usage error.
        string[] check = ["jobs", "check", _cli.PathOf("y.jobs"), "--results", _cli.PathOf("one.results"),
            "--failure-dir", _cli.Directory];
        var same = _cli.Run([.. check, "--job", "0", "--record", "1"]);
        Assert.True(same.Code == 0, same.Error + same.Out);
        Assert.Contains("answer record 1 of job 0", same.Out);
        Assert.Equal(1, _cli.Run([.. check, "--job", "0", "--record", "0"]).Code);
        Assert.Equal(2, _cli.Run([.. check, "--job", "1"]).Code);
        Assert.Equal(2, _cli.Run([.. check, "--record", "1"]).Code);
    }

    [Fact]
    public void A_record_labelled_as_an_expected_refusal_that_runs_is_a_difference()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1",
            "-o", _cli.PathOf("y.edqa"), "--save-jobs", _cli.PathOf("y.jobs")).Code);
        AcceleratorJob job = JobStream.Read(_cli.PathOf("y.jobs"))[0];
        JobStream.Write(_cli.PathOf("labelled.jobs"), [job with { Label = AcceleratorJob.ExpectedRefusal + "sound" }]);
        (int code, _, string error) = Execute(SimulationProcessTarget.DefaultRunner(),
            ["run", _cli.PathOf("labelled.jobs"), _cli.PathOf("labelled.results")]);
        Assert.Equal(1, code);
        Assert.Contains("expected a refusal, got ok", error);
    }

    [Fact]
    public void Run_takes_quantize_s_accelerator_options_and_saves_its_jobs()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        var (code, output, error) = _cli.Run("run", "--model", Path.Combine(root, "models", "cnn.bin"),
            "--rank", Path.Combine(root, "models", "cnn-rank.json"), "--coding", "static", "--units", "2",
            "--lanes", "2", "--save-jobs", _cli.PathOf("run.jobs"), "--skip-accuracy", "--format", "json");
        Assert.True(code == 0, error + output);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("static", document.RootElement.GetProperty("coding").GetString());
        Assert.Equal("sim (2x2)", document.RootElement.GetProperty("target").GetString());
        Assert.True(document.RootElement.GetProperty("bit_exact").GetBoolean());
        // A quantize and a de-quantize job per layer, with the layer's static code; they check on the golden model.
        IReadOnlyList<AcceleratorJob> jobs = JobStream.Read(_cli.PathOf("run.jobs"));
        Assert.Equal(2 * document.RootElement.GetProperty("layers").GetProperty("rows").GetArrayLength(), jobs.Count);
        Assert.All(jobs, job => Assert.NotNull(job.StaticCode));
        Assert.Equal(2, _cli.Run("run", "--coding", "huffman").Code);
        Assert.Equal(2, _cli.Run("run", "--units", "3").Code);
    }

    [Fact]
    public void A_layer_without_important_channels_has_no_huffman_ratio()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        var (code, output, error) = _cli.Run("run", "--model", Path.Combine(root, "models", "cnn.bin"),
            "--rank", Path.Combine(root, "models", "cnn-rank.json"), "--ratio", "0", "--target", "reference",
            "--skip-accuracy", "--format", "json", "--report", _cli.PathOf("run.md"));
        Assert.True(code == 0, error + output);
        // The report of that run: its configuration, per-layer sizes and modes, resources and its figure.
        string report = File.ReadAllText(_cli.PathOf("run.md"));
        Assert.Contains("| coding | adaptive |", report);
        Assert.Contains("| relu1 | 1605632 | 3.000 | 0 | 0 | 0 |", report);
        Assert.Contains("## Resources", report);
        Assert.Contains("counts no cycles", report);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(_cli.PathOf("run.png"))[..4]);
        Assert.Equal(3, _cli.Run("run", "--report", _cli.PathOf("no-such-folder/r.md")).Code);
        using var document = JsonDocument.Parse(output);
        Assert.All(document.RootElement.GetProperty("layers").GetProperty("rows").EnumerateArray(), row =>
        {
            Assert.Equal(0, row.GetProperty("important").GetInt32());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("huffman_ratio").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("quantize_cycles").ValueKind);
        });
    }

    [Fact]
    public void Inspect_shows_one_record_with_its_q_and_e_also_as_npy()
    {
        Assert.Equal(0, _cli.Run("quantize", "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1",
            "--coding", "static", "-o", _cli.PathOf("y.edqa")).Code);
        var (code, output, error) = _cli.Run("inspect", _cli.PathOf("y.edqa"), "--record", "1", "--npy",
            _cli.PathOf("r1"), "--format", "json");
        Assert.True(code == 0, error + output);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal(1, root.GetProperty("channel").GetInt32());
        Assert.True(root.GetProperty("important").GetBoolean());
        Assert.Contains(root.GetProperty("mode").GetString(), new[] { "static", "raw" });
        JsonElement[] rows = root.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(16, rows.Length);
        float[] q = NpyFile.Read(_cli.PathOf("r1.q.npy")).Data;
        float[] e = NpyFile.Read(_cli.PathOf("r1.e.npy")).Data;
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(q[i], rows[i].GetProperty("q").GetInt32());
            Assert.Equal(e[i], rows[i].GetProperty("e").GetInt32());
            Assert.Equal((q[i] * 8) + e[i], rows[i].GetProperty("t").GetInt32());
        }

        // The direct record beside it has no e and no mode of its own.
        var direct = _cli.Run("inspect", _cli.PathOf("y.edqa"), "--record", "0", "--format", "csv");
        Assert.Equal(0, direct.Code);
        Assert.Contains(",direct,", direct.Out);
        Assert.Equal(2, _cli.Run("inspect", _cli.PathOf("y.edqa"), "--record", "3").Code);
        Assert.Equal(2, _cli.Run("inspect", _cli.PathOf("y.edqa"), "--npy", _cli.PathOf("r")).Code);
    }

    [Fact]
    public void Capture_says_and_takes_the_settings_the_upstream_layers_run_at()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string[] network =
        [
            "--model", Path.Combine(root, "models", "cnn.bin"), "--rank", Path.Combine(root, "models", "cnn-rank.json"),
        ];
        var (code, output, error) = _cli.Run(["capture", .. network, "-o", _cli.PathOf("a")]);
        Assert.True(code == 0, error + output);
        Assert.Contains("at N=3, m=3, r = 0.4, scales per channel", output);
        var (other, otherOutput, otherError) =
            _cli.Run(["capture", .. network, "-o", _cli.PathOf("b"), "-n", "2", "-m", "1", "-r", "0"]);
        Assert.True(other == 0, otherError + otherOutput);
        Assert.Contains("at N=2, m=1, r = 0", otherOutput);
        // The first point sees the input alone; a later one sees what the layers before it made of it.
        Assert.Equal(NpyFile.Read(Path.Combine(_cli.PathOf("a"), "relu1.npy")).Data,
            NpyFile.Read(Path.Combine(_cli.PathOf("b"), "relu1.npy")).Data);
        Assert.NotEqual(NpyFile.Read(Path.Combine(_cli.PathOf("a"), "relu4.npy")).Data,
            NpyFile.Read(Path.Combine(_cli.PathOf("b"), "relu4.npy")).Data);
        Assert.Equal(2, _cli.Run(["capture", .. network, "-o", _cli.PathOf("c"), "-r", "2"]).Code);
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>The values a VCD gives the first signal named <paramref name="name"/>, in time order.</summary>
    private static List<string> Changes(string vcd, string name)
    {
        string[] lines = vcd.Split('\n');
        string id = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f.Length >= 5 && f[0] == "$var" && f[4] == name)[3];
        return lines.Select(l => l.Split(' ')).Where(f => f.Length == 2 && f[1] == id).Select(f => f[0]).ToList();
    }

    /// <summary>Runs a program as a user's shell would: without the Makefile's banner variable.</summary>
    private static (int Code, string Out, string Error) Execute(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE");
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
