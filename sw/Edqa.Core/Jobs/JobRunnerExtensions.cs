using System.Runtime.InteropServices;
using Edqa.Core.Baselines;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Core.Jobs;

/// <summary>One record at a time through any job runner, for callers that work on single channels (the latency
/// table, tests): a one-record job, its status turned into the exception it stands for.</summary>
public static class JobRunnerExtensions
{
    /// <summary>Runs one record; an invalid record is an <see cref="EdqaFormatException"/>, any other failure a
    /// <see cref="RecordFailedException"/>.</summary>
    public static RecordResult RunRecord(this IJobRunner runner, AcceleratorOp op, IRecordValues values, uint[] input,
        string label = "record")
    {
        var job = new AcceleratorJob(values.Kind, op, label, [new JobRecord(values, input)]);
        IReadOnlyList<JobResult> results = runner.Run([job]);
        ResultStream.RequireAnswers([job], results, "the job runner");
        RecordResult result = results[0].Records[0];
        return result.Status switch
        {
            RecordStatus.Ok => result,
            RecordStatus.InvalidRecord => throw new EdqaFormatException($"{label}: {result.Message}"),
            _ => throw new RecordFailedException(result.Status, $"{label}: {result.Status}: {result.Message}"),
        };
    }

    /// <summary>One eDQA channel: its record and the cycles it took.</summary>
    public static (uint[] Record, CycleCounts Cycles) QuantizeChannel(this IJobRunner runner,
        ReadOnlySpan<float> values, GroupScale scale, bool important, in QuantFormat format)
    {
        var descriptor = RecordDescriptor.Of(values.Length, scale, important, format);
        RecordResult result =
            runner.RunRecord(AcceleratorOp.Quantize, descriptor, MemoryMarshal.Cast<float, uint>(values).ToArray());
        return (result.Output, result.Cycles);
    }

    /// <summary>One eDQA record back to <paramref name="output"/>.Length values; returns the cycles.</summary>
    public static CycleCounts DequantizeChannel(this IJobRunner runner, uint[] record, GroupScale scale, bool important,
        in QuantFormat format, Span<float> output)
    {
        var descriptor = RecordDescriptor.Of(output.Length, scale, important, format);
        RecordResult result = runner.RunRecord(AcceleratorOp.Dequantize, descriptor, record);
        MemoryMarshal.Cast<uint, float>(result.Output).CopyTo(output);
        return result.Cycles;
    }

    /// <summary>One S x S channel through the NoisyQuant baseline (docs/spec.md §8).</summary>
    public static (NoisyQuantRecord Record, CycleCounts Cycles) NoisyQuantQuantize(this IJobRunner runner,
        ReadOnlySpan<float> values, int side, int bits)
    {
        var registers = new NoisyQuantRegisters((uint)bits, (uint)side);
        RecordResult result =
            runner.RunRecord(AcceleratorOp.Quantize, registers, MemoryMarshal.Cast<float, uint>(values).ToArray());
        return (NoisyQuantChannel.FromWords(result.Output, side * side, bits), result.Cycles);
    }

    public static (float[] Values, CycleCounts Cycles) NoisyQuantDequantize(this IJobRunner runner,
        NoisyQuantRecord record, int side, int bits)
    {
        var registers = new NoisyQuantRegisters((uint)bits, (uint)side);
        RecordResult result =
            runner.RunRecord(AcceleratorOp.Dequantize, registers, NoisyQuantChannel.ToWords(record, bits));
        return (MemoryMarshal.Cast<uint, float>(result.Output).ToArray(), result.Cycles);
    }
}
