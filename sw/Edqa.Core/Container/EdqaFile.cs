using System.Buffers.Binary;
using Edqa.Core.Channel;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Core.Container;

/// <summary>
/// Writes and reads <c>.edqa</c> files (spec §4.3). All fields little-endian, every section 4-byte aligned:
/// <code>
///   offset  size         field
///   0       4            magic "EDQA"
///   4       2            version = 2 (version 1 is read: no static code, records ordered
///                        codes | codebook | P | payload)
///   6       1            N          7   1   m
///   8       1            scale granularity (0 layer, 1 channel)
///   9       1            rank R (1..4)      10  1   channel axis
///   11      1            flags: bit 0 = the unsigned grid (spec §2.3); the other bits 0 (version 1: all 0)
///   12      4 R          dimensions (u32)
///           4 S          M per scale group (f32), S = 1 or C
///           4 ceil(C/32) importance bitmap: channel c is bit (c mod 32) of word c / 32
///           4 ceil(2^m*4/32) the static code's lengths (spec §3.7), all 0 when the layer has none (version 2)
///           4 B C        record sizes in words, record r = outer * C + channel
///           4            CRC-32C of all header bytes before it
///   then per record:     the record words, then the CRC-32C of the record's bytes
/// </code>
/// The reader validates every field and reports the first problem as <see cref="EdqaFormatException"/> naming
/// the field (and record); it never throws anything else for bad bytes.
/// </summary>
public static class EdqaFile
{
    public const ushort Version = 2;

    /// <summary>The first version, still read.</summary>
    public const ushort Version1 = 1;

    /// <summary>Bit 0 of the header's flags byte (offset 11): the layer's codes are on the unsigned grid.</summary>
    public const byte UnsignedGridFlag = 1;

    /// <summary>Bytes before the dimensions.</summary>
    public const int FixedHeaderBytes = 12;

    private static ReadOnlySpan<byte> Magic => "EDQA"u8;

    public static byte[] ToBytes(QuantizedLayer layer)
    {
        var header = new EdqaHeader(layer.Format, layer.Granularity, layer.Layout, layer.Maxima, layer.Important,
            layer.Records.Select(r => r.Length).ToArray(), layer.StaticCode);
        var bytes = new byte[header.FileSize];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        span[6] = (byte)layer.Format.Bits;
        span[7] = (byte)layer.Format.ExtraBits;
        span[8] = (byte)layer.Granularity;
        span[9] = (byte)layer.Layout.Shape.Count;
        span[10] = (byte)layer.Layout.ChannelAxis;
        span[11] = layer.Format.IsUnsigned ? UnsignedGridFlag : (byte)0;
        int offset = FixedHeaderBytes;
        foreach (int dim in layer.Layout.Shape)
        {
            offset = PutU32(span, offset, (uint)dim);
        }

        foreach (float maximum in layer.Maxima)
        {
            offset = PutU32(span, offset, BitConverter.SingleToUInt32Bits(maximum));
        }

        var bitmap = new uint[EdqaHeader.BitmapWords(layer.Layout.Channels)];
        for (int channel = 0; channel < layer.Important.Length; channel++)
        {
            if (layer.Important[channel])
            {
                bitmap[channel / 32] |= 1u << (channel % 32);
            }
        }

        foreach (uint word in bitmap)
        {
            offset = PutU32(span, offset, word);
        }

        foreach (uint word in Huffman.StaticCode.ToWords(layer.StaticCode, layer.Format.ExtraBits))
        {
            offset = PutU32(span, offset, word);
        }

        foreach (uint[] record in layer.Records)
        {
            offset = PutU32(span, offset, (uint)record.Length);
        }

        offset = PutU32(span, offset, Crc32C.Compute(span[..offset]));
        foreach (uint[] record in layer.Records)
        {
            int start = offset;
            foreach (uint word in record)
            {
                offset = PutU32(span, offset, word);
            }

            offset = PutU32(span, offset, Crc32C.Compute(span[start..offset]));
        }

        return bytes;
    }

    public static void Write(string path, QuantizedLayer layer) => Io.OutputFile.WriteAllBytes(path, ToBytes(layer));

