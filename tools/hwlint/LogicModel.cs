using System.Globalization;
using System.Text;

namespace Edqa.HwLint;

/// <summary>What a module's LUTs and flip-flops are estimated from: its threads, its loops (pipelined ones with
/// their depth from hw/edqa_schedule.h), its operators, its FIFOs and arrays, and its AXI ports.</summary>
internal sealed record LogicInventory(
    int Threads,
    int PipelinedLoops,
    int PipelineStages,
    int OtherLoops,
    int AxiLiteRegisters,
    int AxiLiteBits,
    int StreamPorts,
    int StreamBits)
{
    /// <summary>The schedule rows of the module's pipelined loops (where its RTL kernels apply).</summary>
    public IReadOnlyList<string> Rows { get; init; } = [];
}

/// <summary>
/// An analytic LUT and FF estimate in the spirit of FINN's and hls4ml's estimators: every term is a count the AST
/// gives times a unit cost with its reason. The unit costs are assumptions for Vivado HLS 2019.2 on the
/// xc7z020-1 at 200 MHz, not a report; <see cref="Calibrate"/> fits one factor per resource to the paper's Table 4
/// for eDQA, and NoisyQuant's Table 4 row then checks the model (it is not fitted). A Vivado run replaces all of
/// it (`edqa hls report`).
/// </summary>
internal static class LogicModel
{
    /// <summary>Per operator instance: the Floating-Point Operator cores HLS instantiates at 200 MHz with full DSP
    /// usage (their fabric part: alignment, normalization and rounding; the multiplies are in the DSPs counted
    /// elsewhere), and the glue of a DSP integer multiply.</summary>
    public static readonly IReadOnlyDictionary<string, (int Lut, int Ff)> Operator = new Dictionary<string, (int, int)>
    {
        ["fmul"] = (150, 150),    // 3 DSP48E1 do the 24 x 24 mantissa product; exponent add and rounding in fabric
        ["fadd"] = (240, 330),    // 2 DSP48E1 for alignment/adder; leading-zero count and normalization in fabric
        ["fdiv"] = (800, 1400),   // no DSP: a radix-2 divider, one stage per quotient bit
        ["sitofp"] = (230, 340),  // leading-zero count and a 32-bit shifter, pipelined
        ["fptosi"] = (150, 150),  // a 32-bit shifter
        ["mul"] = (20, 30),       // operand and result registers around one DSP48E1
    };

    // A clocked thread: its FSM's state register and decoding, start/done or FIFO handshakes.
    private const int ThreadLut = 60, ThreadFf = 50;

    // A pipelined loop: the exit test, the trip counter and the stall logic; each pipeline stage registers about
    // 40 bits of live data (a float, a code, a few flags).
    private const int PipelineLut = 80, PipelineFf = 40, StageFf = 40;

    // A loop that is not pipelined (a sequential state or two).
    private const int LoopLut = 30, LoopFf = 20;

    // A FIFO in shift registers: SRLC32E LUTs (32 entries of one bit each) per bit of width, and the read pointer;
    // in block RAM: the two pointers, the full/empty compares and the output register.
    private const int SrlFifoLut = 12, SrlFifoFf = 10, BramFifoLut = 50, BramFifoFf = 40;

    // A block RAM array: the address multiplexer of its ports.
    private const int BramArrayLut = 10;

    // An AXI-Lite slave adapter (address decode, response channel), then each register's read mux share and its
    // data and valid flops; an AXI-Stream port gets HLS 2019.2's register slice (two copies of TDATA/TKEEP/TLAST).
    private const int AxiLiteLut = 100, AxiLiteFf = 100, AxiLiteRegisterLut = 15, AxiStreamLut = 20;

    /// <summary>Outside the IP, per accelerator design of the paper's kind: one AXI DMA in simple mode (MM2S and S2MM,
    /// 26-bit length registers, stream width as built), the AXI interconnects of GP0 (three AXI-Lite slaves) and HP0,
    /// and the processor system reset. Vivado's IP resource tables put an AXI DMA of this kind near 1.6k LUT and 2.4k
    /// FF at 32 bits (more with a 64-bit stream: wider data FIFOs and realignment).</summary>
    public static (int Lut, int Ff) Infrastructure(int lanes) => lanes == 2
        ? (1_900 + 1_300 + 700, 2_900 + 1_500 + 900)
        : (1_600 + 1_300 + 700, 2_400 + 1_500 + 900);

