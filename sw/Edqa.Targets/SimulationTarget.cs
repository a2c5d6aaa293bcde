using System.Diagnostics;
using System.Runtime.InteropServices;
using Edqa.Bindings;
using Edqa.Bindings.Native;
using Edqa.Core.Jobs;

namespace Edqa.Targets;

/// <summary>
/// The cycle-level SystemC accelerator in this process, through the generated bindings (or, as the board target,
/// the board's accelerator through libedqa_board.so, which implements the same C ABI). Each record of a job is one
/// call into the C ABI; a refused or failed record comes back as its status and the library's message.
/// </summary>
public sealed class SimulationTarget : IAcceleratorTarget
{
    private readonly Simulator _simulator;

    /// <param name="timeoutCycles">Cycle budget per operation (0: the library's default).</param>
    /// <param name="name">The target's name: sim, or board when libedqa_board.so implements the ABI.</param>
    /// <param name="vcdPath">Write a VCD waveform of everything this process simulates (the first simulator only).</param>
    public SimulationTarget(ulong timeoutCycles = 0, string name = AcceleratorTargets.Simulation, string? vcdPath = null)
    {
        Name = name;
        _simulator = Simulator.Open(timeoutCycles, vcdPath);
    }

    public string Name { get; }

    public int MaxRecordLength => Simulator.MaxLength;

    public bool CountsCycles => true;

    /// <summary>The model underneath.</summary>
    public Simulator Simulator => _simulator;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs) =>
        jobs.Select((job, index) => new JobResult(index, job.Kind, job.Op, job.Records.Select(record => RunRecord(job, record)).ToArray())).ToArray();

    public void Dispose() => _simulator.Dispose();

    private RecordResult RunRecord(AcceleratorJob job, JobRecord record)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            (uint[] output, CycleCounts cycles) = job.Kind == AcceleratorKind.Edqa ? RunEdqa(job.Op, record) : RunNoisyQuant(job.Op, record);
            return new RecordResult(RecordStatus.Ok, cycles, (ulong)watch.Elapsed.Ticks * 100, output, string.Empty);
        }
        catch (SimulatorException e)
        {
            return RecordResult.Failed((RecordStatus)e.Status, e.NativeMessage);
        }
    }

    private (uint[] Output, CycleCounts Cycles) RunEdqa(AcceleratorOp op, JobRecord record)
    {
        EdqaRegisters r = EdqaRegisters.From(record.Registers);
        var config = new EdqaRecordConfig
        {
            Bits = r.Bits, ExtraBits = r.ExtraBits, Important = r.Important, Length = r.Length,
            Inv = BitConverter.UInt32BitsToSingle(r.Inv), Delta = BitConverter.UInt32BitsToSingle(r.Delta),
        };

        // The library validates the configuration before anything is allocated for it.
        int capacity = Simulator.RecordCapacity(config);
        if (op == AcceleratorOp.Quantize)
        {
            var buffer = new uint[capacity];
            (int words, CycleCounts cycles) = _simulator.Quantize(config, MemoryMarshal.Cast<uint, float>(record.Input), buffer);
            return (buffer[..words], cycles);
        }

        var values = new uint[config.Length];
        CycleCounts counts = _simulator.Dequantize(config, record.Input, MemoryMarshal.Cast<uint, float>(values.AsSpan()));
        return (values, counts);
    }

    private (uint[] Output, CycleCounts Cycles) RunNoisyQuant(AcceleratorOp op, JobRecord record)
    {
        NoisyQuantRegisters r = NoisyQuantRegisters.From(record.Registers);
        var config = new EdqaNoisyquantConfig { Bits = r.Bits, Side = r.Side };
        Simulator.NoisyQuantRecordWords(config);
        if (op == AcceleratorOp.Quantize)
        {
            return _simulator.NoisyQuantQuantize(config, MemoryMarshal.Cast<uint, float>(record.Input));
        }

        var values = new uint[config.Side * config.Side];
        CycleCounts counts = _simulator.NoisyQuantDequantize(config, record.Input, MemoryMarshal.Cast<uint, float>(values.AsSpan()));
        return (values, counts);
    }
}
