using System.Runtime.InteropServices;
using Edqa.Bindings;
using Edqa.Bindings.Generator;
using Edqa.Bindings.Native;
using Edqa.Core.Jobs;

namespace Edqa.Targets.Tests;

/// <summary>The generated bindings against the C header and the library: layout, generator checks, ABI, and every
/// invalid argument coming back as an exception with the native message, never a crash.</summary>
[Collection(SystemCCollection.Name)]
public unsafe class BindingsTests
{
    [Fact]
    public void Every_struct_has_the_size_and_field_offsets_clang_measured()
    {
        Assert.NotEmpty(EdqaSimLayout.Structs);
        foreach (NativeStructLayout layout in EdqaSimLayout.Structs)
        {
            Assert.Equal(layout.Size, Marshal.SizeOf(layout.Type));
            foreach (NativeFieldOffset field in layout.Fields)
            {
                Assert.Equal(field.Offset, (long)Marshal.OffsetOf(layout.Type, field.Name));
            }
        }
    }

    [Fact]
    public void Every_header_function_is_a_LibraryImport_of_the_library()
    {
        HeaderModel header = HeaderParser.Parse(
            Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "sim", "include", "edqa_sim.h"));
        var imports = typeof(EdqaSimNative).GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(LibraryImportAttribute), false).Length > 0)
            .ToDictionary(m => m.Name);
        Assert.Equal(header.Functions.Select(f => f.Name).Order(), imports.Keys.Order());
        foreach (FunctionModel function in header.Functions)
        {
            Assert.Equal(function.Parameters.Count, imports[function.Name].GetParameters().Length);
        }
    }

    [Theory]
    [InlineData(AcceleratorKind.Edqa, "eDQA accelerator (the model's base")]
    [InlineData(AcceleratorKind.NoisyQuant, "NoisyQuant accelerator (the model's base")]
    public void The_register_tables_of_the_design_doc_are_the_hardware_s(AcceleratorKind accelerator, string caption)
    {
        // hw/edqa_registers.h through the C ABI, against the table that follows the caption in docs/design.md.
        string[] doc = File.ReadAllLines(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "docs", "design.md"));
        int start = Array.FindIndex(doc, l => l.StartsWith(caption, StringComparison.Ordinal));
        Assert.True(start >= 0, $"docs/design.md has no line starting '{caption}'");
        var rows = doc.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray()).ToList();
        IReadOnlyList<AcceleratorRegister> registers = Simulator.Registers((uint)accelerator);
        Assert.Equal(registers.Count, rows.Count);
        for (int i = 0; i < registers.Count; i++)
        {
            AcceleratorRegister r = registers[i];
            string[] expected =
            [
                r.Name,
                $"0x{r.Offset:X5}",
                r.Bundle,
                $"`{r.Port}`",
                r.HostWrites ? "writes" : "reads",
                r.Width.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Description.Replace("|", "\\|", StringComparison.Ordinal),
            ];
            Assert.Equal(expected, rows[i]);
        }
    }

    [Fact]
    public void The_schedule_through_the_ABI_is_the_table_of_the_performance_doc()
    {
        // docs/performance.md's schedule table, row by row (print_schedule writes it; schedule_tests checks it too).
        string[] doc = File.ReadAllLines(Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "docs", "performance.md"));
        var rows = doc.Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
            .Where(c => c.Length == 5).ToList();
        IReadOnlyList<ScheduledLoop> loops = Simulator.Schedule();
        Assert.Equal(loops.Count, rows.Count);
        for (int i = 0; i < loops.Count; i++)
        {
            Assert.Equal(
                [
                    $"`{loops[i].Label}`",
                    loops[i].Ii.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    loops[i].Depth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    loops[i].Trip,
                    loops[i].Reason,
                ],
                rows[i]);
        }

        EdqaLoopInfo info;
        Assert.Equal(EdqaStatus.ErrorInvalidArgument, EdqaSimNative.edqa_sim_loop((uint)loops.Count, &info));
        Assert.Equal(EdqaStatus.ErrorNullPointer, EdqaSimNative.edqa_sim_loop(0, null));
    }

    [Fact]
    public void The_register_table_refuses_an_unknown_accelerator_and_a_row_past_its_end()
    {
        uint count;
        Assert.Equal(EdqaStatus.Ok, EdqaSimNative.edqa_sim_register_count(EdqaSimNative.EDQA_ACCELERATOR_EDQA, &count));
        EdqaRegisterInfo info;
        Assert.Equal(EdqaStatus.ErrorInvalidArgument,
            EdqaSimNative.edqa_sim_register(EdqaSimNative.EDQA_ACCELERATOR_EDQA, count, &info));
        Assert.Equal(EdqaStatus.ErrorInvalidArgument, EdqaSimNative.edqa_sim_register_count(7, &count));
        Assert.Equal(EdqaStatus.ErrorNullPointer,
            EdqaSimNative.edqa_sim_register(EdqaSimNative.EDQA_ACCELERATOR_NOISYQUANT, 0, null));
    }

    [Fact]
    public void Check_mode_catches_a_changed_field_and_clang_diagnostics_are_fatal()
    {
        string root = Edqa.Tests.NativeBuild.RepositoryRoot;
        string header = File.ReadAllText(Path.Combine(root, "sim", "include", "edqa_sim.h"));
        string directory = Directory.CreateTempSubdirectory("bindgen-").FullName;
        try
        {
            string changed = Path.Combine(directory, "changed.h");
            File.WriteAllText(changed, header.Replace("float delta;", "double delta;", StringComparison.Ordinal));
            string committed =
                File.ReadAllText(Path.Combine(root, "bindings", "Edqa.Bindings", "Generated", "EdqaSim.g.cs"));
            string regenerated = CSharpEmitter.Emit(HeaderParser.Parse(changed), "sim/include/edqa_sim.h", "edqa_sim",
                "Edqa.Bindings.Native");
            Assert.NotEqual(committed, regenerated);
            Assert.Contains("public double Delta;", regenerated);
            Assert.Contains("new(typeof(EdqaRecordDescriptor), 48,", regenerated); // the size changed too

            string broken = Path.Combine(directory, "broken.h");
            File.WriteAllText(broken, header.Replace("#include <stdint.h>", string.Empty, StringComparison.Ordinal));
            var error = Assert.Throws<InvalidOperationException>(() => HeaderParser.Parse(broken));
            Assert.Contains("diagnostic", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_loaded_library_has_the_bindings_ABI_version() =>
        Assert.Equal(EdqaSimNative.EDQA_SIM_ABI_VERSION, EdqaSimNative.edqa_sim_abi_version());

    [Fact]
    public void Raw_imports_report_null_pointers_and_bad_values_as_statuses()
    {
        var config = new EdqaRecordDescriptor
        {
            Bits = 3, ExtraBits = 3, Important = 1, Length = 4, Inv = 2f, Delta = 0.5f,
        };
        uint words;
        Assert.Equal(EdqaStatus.ErrorNullPointer, EdqaSimNative.edqa_sim_record_capacity(null, &words));
        Assert.Equal(EdqaStatus.ErrorNullPointer, EdqaSimNative.edqa_sim_record_capacity(&config, null));
        Assert.Equal(EdqaStatus.ErrorNullPointer, EdqaSimNative.edqa_sim_create(null, null));
        Assert.Equal(EdqaStatus.ErrorNullPointer, EdqaSimNative.edqa_sim_destroy(0));
        Assert.Equal(EdqaStatus.ErrorNullPointer,
            EdqaSimNative.edqa_sim_quantize(0, &config, null, 0, null, 0, null, null));
        Assert.Equal(EdqaStatus.ErrorState, EdqaSimNative.edqa_sim_destroy(12345));
        config.Bits = 1;
        Assert.Equal(EdqaStatus.ErrorInvalidArgument, EdqaSimNative.edqa_sim_record_capacity(&config, &words));
        Assert.Contains("bits (N) is 1", Marshal.PtrToStringUTF8((nint)EdqaSimNative.edqa_sim_last_error()));
    }

    [Fact]
    public void A_job_stream_runs_in_the_library_and_a_malformed_one_is_refused_by_name()
    {
        using Simulator simulator = Simulator.Open();
        AcceleratorJob job = CommittedVectors.Jobs().First(j => j.Kind == AcceleratorKind.Edqa && j.StaticCode is null);
        byte[] jobs = JobStream.ToBytes([job]);
        JobResult result = Assert.Single(ResultStream.Parse(simulator.RunJobs(jobs)));
        Assert.Equal(GoldenJobRunner.Reference.Run([job])[0].Records.Select(r => r.Output),
            result.Records.Select(r => r.Output));
        Assert.True(result.Records.All(r => r.Cycles.Values.Count
            == Simulator.Registers(EdqaSimNative.EDQA_ACCELERATOR_EDQA)
                .Count(x => x.Bundle == AcceleratorRegister.CountersBundle)));

        byte[] damaged = (byte[])jobs.Clone();
        damaged[^1] ^= 1;  // the job's CRC
        SimulatorException error = Assert.Throws<SimulatorException>(() => simulator.RunJobs(damaged));
        Assert.Equal(EdqaStatus.ErrorInvalidArgument, error.Status);
        Assert.Contains("CRC", error.NativeMessage);
        Assert.Equal(EdqaStatus.ErrorInvalidArgument,
            Assert.Throws<SimulatorException>(() => simulator.RunJobs(jobs.AsSpan(0, 10))).Status);
        uint size;
        Assert.Equal(EdqaStatus.ErrorNullPointer, EdqaSimNative.edqa_sim_run_jobs(0, null, 0, &size));
        fixed (byte* pointer = jobs)
        {
            Assert.Equal(EdqaStatus.Ok, EdqaSimNative.edqa_sim_run_jobs(
                simulator.Handle.DangerousGetHandle(), pointer, (uint)jobs.Length, &size));
        }

        byte one;
        Assert.Equal(EdqaStatus.ErrorBufferTooSmall, EdqaSimNative.edqa_sim_take_results(&one, 1));
    }

    [Fact]
    public void Every_invalid_argument_through_the_safe_layer_is_an_exception()
    {
        using Simulator simulator = Simulator.Open();
        var good = new EdqaRecordDescriptor
        {
            Bits = 3, ExtraBits = 3, Important = 1, Length = 4, Inv = 2f, Delta = 0.5f,
        };
        float[] values = [1f, 0.5f, -2f, 0f];
        var record = new uint[16];
        var cases = new (string What, EdqaRecordDescriptor Config, float[] Values, int Capacity, EdqaStatus Status)[]
        {
            ("N = 9", good with { Bits = 9 }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("m = 0", good with { ExtraBits = 0 }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("m > N", good with { ExtraBits = 4 }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("length too long", good with { Length = 5000 }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("length mismatch", good with { Length = 3 }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("negative inv", good with { Inv = -2f }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("NaN delta", good with { Delta = float.NaN }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("NaN input", good, [1f, float.NaN, 0f, 0f], 16, EdqaStatus.ErrorInvalidArgument),
            ("infinite input", good, [1f, float.PositiveInfinity, 0f, 0f], 16, EdqaStatus.ErrorInvalidArgument),
            ("record too small", good, values, 2, EdqaStatus.ErrorBufferTooSmall),
            ("coding 3", good with { Coding = 3 }, values, 16, EdqaStatus.ErrorInvalidArgument),
            ("coding static without the layer's static code", good with { Coding = 1 }, values, 16,
                EdqaStatus.ErrorInvalidArgument),
        };
        foreach (var c in cases)
        {
            var error = Assert.Throws<SimulatorException>(
                () => simulator.Quantize(c.Config, c.Values, record.AsSpan(0, c.Capacity)));
            Assert.True(c.Status == error.Status, $"{c.What}: {error.Message}");
            Assert.False(string.IsNullOrEmpty(error.NativeMessage), c.What);
        }

        var bad = Assert.Throws<SimulatorException>(
            () => simulator.Dequantize(good, [0x6780A100u, 0x10320003u, 99u], new float[4]));
        Assert.Equal(EdqaStatus.ErrorInvalidRecord, bad.Status);

        // A second simulator while one is live is a state error, not a crash.
        Assert.Equal(EdqaStatus.ErrorState, Assert.Throws<SimulatorException>(() => Simulator.Open()).Status);

        // And after every refusal the model still computes the spec's example.
        (int words, _) =
            simulator.Quantize(good with { Length = 8 }, [2f, 0.7f, -0.3f, 0.09375f, 0f, 1f, -2f, 0.5f], record);
        Assert.Equal(new uint[] { 0x6780A100, 14, 0x10320003, 0xF5800000 }, record[..words]);
    }

    [Fact]
    public void Every_invalid_NoisyQuant_argument_is_an_exception_and_the_model_still_works()
    {
        using Simulator simulator = Simulator.Open();
        var good = new EdqaNoisyquantConfig { Bits = 3, Side = 2 };
        float[] values = [1f, 0.5f, -2f, 0f];
        var cases = new (string What, EdqaNoisyquantConfig Config, float[] Values)[]
        {
            ("b = 1", good with { Bits = 1 }, values),
            ("b = 9", good with { Bits = 9 }, values),
            ("S = 0", good with { Side = 0 }, values),
            ("S = 65", good with { Side = 65 }, values),
            ("value count is not S * S", good with { Side = 3 }, values),
            ("NaN input", good, [1f, float.NaN, 0f, 0f]),
            ("infinite input", good, [1f, float.NegativeInfinity, 0f, 0f]),
        };
        foreach (var c in cases)
        {
            var error = Assert.Throws<SimulatorException>(() => simulator.NoisyQuantQuantize(c.Config, c.Values));
            Assert.True(error.Status == EdqaStatus.ErrorInvalidArgument, $"{c.What}: {error.Status} {error.Message}");
            Assert.False(string.IsNullOrEmpty(error.NativeMessage), c.What);
        }

        (uint[] record, _) = simulator.NoisyQuantQuantize(good, values);
        Assert.Equal(EdqaStatus.ErrorBufferTooSmall, Assert.Throws<SimulatorException>(
            () => simulator.NoisyQuantDequantize(good, record, new float[3])).Status);
        Assert.Equal(EdqaStatus.ErrorInvalidRecord, Assert.Throws<SimulatorException>(
            () => simulator.NoisyQuantDequantize(good, record.AsSpan(0, record.Length - 1), new float[4])).Status);
        uint[] badIndices = [.. record];
        badIndices[^1] = 0xFFFFu;
        Assert.Equal(EdqaStatus.ErrorInvalidRecord, Assert.Throws<SimulatorException>(
            () => simulator.NoisyQuantDequantize(good, badIndices, new float[4])).Status);
        uint[] negativeStep = [.. record];
        negativeStep[^2] = BitConverter.SingleToUInt32Bits(-1f);
        Assert.Equal(EdqaStatus.ErrorInvalidRecord, Assert.Throws<SimulatorException>(
            () => simulator.NoisyQuantDequantize(good, negativeStep, new float[4])).Status);

        // After every refusal the model still round-trips the same channel to the same record.
        Assert.Equal(record, simulator.NoisyQuantQuantize(good, values).Record);
        var decoded = new float[4];
        simulator.NoisyQuantDequantize(good, record, decoded);
        Assert.All(decoded, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void A_disposed_simulator_refuses_calls_and_releases_the_model()
    {
        Simulator simulator = Simulator.Open();
        Assert.Equal(SimulatorHandle.HandleState.Open, simulator.Handle.State);
        simulator.Dispose();
        Assert.Equal(SimulatorHandle.HandleState.Released, simulator.Handle.State);
        Assert.Throws<ObjectDisposedException>(() => simulator.SimulatedCycles());
        using Simulator again = Simulator.Open(); // the model is free again
        Assert.True(again.SimulatedCycles() > 0);
    }
}