    public static (long Lut, long Ff) Module(ModuleResources module)
    {
        (long lut, long ff) = Control(module.Logic);
        foreach ((string op, int count) in module.Operators.Shared)
        {
            lut += (long)count * Operator[op].Lut;
            ff += (long)count * Operator[op].Ff;
        }

        foreach (Memory m in module.Memories)
        {
            (long l, long f) = Memory(m);
            lut += l;
            ff += f;
        }

        return (lut, ff);
    }

    /// <summary>A module's control: its threads' FSMs, its loops' exit tests, trip counters, stall logic and
    /// pipeline registers, its AXI-Lite adapters and AXI-Stream register slices.</summary>
    public static (long Lut, long Ff) Control(LogicInventory l)
    {
        long lut = (long)l.Threads * ThreadLut + (long)l.PipelinedLoops * PipelineLut + (long)l.OtherLoops * LoopLut;
        long ff = (long)l.Threads * ThreadFf + (long)l.PipelinedLoops * PipelineFf + (long)l.PipelineStages * StageFf
            + (long)l.OtherLoops * LoopFf;
        if (l.AxiLiteRegisters > 0)
        {
            lut += AxiLiteLut * 2 + (long)l.AxiLiteRegisters * AxiLiteRegisterLut;  // two bundles: ctrl, counters
            ff += AxiLiteFf * 2 + l.AxiLiteBits * 2L;
        }

        lut += (long)l.StreamPorts * AxiStreamLut;
        ff += 2L * l.StreamBits;
        return (lut, ff);
    }

    /// <summary>A memory's logic: a shift-register FIFO's SRLs and pointer, a block RAM FIFO's pointers and flags,
    /// registers and their read multiplexer, or a block RAM's address multiplexer.</summary>
    public static (long Lut, long Ff) Memory(Memory m)
    {
        if (m.Mapping.StartsWith("FIFO in shift", StringComparison.Ordinal))
        {
            return (m.Width * ((m.Depth + 31) / 32) + SrlFifoLut, m.Width + SrlFifoFf);
        }

        if (m.Mapping.StartsWith("FIFO in block", StringComparison.Ordinal))
        {
            return (BramFifoLut, BramFifoFf + m.Width);
        }

        // Registers read through a multiplexer: a LUT6 selects among four, about half a LUT per bit.
        return m.RegisterBits > 0 ? (m.RegisterBits / 2, m.RegisterBits) : (BramArrayLut, 0);
    }

    /// <summary>A module and its children, each child as often as it is instantiated.</summary>
    public static (long Lut, long Ff) Totals(string top, IReadOnlyList<ModuleResources> modules)
    {
        ModuleResources module = modules.First(m => m.Name == top);
        (long lut, long ff) = Module(module);
        foreach (Child child in module.Children)
        {
            (long l, long f) = Totals(child.Name, modules);
            lut += child.Count * l;
            ff += child.Count * f;
        }

        return (lut, ff);
    }

    /// <summary>The paper's Table 4 (its whole designs on the PYNQ-Z1).</summary>
    public static readonly (string Design, int Lut, int Ff, int Bram, int Dsp) PaperEdqa =
        ("eDQA", 16_800, 14_600, 42, 12);
    public static readonly (string Design, int Lut, int Ff, int Bram, int Dsp) PaperNoisyQuant =
        ("NoisyQuant", 24_700, 21_600, 71, 40);

    /// <summary>The factors that make the eDQA design (the IP's estimate plus the infrastructure) equal Table
    /// 4.</summary>
    public static (double Lut, double Ff) Calibrate((long Lut, long Ff) edqaIp)
    {
        (int lut, int ff) = Infrastructure(1);
        return ((double)(PaperEdqa.Lut - lut) / edqaIp.Lut, (double)(PaperEdqa.Ff - ff) / edqaIp.Ff);
    }
}
