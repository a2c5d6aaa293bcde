using System.Runtime.InteropServices;
using Edqa.Bindings.Native;

namespace Edqa.Bindings;

/// <summary>
/// The SystemC accelerator model of this process, through libedqa_sim. Every call takes one process-wide lock
/// (the SystemC kernel is not thread-safe, and there is one per process) and turns a failed status into a
/// <see cref="SimulatorException"/> with the library's message. The library is checked for its ABI version
/// before the first call.
/// </summary>
public sealed unsafe class Simulator : IDisposable
{
    /// <summary>Serializes every call into the library.</summary>
    internal static readonly object KernelLock = new();

    private static bool s_abiChecked;

    private readonly SimulatorHandle _handle;

    private Simulator(SimulatorHandle handle)
    {
        _handle = handle;
    }

    /// <summary>The accelerator's longest channel.</summary>
    public static int MaxLength
    {
        get
        {
            lock (KernelLock)
            {
                CheckAbi();
                return (int)EdqaSimNative.edqa_sim_max_length();
            }
        }
    }

    /// <summary>The clock the cycle counts refer to, in MHz: the live simulator's fabric clock (its
    /// <see cref="MemorySettings"/>), or the board's.</summary>
    public static int ClockMHz
    {
        get
        {
            lock (KernelLock)
            {
                CheckAbi();
                return (int)EdqaSimNative.edqa_sim_clock_mhz();
            }
        }
    }

    public static string LibraryVersion
    {
        get
        {
            lock (KernelLock)
            {
                CheckAbi();
                return Marshal.PtrToStringUTF8((nint)EdqaSimNative.edqa_sim_version()) ?? string.Empty;
            }
        }
    }

    public SimulatorHandle Handle => _handle;

    /// <summary>Opens the process's simulator (one at a time). <paramref name="timeoutCycles"/> bounds each
    /// operation (0: the library's default); <paramref name="vcdPath"/> asks for a waveform (first one only);
    /// <paramref name="units"/> and <paramref name="lanes"/> pick the eDQA accelerator's configuration (0: one unit,
    /// one lane; a board accepts only 0); <paramref name="memory"/> sets what a cycle gets of the DDR and the DMA
    /// (simulation only; default all defaults).</summary>
    public static Simulator Open(ulong timeoutCycles = 0, string? vcdPath = null, uint units = 0, uint lanes = 0,
        MemorySettings memory = default)
    {
        lock (KernelLock)
        {
            CheckAbi();
            var handle = new SimulatorHandle();
            nint vcd = vcdPath is null ? 0 : Marshal.StringToCoTaskMemUTF8(vcdPath);
            try
            {
                var options = new EdqaSimOptions
                {
                    StructSize = (uint)sizeof(EdqaSimOptions),
                    VcdPath = (sbyte*)vcd,
                    TimeoutCycles = timeoutCycles,
                    Units = units,
                    Lanes = lanes,
                    DdrMegabytesPerSecond = memory.DdrMegabytesPerSecond,
                    DdrEfficiencyPercent = memory.EfficiencyPercent,
                    ClockMhz = memory.ClockMHz,
                    DmaMhz = memory.DmaMHz,
                };
                nint raw;
                Check(EdqaSimNative.edqa_sim_create(&options, &raw));
                handle.Attach(raw);
                return new Simulator(handle);
            }
            finally
            {
                Marshal.FreeCoTaskMem(vcd);
            }
        }
    }

    /// <summary>Quantizes one channel into <paramref name="record"/>; returns the words used and the cycle
    /// counters.</summary>
    public (int Words, ulong[] Counters) Quantize(
        in EdqaRecordDescriptor config, ReadOnlySpan<float> values, Span<uint> record)
    {
        lock (KernelLock)
        {
            uint words;
            EdqaCycleCounts cycles;
            fixed (EdqaRecordDescriptor* configPointer = &config)
            fixed (float* valuesPointer = values)
            fixed (uint* recordPointer = record)
            {
                Check(EdqaSimNative.edqa_sim_quantize(Raw(), configPointer, valuesPointer, (uint)values.Length,
                    recordPointer, (uint)record.Length, &words, &cycles));
            }

            return ((int)words, Counts(cycles));
        }
    }

