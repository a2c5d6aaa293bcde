using System.Diagnostics;
using System.Runtime.InteropServices;
using Edqa.Bindings;
using Edqa.Bindings.Native;
using Edqa.Core.Jobs;

namespace Edqa.Targets;

/// <summary>
/// The cycle-level SystemC accelerator in this process, through the generated bindings (or, as the board target,
/// the board's accelerator through libedqa_board.so, which implements the same C ABI). An eDQA job is one layer call
/// into the C ABI, a NoisyQuant job one call per record; a refused or failed record comes back as its status and
/// the library's message.
/// </summary>
public sealed class SimulationTarget : IAcceleratorTarget
{
    private readonly Simulator _simulator;

    /// <param name="timeoutCycles">Cycle budget per operation (0: the library's default).</param>
    /// <param name="name">The target's name: sim, or board when libedqa_board.so implements the ABI.</param>
    /// <param name="vcdPath">Write a VCD waveform of everything this process simulates (the first simulator only).</param>
    /// <param name="configuration">The eDQA accelerator's units and lanes (default the paper's; the board runs its
    /// bitstream's and takes only that).</param>
    public SimulationTarget(ulong timeoutCycles = 0, string name = AcceleratorTargets.Simulation, string? vcdPath = null, AcceleratorConfiguration? configuration = null)
    {
        Name = name;
        Configuration = configuration ?? AcceleratorConfiguration.Paper;
        bool board = name == AcceleratorTargets.Board;
        _simulator = Simulator.Open(timeoutCycles, vcdPath, board ? 0u : (uint)Configuration.Units, board ? 0u : (uint)Configuration.Lanes);
    }

    public AcceleratorConfiguration Configuration { get; }

    public string Name { get; }

    public int MaxRecordLength => Simulator.MaxLength;

    public bool CountsCycles => true;

    /// <summary>The model underneath.</summary>
    public Simulator Simulator => _simulator;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs) =>
        jobs.Select((job, index) => new JobResult(index, job.Kind, job.Op,
            job.Kind == AcceleratorKind.Edqa ? RunLayer(job) : job.Records.Select(record => RunRecord(job, record)).ToArray())).ToArray();

    public void Dispose() => _simulator.Dispose();

    /// <summary>
    /// An eDQA job is one layer: one C ABI call, the accelerator walking the records itself. Each record's total is
    /// its trailer's share of the layer; the stages' busy cycles and the host time belong to the layer and are
    /// reported on its last sound record, so sums over the job are right (docs/spec.md §11.3).
    /// </summary>
    private RecordResult[] RunLayer(AcceleratorJob job)
    {
        var records = new EdqaLayerRecord[job.Records.Count];
        var inputs = new List<uint>();
        for (int r = 0; r < records.Length; r++)
        {
            JobRecord record = job.Records[r];
            RecordDescriptor descriptor = record.Descriptor;
            records[r] = new EdqaLayerRecord
            {
                Descriptor = new EdqaRecordDescriptor
                {
                    Bits = descriptor.Bits, ExtraBits = descriptor.ExtraBits, Important = descriptor.Important, Length = descriptor.Length,
                    Inv = BitConverter.UInt32BitsToSingle(descriptor.Inv), Delta = BitConverter.UInt32BitsToSingle(descriptor.Delta), Coding = descriptor.Coding,
                },
                InputOffset = (uint)inputs.Count,
                InputWords = (uint)record.Input.Length,
            };
            inputs.AddRange(record.Input);
        }

        var watch = Stopwatch.StartNew();
        uint[] outputs;
        string[] messages;
        ulong[] layer;
        try
        {
            (layer, outputs, messages) = _simulator.RunLayer(job.Op == AcceleratorOp.Dequantize, records, inputs.ToArray(),
                (uint)(job.StaticCode?.ExtraBits ?? 0), job.StaticCode?.Words ?? []);
        }
        catch (SimulatorException e)
        {
            return job.Records.Select(_ => RecordResult.Failed((RecordStatus)e.Status, e.NativeMessage)).ToArray();
        }

        ulong hostNs = (ulong)watch.Elapsed.Ticks * 100;
        int lastSound = Array.FindLastIndex(records, record => record.Status == (uint)EdqaStatus.Ok);
        var results = new RecordResult[records.Length];
        for (int r = 0; r < records.Length; r++)
        {
            EdqaLayerRecord record = records[r];
            if (record.Status != (uint)EdqaStatus.Ok)
            {
                results[r] = RecordResult.Failed((RecordStatus)record.Status, messages[r]);
                continue;
            }

            var counters = new CycleCounts(layer);
            CycleCounts cycles = r == lastSound ? counters.WithTotal(record.Cycles) : counters.TotalOnly(record.Cycles);
            uint[] output = outputs.AsSpan((int)record.OutputOffset, (int)record.OutputWords).ToArray();
            results[r] = new RecordResult(RecordStatus.Ok, cycles, r == lastSound ? hostNs : 0, output, string.Empty);
        }

        return results;
    }

    private RecordResult RunRecord(AcceleratorJob job, JobRecord record)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            (uint[] output, CycleCounts cycles) = RunNoisyQuant(job.Op, record);
            return new RecordResult(RecordStatus.Ok, cycles, (ulong)watch.Elapsed.Ticks * 100, output, string.Empty);
        }
        catch (SimulatorException e)
        {
            return RecordResult.Failed((RecordStatus)e.Status, e.NativeMessage);
        }
    }

    private (uint[] Output, CycleCounts Cycles) RunNoisyQuant(AcceleratorOp op, JobRecord record)
    {
        NoisyQuantRegisters r = record.NoisyQuant;
        var config = new EdqaNoisyquantConfig { Bits = r.Bits, Side = r.Side };
        Simulator.NoisyQuantRecordWords(config);
        if (op == AcceleratorOp.Quantize)
        {
            (uint[] quantized, ulong[] counters) = _simulator.NoisyQuantQuantize(config, MemoryMarshal.Cast<uint, float>(record.Input));
            return (quantized, new CycleCounts(counters));
        }

        var values = new uint[config.Side * config.Side];
        ulong[] dequantizeCounters = _simulator.NoisyQuantDequantize(config, record.Input, MemoryMarshal.Cast<uint, float>(values.AsSpan()));
        return (values, new CycleCounts(dequantizeCounters));
    }
}
