using System.Diagnostics;
using System.IO.Compression;
using Edqa.Core.Analysis;
using Edqa.Core.Bits;
using Edqa.Core.Channel;
using Edqa.Core.Huffman;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Quantization;
using SharpCompress.Compressors.LZMA;
using static TorchSharp.torch;

namespace Edqa.Nn.Experiments;

/// <summary>
/// The shifting errors of a real network: their histogram per N (Figure 2), how well Huffman and general-purpose
/// compressors compress them (Table 1), and the memory per activation of Direct, eDQA and N + m. Activations are
/// captured as each point's quantizer receives them during eDQA inference and run through the golden model, so
/// every error and every Huffman bit counted here is what the spec and the accelerator produce.
/// </summary>
public static class ErrorStudy
{
    public static ErrorStudyResults Run(ExperimentSetup setup, RankFile rank, int[] bits, int extraBits, double ratio,
        int batches, Action<double>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var histograms = new List<ErrorHistogram>();
        var memory = new List<MemoryRow>();
        var compressors = Compressors();
        var compressedBits = new long[compressors.Length];
        var milliseconds = new double[compressors.Length];
        long compressedErrors = 0;
        double entropyBits = 0;
        int batchCount = Math.Min(batches, (setup.Test.Count + 127) / 128);
        ModeStudy? modeStudy = null;
        foreach (int n in bits)
        {
            var format = new QuantFormat(n, extraBits);
            ChannelMode[][] modes = Methods.EdqaModes(setup.Model, rank, ratio);
            var quantizer = new EdqaTensorQuantizer(format, setup.Granularity, modes);
            // Record modes at the first N: static codes per point from calibration images (spec §3.7), then every
            // test layer coded adaptive, static and smallest.
            Dictionary<int, CanonicalCode>? staticCodes =
                n == bits[0] ? StaticCodes(setup, quantizer, modes, format) : null;
            var modeBits = new double[3];
            var modeCounts = new long[3, 3];
            (double raw, double bound) = (0, 0);
            var counts = new long[format.AlphabetSize];
            (double direct, double edqa, double wide, long elements) = (0, 0, 0, 0);
            for (int b = 0; b < batchCount; b++)
            {
                using var scope = NewDisposeScope();
                (Tensor images, _) = setup.Test.Batch(b * 128, Math.Min(128, setup.Test.Count - (b * 128)));
                (_, IReadOnlyList<CapturedActivation> captured) =
                    CapturingQuantizer.Run(setup.Model, images, quantizer);
                var batchErrors = new List<byte>();
                var records = new List<(ChannelFields Fields, int Alphabet)>();
                foreach (CapturedActivation activation in captured)
                {
                    TensorLayout layout = TensorLayout.Create(activation.Shape, 1);
                    bool[] important = Methods.ImportantMask(modes[activation.Point.Index]);
                    QuantizedLayer layer = LayerQuantizer.Optimized.Quantize(activation.Data, layout, format,
                        setup.Granularity, important, activation.Point.Name).Layer;
                    var footprint = LayerFootprint.Of(layer, ChannelCodec.Optimized);
                    (direct, edqa, wide, elements) = (direct + footprint.DirectBits, edqa + footprint.EdqaBits,
                        wide + footprint.WideBits, elements + footprint.Elements);
                    if (staticCodes is not null)
                    {
                        raw += footprint.WideBits;
                        bound += footprint.DirectBits + footprint.EntropyBoundBits;
                        foreach (RecordCoding coding in Enum.GetValues<RecordCoding>())
                        {
                            QuantizedLayer coded = coding == RecordCoding.Adaptive ? layer
                                : LayerQuantizer.Optimized.Quantize(activation.Data, layout, format, setup.Granularity,
                                    important, activation.Point.Name, coding, staticCodes[activation.Point.Index])
                                    .Layer;
                            var codedFootprint = coding == RecordCoding.Adaptive
                                ? footprint
                                : LayerFootprint.Of(coded, ChannelCodec.Optimized);
                            // The coding word H of every important record counts here (its 32 bits are the mode field).
                            modeBits[(int)coding] += codedFootprint.EdqaBits
                                + (32.0 * codedFootprint.Records.Count(r => r.Important));
                            foreach (RecordFootprint record in codedFootprint.Records.Where(r => r.Important))
                            {
                                modeCounts[(int)coding, (int)record.Mode]++;
                            }
                        }
                    }
                    for (int r = 0; r < layout.RecordCount; r++)
                    {
                        if (!layer.IsImportant(r))
                        {
                            continue;
                        }

                        ChannelFields fields = layer.DecodeRecord(r, ChannelCodec.Optimized);
                        foreach (byte e in fields.Errors)
                        {
                            counts[e]++;
                        }

                        batchErrors.AddRange(fields.Errors);
                        records.Add((fields, format.AlphabetSize));
                    }
                }

                if (n == bits[0])
                {
                    compressedErrors += batchErrors.Count;
                    entropyBits += records.Sum(r => LayerFootprint.EntropyBits(r.Fields.Errors, r.Alphabet));
                    byte[] stream = batchErrors.ToArray();
                    for (int c = 0; c < compressors.Length; c++)
                    {
                        var timer = Stopwatch.StartNew();
                        compressedBits[c] += compressors[c].Compress(stream, records);
                        milliseconds[c] += timer.Elapsed.TotalMilliseconds;
                    }
                }

                progress?.Invoke(1);
            }

            if (staticCodes is not null)
            {
                ModeRow[] rows = Enum.GetValues<RecordCoding>().Select(c =>
                    new ModeRow(c.ToString().ToLowerInvariant(), modeBits[(int)c] / elements,
                    modeCounts[(int)c, 0], modeCounts[(int)c, 1], modeCounts[(int)c, 2])).ToArray();
                modeStudy = new ModeStudy(n, extraBits, StaticCodeImages, rows, raw / elements, bound / elements);
            }

            histograms.Add(new ErrorHistogram(n, extraBits, counts));
            memory.Add(new MemoryRow(n, extraBits, ratio, direct / elements, edqa / elements, wide / elements));
        }

        var compression = compressors.Select((c, i) => new CompressionRow(
            c.Name, compressedErrors, compressedBits[i],
            (double)compressedErrors * extraBits / Math.Max(1, compressedBits[i]), milliseconds[i] / batchCount))
                .ToArray();
        return new ErrorStudyResults(setup.Model.Architecture, Path.GetFileName(setup.Checkpoint), batchCount,
            histograms.ToArray(), compression, entropyBits, memory.ToArray(), watch.Elapsed.TotalSeconds,
            setup.Provenance, modeStudy);
    }

