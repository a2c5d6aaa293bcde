namespace Edqa.HwLint;

/// <summary>What no open tool here can measure, from the figures its vendor publishes: the Floating-Point Operator
/// cores HLS instantiates for the float operators, and the AXI infrastructure the board flow puts beside the IP
/// (hw/hls/README.md's block design). A figure whose source was not found stays modeled and says so.</summary>
internal static class Documented
{
    public sealed record Operator(int Lut, int Ff, int Dsp, SynthesisEstimate.Source Source, string Reference);

    /// <summary>Per operator instance: Vivado HLS's own estimate of the core it instantiates on the xc7z020-1, read
    /// from synthesis reports (csynth.rpt, "Instance" table) committed in public repositories; two independent
    /// reports agree on each (HLS 2016.2 and 2016.3 at 10 ns; sitofp from HLS 2017.2 at 5.6 ns, the deeper variant a
    /// 5 ns target picks). No report at HLS 2019.2 and 5 ns was found: HLS may pick deeper variants there. The same
    /// reports show synthesis needing about half the estimated LUTs of these cores and exactly their DSPs, so the LUT
    /// figures lean high.</summary>
    public static readonly IReadOnlyDictionary<string, Operator> Operators = new Dictionary<string, Operator>
    {
        ["fmul"] = new(321, 143, 3, SynthesisEstimate.Source.Documented,
            "fmul_32ns_32ns_32_4_max_dsp, csynth.rpt of ChenxiQ/ECE5775_Final_Project and kingkonghi/CENG3430"),
        ["fadd"] = new(390, 205, 2, SynthesisEstimate.Source.Documented,
            "fadd_32ns_32ns_32_5_full_dsp, the same reports"),
        ["fdiv"] = new(994, 761, 0, SynthesisEstimate.Source.Documented,
            "fdiv_32ns_32ns_32_16, ChenxiQ/ECE5775_Final_Project"),
        ["sitofp"] = new(567, 438, 0, SynthesisEstimate.Source.Documented,
            "sitofp, 8 stages at 5.6 ns, David-Durst/embeddedHaskellAetherling"),
        ["fptosi"] = Modeled("fptosi"),
        ["mul"] = Modeled("mul"),
    };

    private static Operator Modeled(string op) => new(LogicModel.Operator[op].Lut, LogicModel.Operator[op].Ff,
        Resources.DspPerOperator[op], SynthesisEstimate.Source.Modeled, "unit cost, LogicModel");

    /// <summary>One AXI DMA in simple mode (MM2S and S2MM at the stream's width), the GP0 interconnect to three
    /// AXI-Lite slaves, the HP0 path, and the processor system reset: the out-of-context synthesis reports of a
    /// Vivado 2016.3 block design on the xc7z020-1 (kingkonghi/CENG3430, Lab09_1, *_utilization_synth.rpt). No
    /// report of a 64-bit stream DMA was found: its wider data FIFOs and realignment are modeled on top.</summary>
    public static IEnumerable<SynthesisEstimate.Share> Infrastructure(int lanes)
    {
        const string Report = "kingkonghi/CENG3430 Lab09_1, Vivado 2016.3 synthesis";
        yield return new SynthesisEstimate.Share(SynthesisEstimate.Source.Documented,
            $"AXI DMA 7.1, simple mode, 32-bit, DRE, 256-beat bursts ({Report})", 1735, 2172, 10, 0);
        yield return new SynthesisEstimate.Share(SynthesisEstimate.Source.Documented,
            $"GP0 AXI-Lite interconnect to 3 slaves with its AXI3 protocol converter ({Report})", 592, 731, 0, 0);
        yield return new SynthesisEstimate.Share(SynthesisEstimate.Source.Documented,
            $"HP0 path: crossbar and AXI4-to-AXI3 converter, 64-bit ({Report})", 681, 834, 0, 0);
        yield return new SynthesisEstimate.Share(SynthesisEstimate.Source.Documented,
            $"proc_sys_reset ({Report})", 19, 40, 0, 0);
        if (lanes == 2)
        {
            // Twice the data path width in the DMA's store-and-forward FIFOs and realignment engines.
            yield return new SynthesisEstimate.Share(SynthesisEstimate.Source.Modeled,
                "AXI DMA: 64-bit data path over the 32-bit figure", 300, 600, 0, 0);
        }
    }
}
