using System.Buffers.Binary;
using CsCheck;
using Edqa.Core.Container;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Core.Tests;

/// <summary>Spec §4: the .edqa container round-trips, and every kind of damage is reported as a format
/// error.</summary>
public class ContainerTests
{
    [Fact]
    public void Crc32C_has_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Layers_round_trip_through_the_file_for_both_granularities_and_ranks()
    {
        Gen.Select(ChannelCases.Format, Gen.Int[1, 3], Gen.Int[1, 9], Gen.Int[0, 70], Gen.Bool, Gen.Int)
            .Sample((format, batch, channels, length, perChannel, seed) =>
        {
            bool fourD = seed % 2 == 0;
            long[] shape = fourD ? [batch, channels, 1, length] : [channels, length];
            TensorLayout layout = TensorLayout.Create(shape, TensorLayout.DefaultChannelAxis(shape.Length));
            float[] data =
                ChannelCases.Make((ChannelKind)((seed & int.MaxValue) % 7), format, layout.ElementCount, seed);
            var random = new Random(seed);
            bool[] important = Enumerable.Range(0, channels).Select(_ => random.NextDouble() < 0.5).ToArray();
            var granularity = perChannel ? ScaleGranularity.Channel : ScaleGranularity.Layer;

            QuantizedLayer layer =
                LayerQuantizer.Optimized.Quantize(data, layout, format, granularity, important).Layer;
            byte[] file = EdqaFile.ToBytes(layer);
            QuantizedLayer read = EdqaFile.Read(file);

            Assert.Equal(file, EdqaFile.ToBytes(read));
            Assert.Equal(layer.Maxima, read.Maxima);
            Assert.Equal(important, read.Important);
            BitAssert.Identical(LayerQuantizer.Optimized.Dequantize(layer).Values,
                LayerQuantizer.Optimized.Dequantize(read).Values);
        }, iter: 400);
    }

    [Fact]
    public void One_record_decodes_without_the_others()
    {
        byte[] file = SmallFile();
        EdqaHeader header = EdqaFile.ReadHeader(file);
        QuantizedLayer whole = EdqaFile.Read(file);
        for (int record = 0; record < header.RecordWords.Length; record++)
        {
            // Only the header and the bytes up to the end of this record are handed over.
            byte[] prefix = file[..(int)header.RecordOffsets[record + 1]];
            Assert.Equal(whole.Records[record], EdqaFile.ReadRecord(prefix, header, record));
        }
    }