    /// <summary>De-quantizes one record into <paramref name="values"/>; returns the cycles.</summary>
    public ulong[] Dequantize(in EdqaRecordDescriptor config, ReadOnlySpan<uint> record, Span<float> values)
    {
        lock (KernelLock)
        {
            EdqaCycleCounts cycles;
            fixed (EdqaRecordDescriptor* configPointer = &config)
            fixed (uint* recordPointer = record)
            fixed (float* valuesPointer = values)
            {
                Check(EdqaSimNative.edqa_sim_dequantize(Raw(), configPointer, recordPointer, (uint)record.Length,
                    valuesPointer, (uint)values.Length, &cycles));
            }

            return Counts(cycles);
        }
    }

    /// <summary>
    /// Runs a job stream (docs/spec.md §11.2) as the runners do, in the library (sim/jobs/job_runner.cpp): an eDQA
    /// job as one layer, the accelerator walking many records per START; a refused or failed record is its status
    /// and message in the result. Returns the result stream (§11.3).
    /// </summary>
    public byte[] RunJobs(ReadOnlySpan<byte> jobs)
    {
        lock (KernelLock)
        {
            uint size;
            fixed (byte* jobsPointer = jobs)
            {
                Check(EdqaSimNative.edqa_sim_run_jobs(Raw(), jobsPointer, (uint)jobs.Length, &size));
            }

            var results = new byte[size];
            fixed (byte* resultsPointer = results)
            {
                Check(EdqaSimNative.edqa_sim_take_results(resultsPointer, size));
            }

            return results;
        }
    }

    /// <summary>Words of a NoisyQuant record of this configuration.</summary>
    public static int NoisyQuantRecordWords(in EdqaNoisyquantConfig config)
    {
        lock (KernelLock)
        {
            CheckAbi();
            uint words;
            fixed (EdqaNoisyquantConfig* pointer = &config)
            {
                Check(EdqaSimNative.edqa_sim_noisyquant_record_words(pointer, &words));
            }

            return (int)words;
        }
    }

    /// <summary>The quantize cycles of the two NoisyQuant designs the paper did not build, from their schedules (not
    /// simulated): the online search on <paramref name="macs"/> multiply-accumulate units (0: the DSP budget's, also
    /// returned), and calibration-time NoisyQuant.</summary>
    public static (ulong Parallel, ulong Calibrated, int BudgetMacs) NoisyQuantAlternatives(
        in EdqaNoisyquantConfig config, int macs = 0)
    {
        lock (KernelLock)
        {
            CheckAbi();
            ulong parallel, calibrated;
            uint budget;
            fixed (EdqaNoisyquantConfig* pointer = &config)
            {
                Check(EdqaSimNative.edqa_sim_noisyquant_alternatives(
                    pointer, (uint)macs, &parallel, &calibrated, &budget));
            }

            return (parallel, calibrated, (int)budget);
        }
    }

    /// <summary>Quantizes one S x S channel on the NoisyQuant baseline accelerator; returns the record and
    /// cycles.</summary>
    public (uint[] Record, ulong[] Counters) NoisyQuantQuantize(
        in EdqaNoisyquantConfig config, ReadOnlySpan<float> values)
    {
        var record = new uint[NoisyQuantRecordWords(config)];
        lock (KernelLock)
        {
            uint words;
            EdqaCycleCounts cycles;
            fixed (EdqaNoisyquantConfig* configPointer = &config)
            fixed (float* valuesPointer = values)
            fixed (uint* recordPointer = record)
            {
                Check(EdqaSimNative.edqa_sim_noisyquant_quantize(Raw(), configPointer, valuesPointer,
                    (uint)values.Length, recordPointer, (uint)record.Length, &words, &cycles));
            }

            return (record, Counts(cycles));
        }
    }

