using System.Runtime.InteropServices;
using Edqa.Core.Channel;
using Edqa.Core.Huffman;
using Edqa.Core.Jobs;
using Edqa.Core.Quantization;

namespace Edqa.Core.Layer;

/// <summary>A layer quantized by a job runner, with the accelerator's cycle counters and host time per record where
/// the runner has a clock (null for the golden model), and the negative inputs an unsigned layer clamped to 0
/// (spec §2.3).</summary>
public sealed record LayerQuantization(QuantizedLayer Layer, CycleCounts[]? Cycles, ulong[]? HostNanoseconds,
    long ClampedNegatives = 0);

/// <summary>A layer de-quantized by a job runner (C order), with cycle counters and host time per record where the
/// runner has them.</summary>
public sealed record LayerDequantization(float[] Values, CycleCounts[]? Cycles, ulong[]? HostNanoseconds);

/// <summary>A layer's records are longer than the accelerator that is to run them holds.</summary>
public sealed class RecordLengthException(string message) : ArgumentException(message);

/// <summary>A record failed on the runner for a reason that is not a malformed record: a timeout, an internal
/// error.</summary>
public sealed class RecordFailedException(RecordStatus status, string message) : Exception(message)
{
    public RecordStatus Status { get; } = status;
}

/// <summary>
/// The paper's Algorithms 1 (quantize a layer) and 2 (de-quantize it), the one layer loop of the repository. The
/// host's part is done here (scale groups, inv and delta per group, the container's fields); every record becomes a
/// record of one accelerator job, and a job runner (the golden model, the SystemC model in this process or in the
/// runner, the board) does the accelerator's part.
/// </summary>
public sealed class LayerQuantizer(IJobRunner runner)
{
    /// <summary>The golden model's reference path, element by element as the spec reads.</summary>
    public static LayerQuantizer Reference { get; } = new(GoldenJobRunner.Reference);

    /// <summary>The golden model's optimized path, bit-identical to <see cref="Reference"/>.</summary>
    public static LayerQuantizer Optimized { get; } = new(GoldenJobRunner.Optimized);

    public IJobRunner Runner { get; } = runner;

    /// <summary>M per scale group. Throws <see cref="NonFiniteValueException"/> with the element's flat
    /// index.</summary>
    public static float[] GroupMaxima(ReadOnlySpan<float> data, TensorLayout layout, ScaleGranularity granularity)
    {
        if (data.Length != layout.ElementCount)
        {
            throw new ArgumentException(
                $"{data.Length} values for a tensor of shape {layout} ({layout.ElementCount} elements)");
        }

        var maxima = new float[granularity == ScaleGranularity.Layer ? 1 : layout.Channels];
        for (int record = 0; record < layout.RecordCount; record++)
        {
            int start = record * layout.RecordLength;
            float max;
            try
            {
                max = VectorQuantizationKernel.Instance.AbsMax(data.Slice(start, layout.RecordLength));
            }
            catch (NonFiniteValueException e)
            {
                throw new NonFiniteValueException(start + e.Index, e.Value);
            }

            int group = granularity == ScaleGranularity.Layer ? 0 : layout.ChannelOf(record);
            maxima[group] = MathF.Max(maxima[group], max);
        }

        // Store the effective M: a flushed group (M < 2^-64) is stored as 0.
        for (int group = 0; group < maxima.Length; group++)
        {
            maxima[group] = GroupScale.EffectiveMax(maxima[group]);
        }

        return maxima;
    }