    [Fact]
    public void Every_flipped_byte_is_reported_as_a_format_error()
    {
        byte[] file = SmallFile();
        for (int offset = 0; offset < file.Length; offset++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] damaged = (byte[])file.Clone();
                damaged[offset] ^= mask;
                Assert.Throws<EdqaFormatException>(() => EdqaFile.Read(damaged));
            }
        }
    }

    [Fact]
    public void Every_truncation_and_any_extra_byte_is_reported_as_a_format_error()
    {
        byte[] file = SmallFile();
        for (int length = 0; length < file.Length; length++)
        {
            var error = Assert.Throws<EdqaFormatException>(() => EdqaFile.Read(file.AsSpan(0, length)));
            Assert.True(error.Message.Contains("truncated", StringComparison.Ordinal)
                || error.Message.Contains("magic", StringComparison.Ordinal), error.Message);
        }

        Assert.Contains("extra bytes", Assert.Throws<EdqaFormatException>(() => EdqaFile.Read([.. file, 0])).Message);
    }

    [Fact]
    public void Damage_behind_a_recomputed_checksum_is_caught_by_the_structural_checks()
    {
        // A writer with a bug computes a valid CRC over wrong content: the reader must still reject or decode it,
        // never crash. Flip bits inside each record, fix its CRC and read again.
        byte[] file = SmallFile();
        EdqaHeader header = EdqaFile.ReadHeader(file);
        int rejected = 0;
        for (int record = 0; record < header.RecordWords.Length; record++)
        {
            int start = (int)header.RecordOffsets[record];
            int end = (int)header.RecordOffsets[record + 1] - 4;
            for (int offset = start; offset < end; offset++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    byte[] damaged = (byte[])file.Clone();
                    damaged[offset] ^= (byte)(1 << bit);
                    BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan(end),
                        Crc32C.Compute(damaged.AsSpan(start, end - start)));
                    try
                    {
                        _ = LayerQuantizer.Optimized.Dequantize(EdqaFile.Read(damaged)).Values;
                    }
                    catch (EdqaFormatException e)
                    {
                        Assert.StartsWith($"record {record} ", e.Message);
                        rejected++;
                    }
                }
            }
        }

        Assert.True(rejected > 0, "no structural damage was detected at all");
    }

    /// <summary>Spec §4.2: every coding round-trips through the container with its static code, and the static and
    /// smallest codings never spend more bits after the codes than raw (32 + L m); smallest never more than
    /// adaptive.</summary>
    [Fact]
    public void Every_coding_round_trips_and_no_record_costs_more_than_raw()
    {
        Gen.Select(ChannelCases.Format, Gen.Int[1, 4], Gen.Int[0, 120], Gen.Int[0, 1_000_000])
            .Sample((format, channels, length, seed) =>
        {
            TensorLayout layout = TensorLayout.Create([2, channels, 1, length], 1);
            float[] data =
                ChannelCases.Make((ChannelKind)((seed & int.MaxValue) % 7), format, layout.ElementCount, seed);
            float[] calibration = ChannelCases.Make((ChannelKind)(((seed & int.MaxValue) + 3) % 7), format,
                layout.ElementCount, seed + 1);
            bool[] important = Enumerable.Repeat(true, channels).ToArray();
            var histogram = new long[format.AlphabetSize];
            LayerQuantizer.CalibrationHistogram(calibration, layout, format, ScaleGranularity.Layer, important,
                histogram);
            Huffman.CanonicalCode staticCode = Huffman.StaticCode.FromHistogram(histogram);
            QuantizedLayer adaptive =
                LayerQuantizer.Optimized.Quantize(data, layout, format, ScaleGranularity.Layer, important).Layer;
            float[] expected = LayerQuantizer.Optimized.Dequantize(adaptive).Values;
            foreach (Channel.RecordCoding coding in
                new[] { Channel.RecordCoding.Static, Channel.RecordCoding.Smallest })
            {
                QuantizedLayer layer = LayerQuantizer.Optimized.Quantize(data, layout, format, ScaleGranularity.Layer,
                    important, "t", coding, staticCode).Layer;
                byte[] file = EdqaFile.ToBytes(layer);
                QuantizedLayer read = EdqaFile.Read(file);
                Assert.Equal(file, EdqaFile.ToBytes(read));
                BitAssert.Identical(expected, LayerQuantizer.Optimized.Dequantize(read).Values);
                for (int r = 0; r < layout.RecordCount; r++)
                {
                    int codes = Channel.RecordLayout.CodeWords(length, format.Bits);
                    long rawWords = 1 + Channel.RecordLayout.PayloadWords((long)length * format.ExtraBits);
                    Assert.True(read.Records[r].Length - codes <= rawWords,
                        $"{coding} record {r}: {read.Records[r].Length - codes} words after the codes, raw takes "
                        + $"{rawWords}");
                    if (coding == Channel.RecordCoding.Smallest)
                    {
                        Assert.True(read.Records[r].Length <= adaptive.Records[r].Length,
                            $"smallest record {r} is longer than adaptive's");
                    }
                }
            }
        }, iter: 200);
    }

    /// <summary>A version 1 file (written before record modes: codebook before P) is still read, to the same
    /// values.</summary>
    [Fact]
    public void Version_1_files_are_still_read()
    {
        string vectors = Path.Combine(Edqa.Tests.NativeBuild.RepositoryRoot, "tests", "vectors");
        byte[] old = File.ReadAllBytes(Path.Combine(vectors, "layer-v1.edqa"));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(old.AsSpan(4)));
        QuantizedLayer fromVersion1 = EdqaFile.Read(old);
        QuantizedLayer current = EdqaFile.Read(Path.Combine(vectors, "layer.edqa"));
        Assert.Equal(current.Records, fromVersion1.Records);
        Assert.Equal(File.ReadAllBytes(Path.Combine(vectors, "layer.edqa")), EdqaFile.ToBytes(fromVersion1));
    }

    [Fact]
    public void Header_fields_are_validated_with_a_message_naming_the_field()
    {
        byte[] file = SmallFile();
        Assert.Contains("magic", HeaderError(file, 0, 0x00));
        Assert.Contains("version", HeaderError(file, 4, 0x03));
        Assert.Contains("N = 9", HeaderError(file, 6, 9));
        Assert.Contains("m = 4", HeaderError(file, 7, 4));
        Assert.Contains("granularity", HeaderError(file, 8, 2));
        Assert.Contains("rank", HeaderError(file, 9, 5));
        Assert.Contains("flags", HeaderError(file, 11, 2));
    }

    [Fact]
    public void Empty_and_all_zero_channels_are_legal_records()
    {
        var format = new QuantFormat(4, 2);
        foreach (long length in new long[] { 0, 5 })
        {
            TensorLayout layout = TensorLayout.Create([3, length], 0);
            var data = new float[layout.ElementCount];
            QuantizedLayer layer = LayerQuantizer.Optimized.Quantize(data, layout, format, ScaleGranularity.Channel,
                [true, false, true]).Layer;
            QuantizedLayer read = EdqaFile.Read(EdqaFile.ToBytes(layer));
            Assert.All(LayerQuantizer.Optimized.Dequantize(read).Values,
                x => Assert.Equal(0, BitConverter.SingleToInt32Bits(x)));
        }
    }

    /// <summary>Changes one header byte, fixes the header CRC so only the field check can object, and returns the
    /// error message.</summary>
    private static string HeaderError(byte[] file, int offset, byte value)
    {
        byte[] damaged = (byte[])file.Clone();
        damaged[offset] = value;
        EdqaHeader header = EdqaFile.ReadHeader(file);
        int crcOffset = (int)header.RecordOffsets[0] - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan(crcOffset),
            Crc32C.Compute(damaged.AsSpan(0, crcOffset)));
        return Assert.Throws<EdqaFormatException>(() => EdqaFile.Read(damaged)).Message;
    }

    /// <summary>A 2-sample, 3-channel layer of 5 elements, N = 3, m = 3, channels 0 and 2 important.</summary>
    private static byte[] SmallFile()
    {
        float[] data = ChannelCases.Make(ChannelKind.Uniform, new QuantFormat(3, 3), 30, seed: 7);
        TensorLayout layout = TensorLayout.Create([2, 3, 1, 5], 1);
        return EdqaFile.ToBytes(LayerQuantizer.Optimized.Quantize(data, layout, new QuantFormat(3, 3),
            ScaleGranularity.Layer, [true, false, true]).Layer);
    }
}
