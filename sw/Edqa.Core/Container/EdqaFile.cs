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
///   4       2            version = 3 with code coding static, else 2 (version 1 is read: no static code,
///                        records ordered codes | codebook | P | payload)
///   6       1            N          7   1   m
///   8       1            scale granularity (0 layer, 1 channel)
///   9       1            rank R (1..4)      10  1   channel axis
///   11      1            flags: bit 0 = the unsigned grid (spec §2.3), bit 1 = code coding static (version 3
///                        only); the other bits 0 (version 1: all 0)
///   12      4 R          dimensions (u32)
///           4 S          M per scale group (f32), S = 1 or C
///           4 ceil(C/32) importance bitmap: channel c is bit (c mod 32) of word c / 32
///           4 ceil(2^m*4/32) the static code's lengths (spec §3.7), all 0 when the layer has none (version 2, 3)
///           4 ceil((2^N+15)*4/32) the codes' static code (spec §3.8), only with flags bit 1
///           4 B C        record sizes in words, record r = outer * C + channel
///           4            CRC-32C of all header bytes before it
///   then per record:     the record words, then the CRC-32C of the record's bytes
/// </code>
/// The reader validates every field and reports the first problem as <see cref="EdqaFormatException"/> naming
/// the field (and record); it never throws anything else for bad bytes.
/// </summary>
public static class EdqaFile
{
    /// <summary>The newest version: a layer of code coding static (spec §3.8). A writer writes it only for such a
    /// layer and <see cref="Version2"/> for every other, so the paper's format is unchanged byte for byte.</summary>
    public const ushort Version = 3;

    /// <summary>The version of a layer whose codes are packed.</summary>
    public const ushort Version2 = 2;

    /// <summary>The first version, still read.</summary>
    public const ushort Version1 = 1;

    /// <summary>Bit 0 of the header's flags byte (offset 11): the layer's codes are on the unsigned grid.</summary>
    public const byte UnsignedGridFlag = 1;

    /// <summary>Bit 1 of the flags byte (version 3): code coding static, the header holds the codes' static
    /// code.</summary>
    public const byte CodeCodingFlag = 2;

    /// <summary>Bytes before the dimensions.</summary>
    public const int FixedHeaderBytes = 12;

    private static ReadOnlySpan<byte> Magic => "EDQA"u8;

    public static byte[] ToBytes(QuantizedLayer layer)
    {
        var header = new EdqaHeader(layer.Format, layer.Granularity, layer.Layout, layer.Maxima, layer.Important,
            layer.Records.Select(r => r.Length).ToArray(), layer.StaticCode,
            layer.CodeStaticCode is null ? Version2 : Version, layer.CodeStaticCode);
        var bytes = new byte[header.FileSize];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], header.Version);
        span[6] = (byte)layer.Format.Bits;
        span[7] = (byte)layer.Format.ExtraBits;
        span[8] = (byte)layer.Granularity;
        span[9] = (byte)layer.Layout.Shape.Count;
        span[10] = (byte)layer.Layout.ChannelAxis;
        span[11] = (byte)((layer.Format.IsUnsigned ? UnsignedGridFlag : 0)
            | (layer.CodeStaticCode is null ? 0 : CodeCodingFlag));
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

        if (layer.CodeStaticCode is not null)
        {
            foreach (uint word in Huffman.StaticCode.CodesToWords(layer.CodeStaticCode, layer.Format.Bits))
            {
                offset = PutU32(span, offset, word);
            }
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
        if (version is not (Version or Version2 or Version1))
        {
            throw new EdqaFormatException(
                $"header: version {version} is not supported (this reader reads versions {Version1} to {Version})");
        }

        ReadOnlySpan<byte> fields = cursor.Bytes(6);
        int bits = fields[0];
        int extraBits = fields[1];
        int knownFlags = version switch
        {
            Version => UnsignedGridFlag | CodeCodingFlag,
            Version2 => UnsignedGridFlag,
            _ => 0,
        };
        if ((fields[5] & ~knownFlags) != 0 || (version == Version && (fields[5] & CodeCodingFlag) == 0))
        {
            throw new EdqaFormatException(
                $"header: flags byte is 0x{fields[5]:X2} in version {version}; bit 0 (the unsigned grid) is defined "
                + $"in versions 2 and 3, bit 1 (code coding static) in version 3, where it is set; none in version 1");
        }

        bool codeCoded = (fields[5] & CodeCodingFlag) != 0;
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
        int staticWords = version == Version1 ? 0 : Huffman.Codebook.WordCount(format.ExtraBits);
        int codeStaticWords = EdqaHeader.CodeStaticCodeWords(format, codeCoded);
        long tableBytes = 4L * ((long)groupCount + EdqaHeader.BitmapWords(layout.Channels) + staticWords
            + codeStaticWords + layout.RecordCount + 1);
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

        Huffman.CanonicalCode? codeStaticCode = null;
        if (codeCoded)
        {
            var codeStaticCodeWords = new uint[codeStaticWords];
            for (int word = 0; word < codeStaticWords; word++)
            {
                codeStaticCodeWords[word] = cursor.U32();
            }

            codeStaticCode = ParseCodeStaticCode(codeStaticCodeWords, format.Bits);
        }

        var recordWords = new int[layout.RecordCount];
        // Packed codes: exactly ceil(L N / 32) words. Coded (spec §3.8): the mode bit and at least one bit per symbol
        // of at most 16 elements, up to the packed fallback with its mode bit.
        int directMaximum = codeCoded
            ? RecordLayout.PayloadWords(RecordLayout.CodedSectionBits(CodeMode.Packed, layout.RecordLength,
                format.Bits, 0))
            : RecordLayout.CodeWords(layout.RecordLength, format.Bits);
        int directMinimum = codeCoded
            ? RecordLayout.PayloadWords(RecordLayout.CodedSectionBits(CodeMode.Static, layout.RecordLength,
                format.Bits, (layout.RecordLength + 15) / 16))
            : directMaximum;
        // Versions 2, 3: from codes + H (static or raw, P = 0) to adaptive's largest; version 1: adaptive only.
        int importantMinimum = RecordLayout.ImportantHeaderWords(directMinimum, format.ExtraBits,
            version == Version1 ? RecordMode.Adaptive : RecordMode.Raw);
        int importantMaximum = RecordLayout.TotalWords(directMaximum, format.ExtraBits,
            RecordMode.Adaptive, (long)layout.RecordLength * SpecConstants.MaxCodeLength);
        for (int record = 0; record < recordWords.Length; record++)
        {
            uint words = cursor.U32();
            bool isImportant = important[layout.ChannelOf(record)];
            (int minimum, int maximum) =
                isImportant ? (importantMinimum, importantMaximum) : (directMinimum, directMaximum);
            if (words < minimum || words > maximum)
            {
                string expected = minimum == maximum ? minimum.ToString() : $"[{minimum}, {maximum}]";
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

        return new EdqaHeader(format, granularity, layout, maxima, important, recordWords, staticCode, version,
            codeStaticCode);
    }

    private static Huffman.CanonicalCode ParseCodeStaticCode(uint[] words, int bits)
    {
        try
        {
            return Huffman.StaticCode.CodesFromWords(words, bits)
                ?? throw new EdqaFormatException(
                    "codes' static code: every length is 0, but flags bit 1 says the layer's codes are coded");
        }
        catch (EdqaFormatException e)
        {
            throw new EdqaFormatException($"header: {e.Message}");
        }
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
            header.Important, records, header.StaticCode, header.CodeStaticCode);
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
