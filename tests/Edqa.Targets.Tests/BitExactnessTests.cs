using CsCheck;
using Edqa.Core.Analysis;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Tests;

namespace Edqa.Targets.Tests;

/// <summary>
/// The bit-exactness regression: the SystemC model (in-process and as a child process) against the golden model,
/// on the committed golden vectors and on generated layers of every kind, N, m and scale granularity. Integers
/// (codes, errors, codebooks, payloads) and floats are compared; a failure names the first mismatch.
/// </summary>
[Collection(SystemCCollection.Name)]
public sealed class BitExactnessTests
{
    [Fact]
    public void Golden_vectors_are_answered_alike_by_the_golden_model_and_both_simulation_targets()
    {
        IReadOnlyList<AcceleratorJob> jobs = CommittedVectors.Jobs();
        IReadOnlyList<JobResult> committed = CommittedVectors.Results();
        Assert.True(jobs.Count > 200);
        Assert.Contains(committed, r => r.Records[0].Status == RecordStatus.InvalidRecord);
        Assert.Contains(committed, r => r.Kind == AcceleratorKind.NoisyQuant);
        Assert.Null(ResultComparison.FirstDifference(jobs, committed, GoldenJobRunner.Reference.Run(jobs)));
        Assert.Null(ResultComparison.FirstDifference(jobs, committed, GoldenJobRunner.Optimized.Run(jobs)));
        using var simulation = new SimulationTarget();
        ResultDifference? difference = ResultComparison.FirstDifference(jobs, committed, simulation.Run(jobs));
        Assert.True(difference is null, $"in-process: {difference}");
        using var process = new SimulationProcessTarget();
        difference = ResultComparison.FirstDifference(jobs, committed, process.Run(jobs));
        Assert.True(difference is null, $"runner process: {difference}");
    }

    [Fact]
    public void Generated_layers_are_bit_exact_in_process()
    {
        using var reference = new ReferenceTarget();
        using var simulation = new SimulationTarget();
        Layers.Sample(layer => AssertAgree(reference, simulation, layer), iter: 250);
    }

    [Fact]
    public void Generated_layers_are_bit_exact_on_every_configuration_of_units_and_lanes()
    {
        // Units and lanes change cycles, never a bit: records spread over the units and start mid-beat.
        using var reference = new ReferenceTarget();
        foreach (AcceleratorConfiguration configuration in AcceleratorConfiguration.All)
        {
            using var simulation = new SimulationTarget(configuration: configuration);
            Assert.Equal(configuration, simulation.Configuration);
            Layers.Sample(layer => AssertAgree(reference, simulation, layer), iter: 25);
        }
    }

    [Fact]
    public void The_runner_process_takes_units_and_lanes()
    {
        using var reference = new ReferenceTarget();
        using var process = new SimulationProcessTarget(configuration: new AcceleratorConfiguration(4, 2));
        Layers.Sample(layer => AssertAgree(reference, process, layer), iter: 4, threads: 1);
    }

    [Fact]
    public void Only_the_elaborated_configurations_exist()
    {
        Assert.Equal(6, AcceleratorConfiguration.All.Count);
        Assert.Contains("--units 3",
            Assert.Throws<ArgumentException>(() => AcceleratorConfiguration.Create(3, 1)).Message);
        Assert.Contains("--lanes 4",
            Assert.Throws<ArgumentException>(() => AcceleratorConfiguration.Create(1, 4)).Message);
        Assert.Contains("golden model", Assert.Throws<ArgumentException>(() => AcceleratorTargets.Create(
            AcceleratorTargets.Reference, configuration: new AcceleratorConfiguration(2, 2))).Message);
    }

    [Fact]
    public void Generated_layers_are_bit_exact_through_the_runner_process()
    {
        using var reference = new ReferenceTarget();
        using var process = new SimulationProcessTarget();
        Layers.Sample(layer => AssertAgree(reference, process, layer), iter: 12, threads: 1);
    }