    /// <summary>The accelerator job that quantizes a layer: one record per (outer index, channel), with the
    /// registers of its group's scale. <paramref name="maxima"/> receives M per group (the container stores
    /// them).</summary>
    public static AcceleratorJob QuantizeJob(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format,
        ScaleGranularity granularity, bool[] important, string label, out float[] maxima,
        RecordCoding coding = RecordCoding.Adaptive, CanonicalCode? staticCode = null,
        CanonicalCode? codeStaticCode = null)
    {
        if (important.Length != layout.Channels)
        {
            throw new ArgumentException(
                $"{important.Length} importance flags for a layer of {layout.Channels} channels");
        }

        maxima = GroupMaxima(data, layout, granularity);
        GroupScale[] groups = maxima.Select(max => GroupScale.FromMax(max, format)).ToArray();
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<float, uint>(data);
        var records = new JobRecord[layout.RecordCount];
        for (int record = 0; record < records.Length; record++)
        {
            int channel = layout.ChannelOf(record);
            GroupScale scale = groups[granularity == ScaleGranularity.Layer ? 0 : channel];
            records[record] = new JobRecord(RecordDescriptor.Of(layout.RecordLength, scale, important[channel], format,
                coding, CodingOf(codeStaticCode)),
                words.Slice(record * layout.RecordLength, layout.RecordLength).ToArray());
        }

        return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Quantize, label, records,
            staticCode is null ? null : JobStaticCode.From(staticCode), CodeStaticCodeOf(codeStaticCode, format));
    }

    /// <summary>The accelerator job that de-quantizes a layer: its records with their groups' descriptors.</summary>
    public static AcceleratorJob DequantizeJob(QuantizedLayer layer, string label)
    {
        TensorLayout layout = layer.Layout;
        var records = new JobRecord[layout.RecordCount];
        for (int record = 0; record < records.Length; record++)
        {
            GroupScale scale = layer.ScaleOf(layout.ChannelOf(record));
            records[record] = new JobRecord(RecordDescriptor.Of(layout.RecordLength, scale, layer.IsImportant(record),
                layer.Format, codeCoding: CodingOf(layer.CodeStaticCode)), layer.Records[record]);
        }

        return new AcceleratorJob(AcceleratorKind.Edqa, AcceleratorOp.Dequantize, label, records,
            layer.StaticCode is null ? null : JobStaticCode.From(layer.StaticCode),
            CodeStaticCodeOf(layer.CodeStaticCode, layer.Format));
    }

    private static CodeCoding CodingOf(CanonicalCode? codeStaticCode) =>
        codeStaticCode is null ? CodeCoding.Packed : CodeCoding.Static;

    private static JobCodeStaticCode? CodeStaticCodeOf(CanonicalCode? codeStaticCode, in QuantFormat format) =>
        codeStaticCode is null ? null : JobCodeStaticCode.From(codeStaticCode, format.Bits);

    /// <summary>Algorithm 1: quantizes a layer held in C order.</summary>
    /// <remarks><paramref name="coding"/> chooses each important record's mode (spec §4.2); static and smallest need
    /// the layer's <paramref name="staticCode"/> (<see cref="CalibrationHistogram"/> and
    /// <see cref="Huffman.StaticCode"/>).</remarks>
    /// <remarks>A <paramref name="codeStaticCode"/> (spec §3.8) makes the layer's code coding static.</remarks>
    public LayerQuantization Quantize(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format,
        ScaleGranularity granularity, bool[] important, string label = "layer",
        RecordCoding coding = RecordCoding.Adaptive, CanonicalCode? staticCode = null,
        CanonicalCode? codeStaticCode = null)
    {
        CheckLength(layout);
        AcceleratorJob job = QuantizeJob(data, layout, format, granularity, important, label, out float[] maxima,
            coding, staticCode, codeStaticCode);
        JobResult result = RunOne(job);
        var records = new uint[layout.RecordCount][];
        for (int record = 0; record < records.Length; record++)
        {
            records[record] = Output(result, record, layout, "quantize");
        }

        var layer = new QuantizedLayer(format, granularity, layout, maxima, (bool[])important.Clone(), records,
            coding == RecordCoding.Adaptive ? null : staticCode, codeStaticCode);
        return new LayerQuantization(layer, Cycles(result), HostTimes(result), ClampedNegatives(data, format));
    }

    /// <summary>The inputs below 0 of a layer on the unsigned grid, each clamped to code 0 (spec §2.3): counted so
    /// that a grid chosen from calibration that meets negative activations says so. 0 on the signed grid.</summary>
    public static long ClampedNegatives(ReadOnlySpan<float> data, in QuantFormat format)
    {
        if (!format.IsUnsigned)
        {
            return 0;
        }

        long count = 0;
        foreach (float x in data)
        {
            count += x < 0f ? 1 : 0;
        }

        return count;
    }

    /// <summary>The histogram of a layer's shifting errors over its important records: what a static code is
    /// computed from (spec §3.7) when this layer is the calibration data. Accumulates into
    /// <paramref name="histogram"/> (2^m counts), so several calibration batches add up.</summary>
    public static void CalibrationHistogram(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format,
        ScaleGranularity granularity, bool[] important, Span<long> histogram)
    {
        long[] counts = new long[histogram.Length];
        QuantizeRecords(data, layout, format, granularity, important, importantOnly: true, (_, errors) =>
        {
            foreach (byte error in errors)
            {
                counts[error]++;
            }
        });
        Add(counts, histogram);
    }

    /// <summary>The histogram of a layer's codes as symbols of the codes' static code (spec §3.8: 2^N + 15 counts),
    /// over all its records: what the codes' static code is computed from when this layer is the calibration data.
    /// Accumulates into <paramref name="histogram"/>.</summary>
    public static void CodeCalibrationHistogram(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format,
        ScaleGranularity granularity, bool[] important, Span<long> histogram)
    {
        long[] counts = new long[histogram.Length];
        QuantizeRecords(data, layout, format, granularity, important, importantOnly: false,
            (codes, _) => CodeSymbols.Count(codes, format.Bits, counts));
        Add(counts, histogram);
    }

    /// <summary>Quantizes every record (or only the important ones) with its group's scale and hands over its codes
    /// and errors (the errors of a direct record are not meaningful).</summary>
    private static void QuantizeRecords(ReadOnlySpan<float> data, TensorLayout layout, QuantFormat format,
        ScaleGranularity granularity, bool[] important, bool importantOnly, Action<sbyte[], byte[]> record)
    {
        float[] maxima = GroupMaxima(data, layout, granularity);
        var codes = new sbyte[layout.RecordLength];
        var errors = new byte[layout.RecordLength];
        for (int r = 0; r < layout.RecordCount; r++)
        {
            int channel = layout.ChannelOf(r);
            if (importantOnly && !important[channel])
            {
                continue;
            }

            GroupScale scale =
                GroupScale.FromMax(maxima[granularity == ScaleGranularity.Layer ? 0 : channel], format);
            ReadOnlySpan<float> values = data.Slice(r * layout.RecordLength, layout.RecordLength);
            if (important[channel])
            {
                ChannelCodec.Optimized.Kernel.QuantizeImportant(values,
                    scale.Multiplier(important: true, format.ExtraBits), format, codes, errors);
            }
            else
            {
                ChannelCodec.Optimized.Kernel.QuantizeDirect(values, scale.Inv, format, codes);
            }

            record(codes, errors);
        }
    }

    private static void Add(ReadOnlySpan<long> counts, Span<long> histogram)
    {
        for (int symbol = 0; symbol < counts.Length; symbol++)
        {
            histogram[symbol] += counts[symbol];
        }
    }

    /// <summary>Algorithm 2: de-quantizes every record into a C-order tensor.</summary>
    public LayerDequantization Dequantize(QuantizedLayer layer, string label = "layer")
    {
        TensorLayout layout = layer.Layout;
        CheckLength(layout);
        JobResult result = RunOne(DequantizeJob(layer, label));
        var values = new float[layout.ElementCount];
        Span<uint> bits = MemoryMarshal.Cast<float, uint>(values.AsSpan());
        for (int record = 0; record < layout.RecordCount; record++)
        {
            uint[] output = Output(result, record, layout, "de-quantize");
            if (output.Length != layout.RecordLength)
            {
                throw new RecordFailedException(RecordStatus.Internal,
                    $"{layer.Describe(record)}: the runner returned {output.Length} values for a record of "
                    + $"{layout.RecordLength}");
            }

            output.CopyTo(bits.Slice(record * layout.RecordLength));
        }

        return new LayerDequantization(values, Cycles(result), HostTimes(result));
    }

    private void CheckLength(TensorLayout layout)
    {
        if (layout.RecordLength > Runner.MaxRecordLength)
        {
            throw new RecordLengthException(
                $"records of {layout.RecordLength} elements exceed the {Runner.MaxRecordLength} elements the "
                + $"accelerator holds");
        }
    }

    /// <summary>The layer's one job through the runner. A zero-size layer (no channels, or no outer index) has no
    /// record, and a job stream holds 1 to 2^24 records a job (docs/spec.md §11): it is answered here with no
    /// record, on every target alike, instead of a job that no runner but the golden model takes.</summary>
    private JobResult RunOne(AcceleratorJob job)
    {
        if (job.Records.Count == 0)
        {
            return new JobResult(0, job.Kind, job.Op, []);
        }

        IReadOnlyList<JobResult> results = Runner.Run([job]);
        ResultStream.RequireAnswers([job], results, "the job runner");
        return results[0];
    }

    /// <summary>The output of record r, or the exception its status stands for.</summary>
    private static uint[] Output(JobResult result, int record, TensorLayout layout, string operation)
    {
        RecordResult r = result.Records[record];
        string where = layout.DescribeRecord(record);
        return r.Status switch
        {
            RecordStatus.Ok => r.Output,
            RecordStatus.InvalidRecord => throw new EdqaFormatException($"{where}: {r.Message}"),
            _ => throw new RecordFailedException(r.Status, $"{where}: {operation} failed ({r.Status}): {r.Message}"),
        };
    }

    private CycleCounts[]? Cycles(JobResult result) =>
        Runner.CountsCycles ? result.Records.Select(r => r.Cycles).ToArray() : null;

    private ulong[]? HostTimes(JobResult result) =>
        Runner.CountsCycles ? result.Records.Select(r => r.HostNanoseconds).ToArray() : null;
}