    /// <summary>Calibration images the static codes are computed from (run 1's calibration subset, its first
    /// ones).</summary>
    public const int StaticCodeImages = 512;

    /// <summary>Each point's static code (spec §3.7): the errors of its important records on calibration images,
    /// as eDQA inference delivers them to that point.</summary>
    private static Dictionary<int, CanonicalCode> StaticCodes(ExperimentSetup setup, EdqaTensorQuantizer quantizer,
        ChannelMode[][] modes, QuantFormat format)
    {
        var histograms = new Dictionary<int, long[]>();
        Data.FashionMnist calibration = setup.Calibration(0);
        int images = Math.Min(StaticCodeImages, calibration.Count);
        for (int start = 0; start < images; start += 128)
        {
            using var scope = NewDisposeScope();
            (Tensor batch, _) = calibration.Batch(start, Math.Min(128, images - start));
            (_, IReadOnlyList<CapturedActivation> captured) = CapturingQuantizer.Run(setup.Model, batch, quantizer);
            foreach (CapturedActivation activation in captured)
            {
                TensorLayout layout = TensorLayout.Create(activation.Shape, 1);
                bool[] important = Methods.ImportantMask(modes[activation.Point.Index]);
                if (!histograms.TryGetValue(activation.Point.Index, out long[]? histogram))
                {
                    histograms[activation.Point.Index] = histogram = new long[format.AlphabetSize];
                }

                LayerQuantizer.CalibrationHistogram(activation.Data, layout, format, setup.Granularity, important,
                    histogram);
            }
        }

        return histograms.ToDictionary(h => h.Key, h => StaticCode.FromHistogram(h.Value));
    }

