using Edqa.Bindings;
using Edqa.Bindings.Native;
using Edqa.Core;
using Edqa.Core.Baselines;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Targets;

/// <summary>
/// The cycle-level SystemC accelerator in this process, through the generated bindings. The host side does what the
/// spec gives the host (scale groups, inv and delta, the container); every channel goes through the model.
/// </summary>
public sealed class SimulationTarget : IAcceleratorTarget
{
    private readonly Simulator _simulator;

    /// <param name="timeoutCycles">Cycle budget per operation (0: the library's default).</param>
    /// <param name="name">The target's name: sim, or board when libedqa_board.so implements the ABI.</param>
    public SimulationTarget(ulong timeoutCycles = 0, string name = AcceleratorTargets.Simulation)
    {
        Name = name;
        _simulator = Simulator.Open(timeoutCycles);
    }

    public string Name { get; }

    /// <summary>The model underneath, for channel-level use.</summary>
    public Simulator Simulator => _simulator;

    public TargetQuantization Quantize(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format, ScaleGranularity granularity, bool[] important)
    {
        CheckLength(layout.RecordLength);
        float[] scales = LayerQuantizer.Default.GroupMaxima(data, layout, granularity);
        var records = new uint[layout.RecordCount][];
        var cycles = new CycleCounts[layout.RecordCount];
        for (int record = 0; record < records.Length; record++)
        {
            int channel = layout.ChannelOf(record);
            GroupScale scale = GroupScale.FromMax(scales[granularity == ScaleGranularity.Layer ? 0 : channel], format.Bits);
            (records[record], cycles[record]) = QuantizeChannel(data.Slice(record * layout.RecordLength, layout.RecordLength), scale, important[channel], format);
        }

        return new TargetQuantization(new QuantizedLayer(format, granularity, layout, scales, (bool[])important.Clone(), records), cycles);
    }

    public TargetDequantization Dequantize(QuantizedLayer layer)
    {
        TensorLayout layout = layer.Layout;
        CheckLength(layout.RecordLength);
        var values = new float[layout.ElementCount];
        var cycles = new CycleCounts[layout.RecordCount];
        for (int record = 0; record < layout.RecordCount; record++)
        {
            try
            {
                cycles[record] = DequantizeChannel(layer.Records[record], layer.ScaleOf(layout.ChannelOf(record)), layer.IsImportant(record), layer.Format,
                    values.AsSpan(record * layout.RecordLength, layout.RecordLength));
            }
            catch (SimulatorException e) when (e.Status == EdqaStatus.ErrorInvalidRecord)
            {
                throw new EdqaFormatException($"{layer.Describe(record)}: {e.NativeMessage}");
            }
        }

        return new TargetDequantization(values, cycles);
    }

    /// <summary>One channel through the accelerator: its record and the cycles it took.</summary>
    public (uint[] Record, CycleCounts Cycles) QuantizeChannel(ReadOnlySpan<float> values, GroupScale scale, bool important, in QuantFormat format)
    {
        EdqaChannelConfig config = Config(values.Length, scale, important, format);
        var buffer = new uint[Simulator.RecordCapacity(config)];
        (int words, CycleCounts cycles) = _simulator.Quantize(config, values, buffer);
        return (buffer.AsSpan(0, words).ToArray(), cycles);
    }

    public CycleCounts DequantizeChannel(ReadOnlySpan<uint> record, GroupScale scale, bool important, in QuantFormat format, Span<float> output) =>
        _simulator.Dequantize(Config(output.Length, scale, important, format), record, output);

    /// <summary>One S x S channel through the NoisyQuant baseline accelerator (docs/spec.md §8).</summary>
    public (NoisyQuantRecord Record, CycleCounts Cycles) NoisyQuantQuantize(ReadOnlySpan<float> values, int side, int bits)
    {
        var config = new EdqaNoisyquantConfig { Bits = (uint)bits, Side = (uint)side };
        (uint[] words, CycleCounts cycles) = _simulator.NoisyQuantQuantize(config, values);
        return (NoisyQuantChannel.FromWords(words, side * side, bits), cycles);
    }

    public (float[] Values, CycleCounts Cycles) NoisyQuantDequantize(NoisyQuantRecord record, int side, int bits)
    {
        var config = new EdqaNoisyquantConfig { Bits = (uint)bits, Side = (uint)side };
        var values = new float[side * side];
        CycleCounts cycles = _simulator.NoisyQuantDequantize(config, NoisyQuantChannel.ToWords(record, bits), values);
        return (values, cycles);
    }

    public void Dispose() => _simulator.Dispose();

    /// <summary>The registers of one channel: N, m, the flag, L, and inv and delta as the host computes them.</summary>
    public static EdqaChannelConfig Config(int length, GroupScale scale, bool important, in QuantFormat format) => new()
    {
        Bits = (uint)format.Bits,
        ExtraBits = (uint)format.ExtraBits,
        Important = important ? 1u : 0u,
        Length = (uint)length,
        Inv = scale.Inv,
        Delta = scale.Delta,
    };

    private static void CheckLength(int length)
    {
        if (length > Simulator.MaxLength)
        {
            throw new ArgumentException($"channels of {length} elements exceed the accelerator's {Simulator.MaxLength}");
        }
    }
}
