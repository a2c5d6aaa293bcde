using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Edqa.HwLint;

/// <summary>7-series primitives as Yosys maps them (<c>synth_xilinx -family xc7</c>): the RTL kernels of hw/rtl/
/// and every memory shape of the design. Yosys has no timing closure and no place and route; its mapping is the one
/// an RTL designer would get from Vivado's inference rules, close but not equal to Vivado's.</summary>
internal static partial class Synthesis
{
    /// <summary>Counts per primitive, and the resource columns the reports use.</summary>
    public sealed record Primitives(IReadOnlyDictionary<string, int> Cells)
    {
        private int Sum(Func<string, bool> which) => Cells.Where(c => which(c.Key)).Sum(c => c.Value);

        /// <summary>Logic LUTs (LUT1-LUT6).</summary>
        public int Lut => Sum(c => c.StartsWith("LUT", StringComparison.Ordinal));

        /// <summary>LUTs used as memory: a RAM32M or RAM64M is a SLICEM's four LUTs, a RAM128X1D two per bit
        /// position pair, a RAM256X1S four.</summary>
        public int LutRam => Sum(c => c is "RAM32M" or "RAM64M" or "RAM256X1S") * 4
            + Sum(c => c is "RAM128X1D") * 4 + Sum(c => c is "RAM64X1D" or "RAM32X1D") * 2
            + Sum(c => c is "RAM32X1S" or "RAM64X1S" or "RAM128X1S") * 2;

        public int Ff => Sum(c => c.StartsWith("FD", StringComparison.Ordinal));

        /// <summary>Block RAM in RAMB18 units (a RAMB36E1 is two).</summary>
        public int Bram18 => Sum(c => c == "RAMB18E1") + 2 * Sum(c => c == "RAMB36E1");

        public int Dsp => Sum(c => c == "DSP48E1");
    }

    [GeneratedRegex(@"^\s+(?<cell>[A-Z][A-Z0-9_]*)\s+(?<n>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CellCount();

    private static readonly ConcurrentDictionary<(long, int, string?), Primitives> MemoryCache = new();

    /// <summary>The primitives of a Verilog module, flattened.</summary>
    public static Primitives Cells(string file, string top, string yosys = "yosys") => Cells([file], top, yosys);

    /// <summary>The primitives of module <paramref name="top"/> read from <paramref name="files"/> (a kernel and the
    /// modules it instantiates): the totals of the design hierarchy, the last block stat prints.</summary>
    public static Primitives Cells(IReadOnlyList<string> files, string top, string yosys = "yosys")
    {
        string stat = Yosys(yosys,
            $"read_verilog {string.Join(' ', files)}; synth_xilinx -family xc7 -top {top}; stat", files);
        // The statistics of the flattened top: the last block yosys prints.
        int last = stat.LastIndexOf("Number of cells", StringComparison.Ordinal);
        var cells = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (Match c in CellCount().Matches(last < 0 ? "" : stat[last..]))
        {
            cells[c.Groups["cell"].Value] = int.Parse(c.Groups["n"].Value, CultureInfo.InvariantCulture);
        }

        return new Primitives(cells);
    }

    /// <summary>A memory of depth x width as HLS's RAM_2P core builds it: one write port, one read port with the
    /// read registered (no output register: edqa_schedule.h's one-cycle read). A pinned style ("block",
    /// "distributed") becomes the ram_style attribute HLS writes for a RESOURCE core; without one Yosys
    /// chooses.</summary>
    public static Primitives Memory(long depth, int width, string? style = null, string yosys = "yosys") =>
        MemoryCache.GetOrAdd((depth, width, style), key =>
        {
            int address = Math.Max(1, (int)Math.Ceiling(Math.Log2(key.Item1)));
            string style = key.Item3 is null ? "" : $"(* ram_style = \"{key.Item3}\" *) ";
            string file = Path.Combine(Path.GetTempPath(),
                $"edqa-memory-{Environment.ProcessId}-{Guid.NewGuid():N}-{key.Item1}x{key.Item2}.v");
            File.WriteAllText(file, $$"""
                module memory (input clk, input we, input [{{address - 1}}:0] wa, input [{{key.Item2 - 1}}:0] wd,
                               input [{{address - 1}}:0] ra, output reg [{{key.Item2 - 1}}:0] rd);
                  {{style}}reg [{{key.Item2 - 1}}:0] cells [0:{{key.Item1 - 1}}];
                  always @(posedge clk) begin
                    if (we) cells[wa] <= wd;
                    rd <= cells[ra];
                  end
                endmodule
                """);
            try
            {
                return Cells(file, "memory", yosys);
            }
            finally
            {
                File.Delete(file);
            }
        });

    /// <summary>Runs a Yosys script on one Verilog file; its output, or an error naming the script. Outputs are
    /// kept in a cache keyed by the script (file name aside), the file's text and the Yosys binary, so the lint, the
    /// evidence table and the resource estimate measure each module once per change.</summary>
    public static string Yosys(string yosys, string script, string file) => Yosys(yosys, script, [file]);

    /// <summary>As <see cref="Yosys(string, string, string)"/> on several files: the key holds every file's
    /// text.</summary>
    public static string Yosys(string yosys, string script, IReadOnlyList<string> files)
    {
        string keyed = files.Select((f, i) => (f, i))
            .Aggregate(script, (k, x) => k.Replace(x.f, $"<file{x.i}>", StringComparison.Ordinal));
        byte[] text = System.Text.Encoding.UTF8.GetBytes(keyed + "\n"
            + string.Join("\n", files.Select(File.ReadAllText)) + "\n" + ResolvedYosys(yosys));
        string key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(text))[..32];
        string cache = Path.Combine(Path.GetTempPath(), "edqa-yosys-cache");
        string cached = Path.Combine(cache, key + ".log");
        if (File.Exists(cached))
        {
            return File.ReadAllText(cached);
        }

        string output = Run(yosys, script);
        try
        {
            Directory.CreateDirectory(cache);
            // Written whole under a temporary name, then moved: a concurrent run never reads half a log.
            string partial = cached + $".{Environment.ProcessId}.{Guid.NewGuid():N}";
            File.WriteAllText(partial, output);
            File.Move(partial, cached, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time: a full or read-only temp folder measures anew next time.
        }

        return output;
    }

    /// <summary>The Yosys binary's path and modification time: a new Yosys measures anew.</summary>
    private static string ResolvedYosys(string yosys)
    {
        string? path = Path.IsPathRooted(yosys)
            ? yosys
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                .Select(d => Path.Combine(d, yosys)).FirstOrDefault(File.Exists);
        return path is null ? yosys : $"{path} {File.GetLastWriteTimeUtc(path):O}";
    }

    private static string Run(string yosys, string script)
    {
        var start = new ProcessStartInfo(yosys)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(script);
        using Process process = Process.Start(start)
            ?? throw new InvalidOperationException($"cannot start {yosys} (make deps installs it)");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"yosys failed ({process.ExitCode}) on: {script}\n{error.Result}"
                + output[Math.Max(0, output.Length - 2000)..]);
        }

        return output;
    }
}