    /// <summary>De-quantizes one NoisyQuant record into <paramref name="values"/>; returns the cycles.</summary>
    public ulong[] NoisyQuantDequantize(in EdqaNoisyquantConfig config, ReadOnlySpan<uint> record, Span<float> values)
    {
        lock (KernelLock)
        {
            EdqaCycleCounts cycles;
            fixed (EdqaNoisyquantConfig* configPointer = &config)
            fixed (uint* recordPointer = record)
            fixed (float* valuesPointer = values)
            {
                Check(EdqaSimNative.edqa_sim_noisyquant_dequantize(Raw(), configPointer, recordPointer,
                    (uint)record.Length, valuesPointer, (uint)values.Length, &cycles));
            }

            return Counts(cycles);
        }
    }

    /// <summary>The accelerators' schedule: every loop's II, depth, trip count and reason
    /// (hw/edqa_schedule.h).</summary>
    public static IReadOnlyList<ScheduledLoop> Schedule()
    {
        lock (KernelLock)
        {
            CheckAbi();
            uint count;
            Check(EdqaSimNative.edqa_sim_loop_count(&count));
            var loops = new ScheduledLoop[count];
            for (uint i = 0; i < count; i++)
            {
                EdqaLoopInfo info;
                Check(EdqaSimNative.edqa_sim_loop(i, &info));
                loops[i] = new ScheduledLoop(Text(info.Label), (int)info.Ii, (int)info.Depth, Text(info.Trip),
                    Text(info.Reason));
            }

            return loops;
        }
    }

    /// <summary>An accelerator's register table (EDQA_ACCELERATOR_EDQA or EDQA_ACCELERATOR_NOISYQUANT), from the one
    /// definition in hw/edqa_registers.h.</summary>
    public static IReadOnlyList<AcceleratorRegister> Registers(uint accelerator)
    {
        lock (KernelLock)
        {
            CheckAbi();
            uint count;
            Check(EdqaSimNative.edqa_sim_register_count(accelerator, &count));
            var registers = new AcceleratorRegister[count];
            for (uint i = 0; i < count; i++)
            {
                EdqaRegisterInfo info;
                Check(EdqaSimNative.edqa_sim_register(accelerator, i, &info));
                registers[i] = new AcceleratorRegister(Text(info.Name), Text(info.Port), info.Offset,
                    (int)info.Width, info.HostWrites != 0,
                    info.Counters != 0 ? AcceleratorRegister.CountersBundle : AcceleratorRegister.ControlBundle,
                    Text(info.Description));
            }

            return registers;
        }
    }

    private static string Text(sbyte* text) => Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    /// <summary>Clock cycles this process has simulated so far.</summary>
    public ulong SimulatedCycles()
    {
        lock (KernelLock)
        {
            ulong cycles;
            Check(EdqaSimNative.edqa_sim_simulated_cycles(Raw(), &cycles));
            return cycles;
        }
    }

    public void Dispose() => _handle.Dispose();

    private nint Raw()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _handle.DangerousGetHandle();
    }

    /// <summary>Refuses a library built from another header: its structs and functions may differ.</summary>
    private static void CheckAbi()
    {
        if (s_abiChecked)
        {
            return;
        }

        uint loaded = EdqaSimNative.edqa_sim_abi_version();
        if (loaded != EdqaSimNative.EDQA_SIM_ABI_VERSION)
        {
            throw new SimulatorException(EdqaStatus.ErrorState,
                $"libedqa_sim has ABI version {loaded}, these bindings were generated for "
                + $"{EdqaSimNative.EDQA_SIM_ABI_VERSION}; rebuild both (make build)");
        }

        s_abiChecked = true;
    }

    /// <summary>The counters a call filled in: the accelerator's counter rows in table order (<see cref="Registers"/>,
    /// the counters bundle), the total first.</summary>
    private static ulong[] Counts(in EdqaCycleCounts counts)
    {
        var values = new ulong[Math.Min(counts.Count, EdqaSimNative.EDQA_MAX_COUNTERS)];
        for (int c = 0; c < values.Length; c++)
        {
            values[c] = counts.Value[c];
        }

        return values;
    }

    private static void Check(EdqaStatus status)
    {
        if (status != EdqaStatus.Ok)
        {
            throw new SimulatorException(status,
                Marshal.PtrToStringUTF8((nint)EdqaSimNative.edqa_sim_last_error()) ?? string.Empty);
        }
    }
}