    /// <summary>Parses and validates a header (and its CRC) from the start of a file.</summary>
    public static EdqaHeader ReadHeader(ReadOnlySpan<byte> file)
    {
        var cursor = new Cursor(file, "header");
        if (!cursor.Bytes(4).SequenceEqual(Magic))
        {
            throw new EdqaFormatException("header: magic is not \"EDQA\"; this is not an .edqa file");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(cursor.Bytes(2));
        if (version != Version && version != Version1)
        {
            throw new EdqaFormatException(
                $"header: version {version} is not supported (this reader reads versions {Version1} and {Version})");
        }

        ReadOnlySpan<byte> fields = cursor.Bytes(6);
        int bits = fields[0];
        int extraBits = fields[1];
        byte knownFlags = version == Version ? UnsignedGridFlag : (byte)0;
        if ((fields[5] & ~knownFlags) != 0)
        {
            throw new EdqaFormatException(
                $"header: flags byte is 0x{fields[5]:X2}; only bit 0 (the unsigned grid) is defined in version 2, "
                + $"none in version 1");
        }

        QuantGrid grid = (fields[5] & UnsignedGridFlag) != 0 ? QuantGrid.Unsigned : QuantGrid.Signed;
        QuantFormat format;
        try
        {
            format = new QuantFormat(bits, extraBits, grid);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new EdqaFormatException(
                $"header: N = {bits}, m = {extraBits} is outside N in [{SpecConstants.MinBits}, "
                + $"{SpecConstants.MaxBits}], m in [1, N]");
        }

        if (fields[2] > (byte)ScaleGranularity.Channel)
        {
            throw new EdqaFormatException(
                $"header: scale granularity {fields[2]} is neither 0 (layer) nor 1 (channel)");
        }

        var granularity = (ScaleGranularity)fields[2];
        int rank = fields[3];
        int axis = fields[4];
        if (rank is < 1 or > TensorLayout.MaxRank || axis >= rank)
        {
            throw new EdqaFormatException(
                $"header: rank {rank} with channel axis {axis} (rank must be in [1, {TensorLayout.MaxRank}], the "
                + $"axis below it)");
        }

        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = cursor.U32();
        }

        TensorLayout layout;
        try
        {
            layout = TensorLayout.Create(shape, axis);
        }
        catch (ArgumentException e)
        {
            throw new EdqaFormatException($"header: shape: {e.Message}");
        }

        int groupCount = granularity == ScaleGranularity.Layer ? 1 : layout.Channels;
        // Every count in long: with C near 2^31 an int sum wraps negative and would let the allocations below through.
        int staticWords = version == Version ? Huffman.Codebook.WordCount(format.ExtraBits) : 0;
        long tableBytes =
            4L * ((long)groupCount + EdqaHeader.BitmapWords(layout.Channels) + staticWords + layout.RecordCount + 1);
        cursor.Require(tableBytes, "the scale, importance and record-size tables");
        var maxima = new float[groupCount];
        for (int group = 0; group < maxima.Length; group++)
        {
            float max = BitConverter.UInt32BitsToSingle(cursor.U32());
            if (!float.IsFinite(max) || max < 0f || GroupScale.EffectiveMax(max) != max || float.IsNegative(max))
            {
                throw new EdqaFormatException(
                    $"header: scale M of group {group} is {max}; M must be +0 or finite and >= 2^-64");
            }

            maxima[group] = max;
        }

        var important = new bool[layout.Channels];
        int bitmapWords = EdqaHeader.BitmapWords(layout.Channels);
        for (int word = 0; word < bitmapWords; word++)
        {
            uint bitsOfWord = cursor.U32();
            for (int bit = 0; bit < 32; bit++)
            {
                int channel = (word * 32) + bit;
                bool set = ((bitsOfWord >> bit) & 1) != 0;
                if (channel < layout.Channels)
                {
                    important[channel] = set;
                }
                else if (set)
                {
                    throw new EdqaFormatException(
                        $"header: importance bitmap marks channel {channel} of a layer of {layout.Channels}");
                }
            }
        }

        Huffman.CanonicalCode? staticCode = null;
        if (staticWords > 0)
        {
            var staticCodeWords = new uint[staticWords];
            for (int word = 0; word < staticWords; word++)
            {
                staticCodeWords[word] = cursor.U32();
            }

            staticCode = ParseStaticCode(staticCodeWords, format.ExtraBits);
        }

        var recordWords = new int[layout.RecordCount];
        int directWords = RecordLayout.CodeWords(layout.RecordLength, format.Bits);
        // Version 2: from codes + H (static or raw, P = 0) to adaptive's largest; version 1: adaptive only.
        int importantMinimum = RecordLayout.ImportantHeaderWords(layout.RecordLength, format.Bits, format.ExtraBits,
            version == Version ? RecordMode.Raw : RecordMode.Adaptive);
        int importantMaximum = RecordLayout.TotalWords(layout.RecordLength, format.Bits, format.ExtraBits,
            RecordMode.Adaptive, (long)layout.RecordLength * SpecConstants.MaxCodeLength);
        for (int record = 0; record < recordWords.Length; record++)
        {
            uint words = cursor.U32();
            bool isImportant = important[layout.ChannelOf(record)];
            bool fits = isImportant ? words >= importantMinimum && words <= importantMaximum : words == directWords;
            if (!fits)
            {
                string expected = isImportant ? $"[{importantMinimum}, {importantMaximum}]" : directWords.ToString();
                throw new EdqaFormatException(
                    $"header: size of record {record} is {words} words; a {(isImportant ? "important" : "direct")} "
                    + $"channel of {layout.RecordLength} elements takes {expected}");
            }

            recordWords[record] = (int)words;
        }

        int headerEnd = cursor.Offset;
        uint storedCrc = cursor.U32();
        uint actualCrc = Crc32C.Compute(file[..headerEnd]);
        if (storedCrc != actualCrc)
        {
            throw new EdqaFormatException(
                $"header: CRC-32C is 0x{storedCrc:X8} but the header bytes give 0x{actualCrc:X8}; the "
                + $"header is corrupted");
        }

        return new EdqaHeader(format, granularity, layout, maxima, important, recordWords, staticCode, version);
    }