    /// <summary>A compressor applied to one batch's shifting errors; returns the compressed size in bits after a
    /// round trip (decompression is timed too and checked).</summary>
    private sealed record Compressor(string Name,
        Func<byte[], List<(ChannelFields Fields, int Alphabet)>, long> Compress);

    private static Compressor[] Compressors() =>
    [
        new("Huffman (eDQA, per channel)", (_, records) => records.Sum(r => HuffmanRoundTrip(r.Fields, r.Alphabet))),
        new("Deflate", (stream, _) =>
            RoundTrip(stream, s => new DeflateStream(s, CompressionLevel.Optimal, leaveOpen: true), s =>
                    new DeflateStream(s, CompressionMode.Decompress))),
        new("Brotli", (stream, _) =>
            RoundTrip(stream, s => new BrotliStream(s, CompressionLevel.Optimal, leaveOpen: true), s =>
                    new BrotliStream(s, CompressionMode.Decompress))),
        new("LZMA", (stream, _) => LzmaRoundTrip(stream)),
        new($"Zstandard (level {ZstdLevel})", (stream, _) => ZstdRoundTrip(stream)),
    ];

    /// <summary>Our codec on one record: payload plus its 4-bit-per-symbol codebook, encoded and decoded.</summary>
    private static long HuffmanRoundTrip(ChannelFields fields, int alphabet)
    {
        var histogram = new int[alphabet];
        foreach (byte e in fields.Errors)
        {
            histogram[e]++;
        }

        CanonicalCode code = CanonicalCode.FromHistogram(histogram);
        long bits = code.PayloadBits(histogram);
        var words = new uint[(bits + 31) / 32];
        var writer = new WordBitWriter(words);
        TableHuffmanCoder.Instance.Encode(fields.Errors, code, ref writer);
        writer.Flush();
        var reader = new WordBitReader(words);
        var decoded = new byte[fields.Errors.Length];
        TableHuffmanCoder.Instance.Decode(ref reader, code, decoded);
        Check(decoded.AsSpan().SequenceEqual(fields.Errors), "Huffman");
        return bits + (alphabet * Core.SpecConstants.CodeLengthFieldBits);
    }

    private static long RoundTrip(byte[] data, Func<Stream, Stream> compress, Func<Stream, Stream> decompress)
    {
        using var compressed = new MemoryStream();
        using (Stream encoder = compress(compressed))
        {
            encoder.Write(data);
        }

        long bits = compressed.Length * 8;
        compressed.Position = 0;
        using Stream decoder = decompress(compressed);
        using var restored = new MemoryStream();
        decoder.CopyTo(restored);
        Check(restored.ToArray().AsSpan().SequenceEqual(data), "stream compressor");
        return bits;
    }

    private static long LzmaRoundTrip(byte[] data)
    {
        var properties = new LzmaEncoderProperties();
        using var compressed = new MemoryStream();
        byte[] header;
        using (var encoder = LzmaStream.Create(properties, false, compressed))
        {
            header = encoder.Properties;
            encoder.Write(data);
        }

        long bits = (compressed.Length + header.Length) * 8;
        compressed.Position = 0;
        using var decoder = LzmaStream.Create(header, compressed, compressed.Length, data.Length);
        var restored = new byte[data.Length];
        decoder.ReadExactly(restored);
        Check(restored.AsSpan().SequenceEqual(data), "LZMA");
        return bits;
    }

    /// <summary>Zstandard's level here (its strongest regular one); the benchmarks use the default, 3, and each
    /// figure names its level.</summary>
    public const int ZstdLevel = 19;

    /// <summary>A compressor's name as reports print it: result files from before the level was named say
    /// "Zstandard", which was this level.</summary>
    public static string CompressorName(string method) =>
        method == "Zstandard" ? $"Zstandard (level {ZstdLevel})" : method;

    private static long ZstdRoundTrip(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor(level: ZstdLevel);
        byte[] compressed = compressor.Wrap(data).ToArray();
        using var decompressor = new ZstdSharp.Decompressor();
        Check(decompressor.Unwrap(compressed).SequenceEqual(data), "Zstandard");
        return compressed.Length * 8L;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{what} did not round-trip the shifting errors");
        }
    }
}
