using System.Globalization;
using System.Text;
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
public static class BoardMap
{
    /// <summary>The parts of one <c>#define X&lt;TOP&gt;_&lt;BUNDLE&gt;_&lt;KIND&gt;_&lt;REGISTER&gt;_DATA value</c>
    /// line (KIND is ADDR or BITS); the value is the token after the name, checked by the caller.</summary>
    private readonly record struct DataDefine(string Top, string Bundle, string Kind, string Register, string Value);

    private static readonly string[] Markers = ["_CTRL_ADDR_", "_CTRL_BITS_", "_COUNTERS_ADDR_", "_COUNTERS_BITS_"];

    /// <summary>Splits a line into a data define, or null when it is not one. One pass over the line and a few
    /// IndexOf calls over its name: linear in its length whatever it holds (a regex with a lazy top and a greedy
    /// register backtracked quadratically on long lines). The top is the shortest prefix followed by a
    /// bundle-and-kind marker, as the regex this replaces took it.</summary>
    private static DataDefine? SplitDefine(ReadOnlySpan<char> line)
    {
        static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
        int i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        if (!line[i..].StartsWith("#define", StringComparison.Ordinal))
        {
            return null;
        }

        i += "#define".Length;
        int spaces = i;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        int nameStart = i;
        while (i < line.Length && IsWord(line[i]))
        {
            i++;
        }

        ReadOnlySpan<char> name = line[nameStart..i];
        if (i == spaces || name.Length < 2 || name[0] != 'X' || !name.EndsWith("_DATA", StringComparison.Ordinal)
            || (i < line.Length && !char.IsWhiteSpace(line[i])))
        {
            return null;
        }

        // The earliest marker after at least one character of the top, leaving at least one for the register.
        int best = -1;
        string? marker = null;
        foreach (string candidate in Markers)
        {
            int at = name[2..].IndexOf(candidate, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at + 2 < best))
            {
                (best, marker) = (at + 2, candidate);
            }
        }

        int registerStart = best + (marker?.Length ?? 0);
        if (marker is null || registerStart >= name.Length - "_DATA".Length)
        {
            return null;
        }

        ReadOnlySpan<char> value = line[i..].Trim();
        string[] parts = marker.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return new DataDefine(name[1..best].ToString(), parts[0], parts[1],
            name[registerStart..^"_DATA".Length].ToString(), value.ToString());
    }

    /// <summary>A define's value as C reads it: hexadecimal (0x...) or decimal; a leading 0 is octal in C, which
    /// HLS never writes, so it is refused rather than read as the decimal C would not see. The native reader of the
    /// map this writes (EDQA_BOARD_MAP, parse_number in sim/board/board_access.cpp) has the same rules, and reads a
    /// CRLF line as its LF line as <see cref="ReadHeader"/> does: keep the two readers identical.</summary>
    private static ulong DefineValue(string where, string register, string value)
    {
        bool hex = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        ReadOnlySpan<char> digits = hex ? value.AsSpan(2) : value;
        if (digits.IsEmpty || digits.ContainsAnyExcept(hex ? "0123456789abcdefABCDEF" : "0123456789"))
        {
            throw new EdqaFormatException(
                $"{where}: {register}'s value '{Shorten(value)}' is not a number (0x... or decimal)");
        }

        if (!hex && digits.Length > 1 && digits[0] == '0')
        {
            throw new EdqaFormatException(
                $"{where}: {register}'s value {value} is octal in C; Vivado HLS writes offsets in hexadecimal");
        }

        return ulong.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None,
            CultureInfo.InvariantCulture, out ulong number)
            ? number
            : throw new EdqaFormatException($"{where}: {register}'s {Shorten(value)} does not fit 64 bits");
    }

    /// <summary>A name or value for a message: a generated line can be very long.</summary>
    private static string Shorten(string text) => text.Length <= 80 ? text : $"{text[..77]}...";

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
            if (SplitDefine(line.AsSpan().TrimEnd('\r')) is not { } define)
            {
                continue;
            }

            string where = $"{path}:{lineNumber}";
            if (top is not null && define.Top != top)
            {
                throw new EdqaFormatException(
                    $"{where}: X{Shorten(define.Top)}_ after X{top}_: one header describes one accelerator");
            }

            top = define.Top;
            string bundle = define.Bundle.ToLowerInvariant();
            string register = define.Register;
            string shown = Shorten(register);
            string value = Shorten(define.Value);
            ulong number = DefineValue(where, shown, define.Value);
            if (define.Kind == "ADDR")
            {
                if (number % 4 != 0 || number >= 0x10000)
                {
                    throw new EdqaFormatException(
                        $"{where}: {shown} at {value} is not a word offset in a 64 KiB AXI-Lite bundle");
                }

                if (!offsets.TryAdd(register, (bundle, (uint)number)))
                {
                    throw new EdqaFormatException($"{where}: {shown} is defined twice");
                }
            }
            else
            {
                if (number is 0 or > 32)
                {
                    throw new EdqaFormatException(
                        $"{where}: {shown} is {value} bits wide; an AXI-Lite data register holds 1 to 32");
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
                    $"{path}: {Shorten(register)} has an address but no "
                    + $"X{top}_..._BITS_{Shorten(register)}_DATA width");
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
