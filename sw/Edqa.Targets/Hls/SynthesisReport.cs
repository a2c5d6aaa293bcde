using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Edqa.Core;

namespace Edqa.Targets.Hls;

/// <summary>A loop of a Vivado HLS synthesis report: its name (a label in hw/), what HLS scheduled, and the loops
/// it is nested in (innermost first) and that are nested in it.</summary>
public sealed record ReportedLoop(string Name, int? Ii, int? Depth, string TripCount, string Latency,
    IReadOnlyList<string> Enclosing, int NestedLoops);

/// <summary>The resources of a report (its module and what it instantiates), and what the part offers.</summary>
public sealed record ReportedResources(int Bram18K, int Dsp48, int Ff, int Lut, int? AvailableBram18K,
    int? AvailableDsp48, int? AvailableFf, int? AvailableLut);

/// <summary>
/// One <c>csynth.xml</c> of Vivado HLS 2019.2 (<c>&lt;solution&gt;/syn/report/</c>: one for the top and one per
/// module): the top's name, the part, the target and estimated clock, the latency, every loop with its II and
/// pipeline depth (nested loops included), and the area estimate. Values HLS could not bound ("?") are kept as text.
/// </summary>
public sealed record SynthesisReport(string Path, string Top, string Part, double TargetClockNs,
    double? EstimatedClockNs,
    string WorstCaseLatency, IReadOnlyList<ReportedLoop> Loops, ReportedResources Resources)
{
    /// <summary>How deep elements may nest: a report is about six levels plus one per nested loop; real designs nest
    /// a few loops. Deeper files are refused before a tree is built, so nothing below walks an unbounded
    /// depth.</summary>
    public const int MaxDepth = 64;

    public static SynthesisReport Read(string path, string text)
    {
        XDocument document;
        try
        {
            // A report has no DTD; refusing one keeps entity expansion out of a file read from anywhere.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using (var scan = XmlReader.Create(new StringReader(text), settings))
            {
                // One streaming pass first: it holds no tree, so it is linear however deep the file nests.
                while (scan.Read())
                {
                    if (scan.Depth > MaxDepth)
                    {
                        throw new EdqaFormatException(
                            $"{path}: elements nested more than {MaxDepth} deep (line "
                            + $"{((IXmlLineInfo)scan).LineNumber}): not a Vivado HLS csynth.xml");
                    }
                }
            }

            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new EdqaFormatException($"{path}: not XML ({e.Message})");
        }

        XElement profile = document.Root is { Name.LocalName: "profile" } root
            ? root
            : throw new EdqaFormatException(
                $"{path}: the root element is <{document.Root?.Name.LocalName}>, not <profile>: not a Vivado "
                + $"HLS csynth.xml");
        XElement Required(XElement parent, string name) =>
            parent.Element(name)
                ?? throw new EdqaFormatException(
                    $"{path}: <{parent.Name.LocalName}> has no <{name}>: not a Vivado HLS csynth.xml");

        XElement user = Required(profile, "UserAssignments");
        XElement performance = Required(profile, "PerformanceEstimates");
        XElement area = Required(profile, "AreaEstimates");
        XElement resources = Required(area, "Resources");
        XElement? available = area.Element("AvailableResources");

        int Count(XElement parent, string name)
        {
            string value = Required(parent, name).Value.Trim();
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                ? count
                : throw new EdqaFormatException($"{path}: <{name}> is '{value}', not a count");
        }

        int? Optional(XElement? parent, string name) =>
            parent?.Element(name) is { } element
                && int.TryParse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                ? value
                : null;

        double target = double.TryParse(Required(user, "TargetClockPeriod").Value.Trim(), NumberStyles.Float,
            CultureInfo.InvariantCulture, out double t) && t > 0
            ? t
            : throw new EdqaFormatException($"{path}: <TargetClockPeriod> is not a positive number of ns");
        double? estimated = performance.Element("SummaryOfTimingAnalysis")?.Element("EstimatedClockPeriod") is { } e2
            && double.TryParse(e2.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double clock)
                ? clock
                : null;

        var loops = new List<ReportedLoop>();
        if (performance.Element("SummaryOfLoopLatency") is { } summary)
        {
            AddLoops(summary, loops);
        }

        return new SynthesisReport(path, Required(user, "TopModelName").Value.Trim(),
            user.Element("Part")?.Value.Trim() ?? string.Empty, target, estimated,
            performance.Element("SummaryOfOverallLatency")?.Element("Worst-caseLatency")?.Value.Trim() ?? "?", loops,
            new ReportedResources(Count(resources, "BRAM_18K"), Count(resources, "DSP48E"), Count(resources, "FF"),
                Count(resources, "LUT"),
                Optional(available, "BRAM_18K"), Optional(available, "DSP48E"), Optional(available, "FF"),
                Optional(available, "LUT")));

        // A loop element holds its numbers and, as further elements, the loops nested in it: walked with a stack of
        // its own (depth-first, in document order), not by recursion.
        static void AddLoops(XElement summary, List<ReportedLoop> into)
        {
            static int? Number(XElement? element) =>
                element is not null
                    && int.TryParse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                    ? n
                    : null;
            static string Range(XElement? element) => element is null ? "?" : element.Element("range") is { } range
                ? $"{range.Element("min")?.Value.Trim()}..{range.Element("max")?.Value.Trim()}"
                : element.Value.Trim();

            var pending = new Stack<(XElement Loop, string[] Enclosing)>();
            foreach (XElement loop in summary.Elements().Reverse())
            {
                pending.Push((loop, []));
            }

            while (pending.TryPop(out var next))
            {
                (XElement loop, string[] enclosing) = next;
                var nested = loop.Elements().Where(c =>
                    c.Element("TripCount") is not null || c.Element("Latency") is not null).ToList();
                into.Add(new ReportedLoop(loop.Name.LocalName, Number(loop.Element("PipelineII")),
                    Number(loop.Element("PipelineDepth")),
                    Range(loop.Element("TripCount")), Range(loop.Element("Latency")), enclosing, nested.Count));
                string[] inner = [loop.Name.LocalName, .. enclosing];
                for (int i = nested.Count - 1; i >= 0; i--)
                {
                    pending.Push((nested[i], inner));
                }
            }
        }
    }
}
