using System.Diagnostics;
using Edqa.Core.Jobs;
using Edqa.Core;
using Edqa.Core.Channel;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Xunit.Abstractions;

namespace Edqa.Targets.Tests;

/// <summary>Long runs, concurrency and broken runners: the targets stay correct, bounded and explain
/// failures.</summary>
[Collection(SystemCCollection.Name)]
public sealed class RobustnessTests(ITestOutputHelper output)
{
    private static readonly QuantFormat Format = new(3, 3);

    [Fact]
    [Trait("Speed", "Slow")]
    public void One_hundred_thousand_channel_calls_in_process_do_not_grow_resident_memory()
    {
        const int Calls = 100_000;
        const int Warmup = 2_000;
        float[] values = ChannelValues(16, seed: 1);
        GroupScale scale = GroupScale.FromMax(values.Max(MathF.Abs), Format);
        uint[] expected = ChannelCodec.Reference.Encode(values, scale, important: true, Format);
        using var simulation = new SimulationTarget();
        long before = 0;
        var watch = Stopwatch.StartNew();
        for (int call = 0; call < Calls; call++)
        {
            if (call == Warmup)
            {
                before = ResidentBytes();
            }

            (uint[] record, _) = simulation.QuantizeChannel(values, scale, important: true, Format);
            if (call % 10_000 == 0)
            {
                Assert.Equal(expected, record);
            }
        }

        long growth = ResidentBytes() - before;
        output.WriteLine($"{Calls} channel calls in {watch.Elapsed.TotalSeconds:F1} s; resident memory grew by "
            + $"{growth / 1024} KiB after {Warmup} warm-up calls");
        Assert.True(growth < 16L * 1024 * 1024,
            $"resident memory grew by {growth / 1024} KiB over {Calls - Warmup} calls");
    }

    [Fact]
    public void Eight_threads_at_once_are_serialized_and_every_result_is_correct()
    {
        using var simulation = new SimulationTarget();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (int call = 0; call < 200; call++)
            {
                float[] values = ChannelValues(8 + ((t * 31 + call) % 120), seed: (t * 1000) + call);
                GroupScale scale = GroupScale.FromMax(values.Max(MathF.Abs), Format);
                bool important = (call + t) % 2 == 0;
                uint[] expected = ChannelCodec.Reference.Encode(values, scale, important, Format);
                (uint[] record, _) = simulation.QuantizeChannel(values, scale, important, Format);
                var decoded = new float[values.Length];
                simulation.DequantizeChannel(record, scale, important, Format, decoded);
                var reference = new float[values.Length];
                ChannelCodec.Reference.Dequantize(
                    ChannelCodec.Reference.Decode(expected, values.Length, important, Format),
                    scale,
                    Format,
                    reference);
                if (!record.AsSpan().SequenceEqual(expected) || !decoded.AsSpan().SequenceEqual(reference))
                {
                    failures.Add($"thread {t}, call {call}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void A_runner_that_crashes_is_reported_with_its_signal()
    {
        using var runner = new FakeRunner("#!/bin/sh\nkill -SEGV $$\n");
        using var target = new SimulationProcessTarget(runner.Path, TimeSpan.FromSeconds(30));
        var error = Assert.Throws<TargetException>(() => QuantizeSmallLayer(target));
        Assert.Contains("crashed (signal 11)", error.Message);
    }

    [Fact]
    public void A_runner_that_hangs_is_killed_at_the_timeout()
    {
        using var runner = new FakeRunner("#!/bin/sh\nexec sleep 300\n");
        using var target = new SimulationProcessTarget(runner.Path, TimeSpan.FromSeconds(2));
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<TargetException>(() => QuantizeSmallLayer(target));
        Assert.Contains("did not finish within 2 s and was killed", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_runner_that_fails_passes_its_message_on()
    {
        using var runner =
            new FakeRunner("#!/bin/sh\necho 'edqa-sim: the accelerator did not raise DONE' >&2\nexit 4\n");
        using var target = new SimulationProcessTarget(runner.Path, TimeSpan.FromSeconds(30));
        var error = Assert.Throws<TargetException>(() => QuantizeSmallLayer(target));
        Assert.Contains("exit code 4: edqa-sim: the accelerator did not raise DONE", error.Message);
        Assert.Throws<FileNotFoundException>(() => new SimulationProcessTarget("/nonexistent/edqa-sim"));
    }

    [Fact]
    public void A_damaged_record_is_a_format_error_from_both_simulation_targets()
    {
        float[] data = ChannelValues(2 * 3 * 10, seed: 5);
        TensorLayout layout = TensorLayout.Create([2, 3, 10], 1);
        QuantizedLayer layer = LayerQuantizer.Optimized.Quantize(data, layout, Format, ScaleGranularity.Layer,
            [true, false, true]).Layer;
        layer.Records[2][^1] ^= 1; // padding of the payload's last word (channel 2 of sample 0)
        using (var simulation = new SimulationTarget())
        {
            Assert.StartsWith("record 2 (sample 0, channel 2)", Assert.Throws<EdqaFormatException>(
                () => new LayerQuantizer(simulation).Dequantize(layer)).Message);
        }

        using var process = new SimulationProcessTarget();
        Assert.Contains("record 2 (sample 0, channel 2)",
            Assert.Throws<EdqaFormatException>(() => new LayerQuantizer(process).Dequantize(layer)).Message);
    }

    private static void QuantizeSmallLayer(IAcceleratorTarget target) =>
        new LayerQuantizer(target).Quantize(ChannelValues(8, seed: 1), TensorLayout.Create([1, 8], 0), Format,
            ScaleGranularity.Layer, [true]);

    private static float[] ChannelValues(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    /// <summary>An executable script standing in for edqa-sim.</summary>
    private sealed class FakeRunner : IDisposable
    {
        public FakeRunner(string script)
        {
            Path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("fake-runner-").FullName, "edqa-sim");
            File.WriteAllText(Path, script);
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
    }
}
