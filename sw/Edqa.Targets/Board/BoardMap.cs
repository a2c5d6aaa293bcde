using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Edqa.Bindings;
using Edqa.Core;
using Edqa.Core.Jobs;

namespace Edqa.Targets.Board;

/// <summary>
/// The board map's register offsets from the headers Vivado HLS generates for each accelerator's IP
/// (<c>drivers/&lt;top&gt;_v1_0/src/x&lt;top&gt;_hw.h</c>). HLS places every AXI-Lite register itself: it reserves
/// 0x00-0x0C of a bundle, gives each input a data word and each output a data word and a valid word, and names the
/// register after its port (a <c>sc_uint</c> port gets a <c>_V</c> suffix). The map this writes is what the board
/// runner reads (EDQA_BOARD_MAP, sim/board/board_access.h): one EDQA_BOARD_REG_&lt;NAME&gt;=offset line per register.
/// Every register of the table (hw/edqa_registers.h) must be found in the bundle the table puts it in, at least as
/// wide; a register the table does not know means the IP and this build disagree, and is refused too. The map also
/// says which accelerators the bitstream has (EDQA_BOARD_NOISYQUANT: 1 when a NoisyQuant header was given, else 0),
/// so the driver never touches an absent one: on the ARM that access is an external abort.
/// </summary>
public static partial class BoardMap
{
    /// <summary>One <c>#define X&lt;TOP&gt;_&lt;BUNDLE&gt;_ADDR_&lt;REGISTER&gt;_DATA</c> (or <c>_BITS_</c>)
    /// line.</summary>
    [GeneratedRegex(
        @"^\s*#define\s+X(?<top>\w+?)_(?<bundle>CTRL|COUNTERS)_(?<kind>ADDR|BITS)_(?<register>\w+)_DATA"
        + @"\s+(?<value>0[xX][0-9A-Fa-f]+|\d+)\s*$")]
    private static partial Regex DataDefine();

    /// <summary>The registers one header describes: its top's name and, per register, bundle, offset and
    /// width.</summary>
    public sealed record HlsHeader(string Path, string Top, IReadOnlyDictionary<string, HlsRegister> Registers);

    public sealed record HlsRegister(string Bundle, uint Offset, int Bits);

    /// <summary>Reads the data registers of one generated header.</summary>
    public static HlsHeader ReadHeader(string path, string text)
    {
        string? top = null;
        var offsets = new Dictionary<string, (string Bundle, uint Offset)>();
        var bits = new Dictionary<string, int>();
        int lineNumber = 0;
        foreach (string line in text.Split('\n'))
        {
            lineNumber++;
            Match match = DataDefine().Match(line.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            string where = $"{path}:{lineNumber}";
            string thisTop = match.Groups["top"].Value;
            if (top is not null && thisTop != top)
            {
                throw new EdqaFormatException(
                    $"{where}: X{thisTop}_ after X{top}_: one header describes one accelerator");
            }

            top = thisTop;
            string bundle = match.Groups["bundle"].Value.ToLowerInvariant();
            string register = match.Groups["register"].Value;
            string value = match.Groups["value"].Value;
            bool hex = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (!(hex
                ? ulong.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture,
                    out ulong number)
                      : ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number)))
            {
                throw new EdqaFormatException($"{where}: {register}'s {value} does not fit 64 bits");
            }

            if (match.Groups["kind"].Value == "ADDR")
            {
                if (number % 4 != 0 || number >= 0x10000)
                {
                    throw new EdqaFormatException(
                        $"{where}: {register} at {value} is not a word offset in a 64 KiB AXI-Lite bundle");
                }

                if (!offsets.TryAdd(register, (bundle, (uint)number)))
                {
                    throw new EdqaFormatException($"{where}: {register} is defined twice");
                }
            }
            else
            {
                if (number is 0 or > 32)
                {
                    throw new EdqaFormatException(
                        $"{where}: {register} is {value} bits wide; an AXI-Lite data register holds 1 to 32");
                }

                bits[register] = (int)number;
            }
        }

        if (top is null)
        {
            throw new EdqaFormatException(
                $"{path}: no X<TOP>_CTRL_ADDR_<REGISTER>_DATA or X<TOP>_COUNTERS_ADDR_... defines: not a Vivado HLS "
                + $"x<top>_hw.h of this design");
        }

        var registers = new Dictionary<string, HlsRegister>();
        foreach ((string register, (string bundle, uint offset)) in offsets)
        {
            if (!bits.TryGetValue(register, out int width))
            {
                throw new EdqaFormatException(
                    $"{path}: {register} has an address but no X{top}_..._BITS_{register}_DATA width");
            }

            registers[register] = new HlsRegister(bundle, offset, width);
        }

