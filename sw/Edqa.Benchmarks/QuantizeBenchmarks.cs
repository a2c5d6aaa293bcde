using BenchmarkDotNet.Attributes;
using Edqa.Core.Quantization;

namespace Edqa.Benchmarks;

/// <summary>
/// Quantization and de-quantization of one 3136-element channel, the reference path's scalar kernel (baseline) against
/// the vector kernel. Times are per element (OperationsPerInvoke), so 1 ns/op is 1 G elements/s.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class QuantizeBenchmarks
{
    private const int Length = BenchmarkData.ChannelLength;
    private readonly QuantFormat _format = BenchmarkData.Format;
    private float[] _values = [];
    private sbyte[] _codes = [];
    private byte[] _errors = [];
    private float[] _output = [];
    private GroupScale _scale;

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchmarkData.ReluChannel(Length, seed: 1);
        _codes = new sbyte[Length];
        _errors = new byte[Length];
        _output = new float[Length];
        _scale = GroupScale.FromMax(ScalarQuantizationKernel.Instance.AbsMax(_values), _format);
        VectorQuantizationKernel.Instance.QuantizeImportant(_values, _scale.Multiplier(true, 3), _format, _codes,
            _errors);
    }

    [BenchmarkCategory("direct"), Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public void DirectScalar() =>
        ScalarQuantizationKernel.Instance.QuantizeDirect(_values, _scale.Inv, _format, _codes);

    [BenchmarkCategory("direct"), Benchmark(OperationsPerInvoke = Length)]
    public void DirectVector() =>
        VectorQuantizationKernel.Instance.QuantizeDirect(_values, _scale.Inv, _format, _codes);

    [BenchmarkCategory("edqa"), Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public void EdqaScalar() =>
        ScalarQuantizationKernel.Instance.QuantizeImportant(_values, _scale.Multiplier(true, 3), _format, _codes,
                _errors);

    [BenchmarkCategory("edqa"), Benchmark(OperationsPerInvoke = Length)]
    public void EdqaVector() =>
        VectorQuantizationKernel.Instance.QuantizeImportant(_values, _scale.Multiplier(true, 3), _format, _codes,
                _errors);

    [BenchmarkCategory("absmax"), Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public float AbsMaxScalar() => ScalarQuantizationKernel.Instance.AbsMax(_values);

    [BenchmarkCategory("absmax"), Benchmark(OperationsPerInvoke = Length)]
    public float AbsMaxVector() => VectorQuantizationKernel.Instance.AbsMax(_values);

    [BenchmarkCategory("dequantize"), Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public void DequantizeEdqaScalar() =>
        ScalarQuantizationKernel.Instance.DequantizeImportant(_codes, _errors, _scale.Step(true, 3), _format, _output);

    [BenchmarkCategory("dequantize"), Benchmark(OperationsPerInvoke = Length)]
    public void DequantizeEdqaVector() =>
        VectorQuantizationKernel.Instance.DequantizeImportant(_codes, _errors, _scale.Step(true, 3), _format, _output);
}