    [Fact]
    public void Maximum_length_channels_of_every_kind_are_bit_exact()
    {
        using var reference = new ReferenceTarget();
        using var simulation = new SimulationTarget();
        foreach (ChannelKind kind in Enum.GetValues<ChannelKind>())
        {
            var format = new QuantFormat(3, 3);
            float[] data = ChannelCases.Make(kind, format, 2 * 4096, seed: (int)kind);
            AssertAgree(reference, simulation,
                new LayerCase(data, TensorLayout.Create([2, 1, 64, 64], 1), format, ScaleGranularity.Layer, [true]));
        }
    }

    [Fact]
    public void Real_activations_of_the_Fashion_MNIST_network_are_bit_exact()
    {
        // Captured from the shipped CNN by `edqa capture` (tests/vectors/real): what each quantization point received
        // during eDQA inference of a test image.
        string[] files = Directory.GetFiles(
            Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "vectors", "real"), "*.npy");
        Assert.NotEmpty(files);
        using var reference = new ReferenceTarget();
        using var simulation = new SimulationTarget();
        foreach (string path in files)
        {
            Core.Io.NpyArray array = Core.Io.NpyFile.Read(path);
            TensorLayout layout = TensorLayout.Create(array.Shape, 1);
            foreach (QuantFormat format in
                new[] { new QuantFormat(3, 3), new QuantFormat(4, 2), new QuantFormat(5, 3) })
            {
                foreach (ScaleGranularity granularity in Enum.GetValues<ScaleGranularity>())
                {
                    bool[] important = Enumerable.Range(0, layout.Channels).Select(c => c % 5 < 2).ToArray();
                    AssertAgree(reference, simulation,
                        new LayerCase(array.Data, layout, format, granularity, important));
                }
            }
        }
    }

    /// <summary>A layer to run: data in C order and everything the quantizer needs.</summary>
    public sealed record LayerCase(
        float[] Data, TensorLayout Layout, QuantFormat Format, ScaleGranularity Granularity, bool[] Important)
    {
        public override string ToString() =>
            $"{Layout}, {Format}, {Granularity}, important [{string.Join(",", Important.Select(i => i ? 1 : 0))}], "
            + $"data [{string.Join(", ", Data.Take(6))}...]";
    }

    /// <summary>Layers of every channel kind (ties, negatives, heavy tails, all-zero, constant, tiny), every N and
    /// m, both granularities, 1-3 samples of 1-5 channels of 0-300 elements.</summary>
    private static readonly Gen<LayerCase> Layers =
        Gen.Select(ChannelCases.Format, Gen.Enum<ChannelKind>(), Gen.Int[1, 3], Gen.Int[1, 5], Gen.Int[0, 300],
                Gen.Bool, Gen.Int)
            .Select((format, kind, batch, channels, length, perChannel, seed) =>
            {
                TensorLayout layout = TensorLayout.Create([batch, channels, length], 1);
                var random = new Random(seed);
                bool[] important = Enumerable.Range(0, channels).Select(_ => random.NextDouble() < 0.5).ToArray();
                float[] data = ChannelCases.Make(kind, format, layout.ElementCount, seed);
                return new LayerCase(data, layout, format,
                    perChannel ? ScaleGranularity.Channel : ScaleGranularity.Layer, important);
            });

    private static void AssertAgree(IAcceleratorTarget reference, IAcceleratorTarget target, LayerCase layer)
    {
        LayerQuantization expected = new LayerQuantizer(reference)
            .Quantize(layer.Data, layer.Layout, layer.Format, layer.Granularity, layer.Important);
        LayerQuantization actual = new LayerQuantizer(target)
            .Quantize(layer.Data, layer.Layout, layer.Format, layer.Granularity, layer.Important);
        Difference? difference =
            LayerComparison.Compare(expected.Layer, actual.Layer, reference.Name, target.Name, "generated");
        Assert.True(difference is null, $"{difference} ({layer})");
        Assert.NotNull(actual.Cycles);
        float[] expectedValues = new LayerQuantizer(reference).Dequantize(expected.Layer).Values;
        float[] actualValues = new LayerQuantizer(target).Dequantize(expected.Layer).Values;
        difference = LayerComparison.CompareValues(expectedValues, actualValues, layer.Layout, reference.Name,
            target.Name, "generated");
        Assert.True(difference is null, $"{difference} ({layer})");
    }
}