        return new HlsHeader(path, top, registers);
    }

    /// <summary>The header's register for a port: HLS spells it in capitals, with _V for an sc_uint port.</summary>
    private static string? Find(HlsHeader header, AcceleratorRegister register)
    {
        string name = register.Port.ToUpperInvariant();
        return header.Registers.ContainsKey(name) ? name : header.Registers.ContainsKey(name + "_V") ? name + "_V"
            : null;
    }

    /// <summary>Which accelerator a header belongs to: the one whose table's ports it has most of.</summary>
    private static AcceleratorKind Identify(HlsHeader header,
        IReadOnlyDictionary<AcceleratorKind, IReadOnlyList<AcceleratorRegister>> tables) =>
        tables.OrderByDescending(t => t.Value.Count(r => Find(header, r) is not null)).ThenBy(t => t.Key).First().Key;

    /// <summary>The board map's text: the register offsets of every header, checked against the tables.</summary>
    public static string Write(IReadOnlyList<HlsHeader> headers,
        IReadOnlyDictionary<AcceleratorKind, IReadOnlyList<AcceleratorRegister>> tables)
    {
        var text = new StringBuilder();
        text.AppendLine(
            "# The PYNQ-Z1 board map for edqa-board-runner (EDQA_BOARD_MAP=<this file>), written by `edqa "
            + "board map` from");
        foreach (HlsHeader header in headers)
        {
            text.AppendLine($"#   {System.IO.Path.GetFileName(header.Path)} (X{header.Top})");
        }

        text.AppendLine(
            "# Register offsets within their AXI-Lite bundle, as Vivado HLS placed them. The bundles' and DMAs' "
            + "base addresses");
        text.AppendLine(
            "# come from the Vivado address editor; add them here or set them in the environment "
            + "(EDQA_BOARD_EDQA_CONTROL,");
        text.AppendLine(
            "# EDQA_BOARD_EDQA_COUNTERS, EDQA_BOARD_EDQA_DMA, ...: sim/board/board_access.h lists every entry "
            + "and its default).");
        var seen = new HashSet<AcceleratorKind>();
        foreach (HlsHeader header in headers)
        {
            AcceleratorKind accelerator = Identify(header, tables);
            if (!seen.Add(accelerator))
            {
                throw new EdqaFormatException($"{header.Path}: a second header for the {accelerator} accelerator");
            }

            IReadOnlyList<AcceleratorRegister> table = tables[accelerator];
            var used = new HashSet<string>();
            string prefix = accelerator == AcceleratorKind.Edqa ? "EDQA_BOARD_REG_" : "EDQA_BOARD_NOISY_REG_";
            text.AppendLine();
            text.AppendLine($"# {accelerator}: X{header.Top}");
            foreach (AcceleratorRegister register in table)
            {
                string found = Find(header, register)
                    ?? throw new EdqaFormatException(
                        $"{header.Path}: the {accelerator} register {register.Name} (port {register.Port}) is missing: "
                        + $"is this the header of this design's IP, synthesized from this hw/?");
                HlsRegister hls = header.Registers[found];
                if (hls.Bundle != register.Bundle)
                {
                    throw new EdqaFormatException(
                        $"{header.Path}: {found} is in the AXI-Lite bundle {hls.Bundle}; hw/edqa_registers.h puts "
                        + $"{register.Name} in {register.Bundle}");
                }

                if (hls.Bits < register.Width)
                {
                    throw new EdqaFormatException(
                        $"{header.Path}: {found} is {hls.Bits} bits wide; {register.Name} needs {register.Width}");
                }

                used.Add(found);
                text.AppendLine(CultureInfo.InvariantCulture, $"{prefix}{register.Name}=0x{hls.Offset:X2}");
            }

            string? unknown =
                header.Registers.Keys.Order(StringComparer.Ordinal).FirstOrDefault(r => !used.Contains(r));
            if (unknown is not null)
            {
                throw new EdqaFormatException(
                    $"{header.Path}: {unknown} is not a register of the {accelerator} accelerator in "
                    + $"hw/edqa_registers.h: the IP and this build disagree");
            }
        }

        // The bitstream's accelerators: NoisyQuant only when its header was given (a 4 x 2 design has no room for it).
        text.AppendLine();
        text.AppendLine("# The accelerators this bitstream has: the driver never touches an absent one.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"EDQA_BOARD_NOISYQUANT={(seen.Contains(AcceleratorKind.NoisyQuant) ? 1 : 0)}");
        return text.ToString();
    }

    /// <summary>Both accelerators' register tables, through the C ABI.</summary>
    public static IReadOnlyDictionary<AcceleratorKind, IReadOnlyList<AcceleratorRegister>> Tables() =>
        new Dictionary<AcceleratorKind, IReadOnlyList<AcceleratorRegister>>
    {
        [AcceleratorKind.Edqa] = Simulator.Registers((uint)AcceleratorKind.Edqa),
        [AcceleratorKind.NoisyQuant] = Simulator.Registers((uint)AcceleratorKind.NoisyQuant),
    };
}