    private static Huffman.CanonicalCode? ParseStaticCode(uint[] words, int extraBits)
    {
        try
        {
            return Huffman.StaticCode.FromWords(words, extraBits);
        }
        catch (EdqaFormatException e)
        {
            throw new EdqaFormatException($"header: {e.Message}");
        }
    }

    /// <summary>Reads record r alone (CRC-checked, not yet unpacked) from a whole file or from any slice that
    /// starts at the file's beginning and reaches the end of the record.</summary>
    public static uint[] ReadRecord(ReadOnlySpan<byte> file, EdqaHeader header, int record)
    {
        if (record < 0 || record >= header.RecordWords.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(record), record,
                $"the file has {header.RecordWords.Length} records");
        }

        string where = header.Layout.DescribeRecord(record);
        long start = header.RecordOffsets[record];
        var cursor = new Cursor(file, where, (int)Math.Min(start, int.MaxValue));
        var words = new uint[header.RecordWords[record]];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = cursor.U32();
        }

        uint storedCrc = cursor.U32();
        uint actualCrc = Crc32C.Compute(file.Slice((int)start, 4 * words.Length));
        if (storedCrc != actualCrc)
        {
            throw new EdqaFormatException(
                $"{where}: CRC-32C is 0x{storedCrc:X8} but the record bytes give 0x{actualCrc:X8}; the "
                + $"record is corrupted");
        }

        return header.Version == Version1 && header.Important[header.Layout.ChannelOf(record)]
            ? FromVersion1(words, header, where)
            : words;
    }

    /// <summary>A version 1 important record (codes | codebook | P | payload) in version 2's order (codes | H |
    /// codebook | payload): H is adaptive's, P alone.</summary>
    private static uint[] FromVersion1(uint[] words, EdqaHeader header, string where)
    {
        int codeWords = RecordLayout.CodeWords(header.Layout.RecordLength, header.Format.Bits);
        int codebookWords = Huffman.Codebook.WordCount(header.Format.ExtraBits);
        uint payloadBits = words[codeWords + codebookWords];
        if (payloadBits > CodingWord.PayloadMask)
        {
            throw new EdqaFormatException(
                $"{where}: payload bit count: {payloadBits} exceeds "
                + $"{(long)header.Layout.RecordLength * SpecConstants.MaxCodeLength} (L = {header.Layout.RecordLength} "
                + $"symbols of at most {SpecConstants.MaxCodeLength} bits)");
        }

        var upgraded = (uint[])words.Clone();
        upgraded[codeWords] = CodingWord.Pack(RecordMode.Adaptive, payloadBits);
        Array.Copy(words, codeWords, upgraded, codeWords + 1, codebookWords);
        return upgraded;
    }

    /// <summary>Reads and validates a whole file: header, sizes, every record's CRC, codebook and payload.</summary>
    public static QuantizedLayer Read(ReadOnlySpan<byte> file)
    {
        EdqaHeader header = ReadHeader(file);
        if (file.Length != header.FileSize)
        {
            string problem = file.Length < header.FileSize ? "truncated" : "followed by extra bytes";
            throw new EdqaFormatException(
                $"file: {file.Length} bytes where the header describes {header.FileSize}; the file is {problem}");
        }

        var records = new uint[header.RecordWords.Length][];
        for (int record = 0; record < records.Length; record++)
        {
            records[record] = ReadRecord(file, header, record);
        }

        var layer = new QuantizedLayer(header.Format, header.Granularity, header.Layout, header.Maxima,
            header.Important, records, header.StaticCode);
        for (int record = 0; record < records.Length; record++)
        {
            layer.DecodeRecord(record, ChannelCodec.Optimized);
        }

        return layer;
    }

    public static QuantizedLayer Read(string path) => Read(Io.InputFile.ReadAllBytes(path));

    private static int PutU32(Span<byte> span, int offset, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], value);
        return offset + 4;
    }

    /// <summary>Bounds-checked reading: running off the end is a "truncated" format error, never an index
    /// error.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data, string section, int offset = 0)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Offset { get; private set; } = offset;

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (Offset > _data.Length - count)
            {
                throw new EdqaFormatException(
                    $"{section}: truncated: {count} bytes needed at offset {Offset}, the file has {_data.Length}");
            }

            ReadOnlySpan<byte> bytes = _data.Slice(Offset, count);
            Offset += count;
            return bytes;
        }

        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

        /// <summary>Checks that <paramref name="count"/> more bytes exist before anything is allocated for
        /// them.</summary>
        public readonly void Require(long count, string what)
        {
            if (_data.Length - Offset < count)
            {
                throw new EdqaFormatException(
                    $"{section}: truncated: {what} need {count} bytes at offset {Offset}, the file has {_data.Length}");
            }
        }
    }
}
