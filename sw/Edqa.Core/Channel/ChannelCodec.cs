using Edqa.Core.Bits;
using Edqa.Core.Huffman;
using Edqa.Core.Quantization;

namespace Edqa.Core.Channel;

/// <summary>
/// Encodes one channel into its record and decodes it back (spec §2.3 and §4.2): the channel-level step of
/// Algorithms 1 and 2. The kernel and the Huffman coder are pluggable so the golden model's two paths, the
/// reference (<see cref="Reference"/>) and the optimized (<see cref="Optimized"/>), share this one definition of
/// the record.
/// </summary>
public sealed class ChannelCodec
{
    public ChannelCodec(IQuantizationKernel kernel, IHuffmanCoder coder)
    {
        Kernel = kernel;
        Coder = coder;
    }

    /// <summary>The golden model's reference path: scalar kernel, bit-serial Huffman, as the spec reads.</summary>
    public static ChannelCodec Reference { get; } = new(ScalarQuantizationKernel.Instance, ScalarHuffmanCoder.Instance);

    /// <summary>SIMD kernel, table-driven Huffman. Bit-identical to <see cref="Reference"/>.</summary>
    public static ChannelCodec Optimized { get; } = new(VectorQuantizationKernel.Instance, TableHuffmanCoder.Instance);

    public IQuantizationKernel Kernel { get; }

    public IHuffmanCoder Coder { get; }

    /// <summary>Quantizes one channel with its group's scale and returns the record words (spec §4.2). An important
    /// record takes the mode of the fewest bits that <paramref name="coding"/> allows; the static and smallest
    /// codings need the layer's <paramref name="staticCode"/>. With the layer's codes' static code
    /// (<paramref name="codeStaticCode"/>, code coding static) the codes are coded with it when that is shorter than
    /// packing them (spec §3.8).</summary>
    public uint[] Encode(ReadOnlySpan<float> values, GroupScale scale, bool important, in QuantFormat format,
        RecordCoding coding = RecordCoding.Adaptive, CanonicalCode? staticCode = null,
        CanonicalCode? codeStaticCode = null)
    {
        if (values.Length > SpecConstants.MaxRecordLength)
        {
            throw new ArgumentException(
                $"channel of {values.Length} elements exceeds the format's {SpecConstants.MaxRecordLength}");
        }

        if (coding != RecordCoding.Adaptive && (staticCode is null || !StaticCode.Fits(staticCode, format.ExtraBits)))
        {
            throw new ArgumentException(
                $"coding {coding} needs the layer's static code of 2^{format.ExtraBits} symbols, every one with a "
                + $"code (spec §3.7)");
        }

        if (codeStaticCode is not null && !StaticCode.FitsCodes(codeStaticCode, format.Bits))
        {
            throw new ArgumentException(
                $"code coding static needs the layer's codes' static code of {CodeSymbols.AlphabetSize(format.Bits)} "
                + $"symbols, every one with a code of at most {SpecConstants.MaxCodesCodeLength} bits (spec §3.8)");
        }

        var codes = new sbyte[values.Length];
        if (!important)
        {
            Kernel.QuantizeDirect(values, scale.Inv, format, codes);
            (CodeMode directMode, long directBits) = ChooseCodeMode(codes, format.Bits, codeStaticCode);
            var direct = new uint[RecordLayout.PayloadWords(directBits)];
            var directWriter = new WordBitWriter(direct);
            WriteCodes(codes, format.Bits, codeStaticCode, directMode, ref directWriter);
            directWriter.Flush();
            return direct;
        }

        var errors = new byte[values.Length];
        Kernel.QuantizeImportant(values, scale.Multiplier(important: true, format.ExtraBits), format, codes, errors);
        Span<int> histogram = stackalloc int[format.AlphabetSize];
        foreach (byte error in errors)
        {
            histogram[error]++;
        }

        (RecordMode mode, CanonicalCode? code, long payloadBits) =
            ChooseMode(histogram, values.Length, format.ExtraBits, coding, staticCode);
        (CodeMode codeMode, long codeBits) = ChooseCodeMode(codes, format.Bits, codeStaticCode);
        var words = new uint[RecordLayout.TotalWords(RecordLayout.PayloadWords(codeBits), format.ExtraBits, mode,
            payloadBits)];
        var writer = new WordBitWriter(words);
        // Code coding static puts the codes last (spec §4.2), so the hardware codes and decodes codes and errors in
        // one pass; the paper's layout has them first.
        bool codesLast = codeStaticCode is not null;
        if (!codesLast)
        {
            WriteCodes(codes, format.Bits, codeStaticCode, codeMode, ref writer);
            writer.Flush();
        }

        writer.Write(CodingWord.Pack(mode, payloadBits), 32);
        if (mode == RecordMode.Adaptive)
        {
            Codebook.Write(code!.Lengths, ref writer);
            writer.Flush();
        }

        if (mode == RecordMode.Raw)
        {
            foreach (byte error in errors)
            {
                writer.Write(error, format.ExtraBits);
            }
        }
        else
        {
            Coder.Encode(errors, code!, ref writer);
        }

        writer.Flush();
        if (codesLast)
        {
            WriteCodes(codes, format.Bits, codeStaticCode, codeMode, ref writer);
            writer.Flush();
        }

        return words;
    }

    /// <summary>Spec §3.8's rule for the codes: coded with the layer's codes' static code when that takes fewer bits
    /// than packing them (ties to packed); the section's bits before padding, the mode bit included. Without a codes'
    /// static code (code coding packed, the paper's format) the codes are packed with no mode bit.</summary>
    public static (CodeMode Mode, long Bits) ChooseCodeMode(ReadOnlySpan<sbyte> codes, int bits,
        CanonicalCode? codeStaticCode)
    {
        long packed = (long)codes.Length * bits;
        if (codeStaticCode is null)
        {
            return (CodeMode.Packed, packed);
        }

        long coded = CodeSymbols.CodedBits(codes, bits, codeStaticCode);
        CodeMode mode = coded < packed ? CodeMode.Static : CodeMode.Packed;
        return (mode, RecordLayout.CodedSectionBits(mode, codes.Length, bits, coded));
    }

    private static void WriteCodes(ReadOnlySpan<sbyte> codes, int bits, CanonicalCode? codeStaticCode, CodeMode mode,
        ref WordBitWriter writer)
    {
        if (codeStaticCode is not null)
        {
            writer.Write((uint)mode, 1);
        }

        if (mode == CodeMode.Static)
        {
            CodeSymbols.Encode(codes, bits, codeStaticCode!, ref writer);
        }
        else
        {
            PackCodes(codes, bits, ref writer);
        }
    }

    /// <summary>Spec §4.2's rule: of the modes <paramref name="coding"/> allows, the one of the fewest bits after the
    /// codes; ties to raw, then static, then adaptive.</summary>
    public static (RecordMode Mode, CanonicalCode? Code, long PayloadBits) ChooseMode(ReadOnlySpan<int> histogram,
        int length, int extraBits, RecordCoding coding, CanonicalCode? staticCode)
    {
        if (coding == RecordCoding.Adaptive)
        {
            CanonicalCode own = CanonicalCode.FromHistogram(histogram);
            return (RecordMode.Adaptive, own, own.PayloadBits(histogram));
        }

        (RecordMode Mode, CanonicalCode? Code, long PayloadBits) best =
            (RecordMode.Raw, null, (long)length * extraBits);
        long staticBits = staticCode!.PayloadBits(histogram);
        if (CodingWord.CostBits(RecordMode.Static, staticBits, extraBits) < CodingWord.CostBits(best.Mode,
            best.PayloadBits, extraBits))
        {
            best = (RecordMode.Static, staticCode, staticBits);
        }

        if (coding == RecordCoding.Smallest)
        {
            CanonicalCode own = CanonicalCode.FromHistogram(histogram);
            long ownBits = own.PayloadBits(histogram);
            if (CodingWord.CostBits(RecordMode.Adaptive, ownBits, extraBits) < CodingWord.CostBits(best.Mode,
                best.PayloadBits, extraBits))
            {
                best = (RecordMode.Adaptive, own, ownBits);
            }
        }

        return best;
    }

    /// <summary>
    /// Unpacks and validates a record of <paramref name="length"/> elements: sizes, zero padding, coding word,
    /// codebook (lengths, Kraft), payload bounds and exact payload length. A static record needs the layer's
    /// <paramref name="staticCode"/>; a layer of code coding static its <paramref name="codeStaticCode"/>. Throws
    /// <see cref="EdqaFormatException"/> naming the field.
    /// </summary>
    public ChannelFields Decode(ReadOnlySpan<uint> record, int length, bool important, in QuantFormat format,
        CanonicalCode? staticCode = null, CanonicalCode? codeStaticCode = null)
    {
        var reader = new WordBitReader(record);
        // Code coding static puts an important record's codes after its payload (spec §4.2).
        bool codesLast = important && codeStaticCode is not null;
        sbyte[] codes = [];
        CodeMode codeMode = CodeMode.Packed;
        long codeBits = 0;
        int codeWords = 0;
        if (!codesLast)
        {
            (codes, codeMode, codeBits) = ReadCodes(ref reader, length, format, codeStaticCode);
            codeWords = RecordLayout.PayloadWords(codeBits);
            int expectedMinimum = important ? codeWords + 1 : codeWords;
            if (record.Length < expectedMinimum || (!important && record.Length != codeWords))
            {
                throw new EdqaFormatException(
                    $"record size: {record.Length} words where a {(important ? "important" : "direct")} channel of "
                    + $"{length} elements with {codeBits} bits of codes needs "
                    + $"{(important ? "at least " : string.Empty)}{expectedMinimum}");
            }

            RequireZeroPadding(ref reader, "codes");
            if (!important)
            {
                return new ChannelFields(important: false, codes, [], [], 0, RecordMode.Adaptive, codeMode, codeBits);
            }
        }
        else if (record.Length < 2)
        {
            throw new EdqaFormatException(
                $"record size: {record.Length} words where an important channel with coded codes needs at least 2 "
                + "(H and the codes' mode bit)");
        }

        (RecordMode mode, long payloadBits) = CodingWord.Unpack(reader.Read(32));
        CanonicalCode? code = null;
        byte[] lengths = [];
        // Before the codes are read (codes last), at least their one word follows the payload.
        int followingWords = codesLast ? 1 : 0;
        if (mode == RecordMode.Adaptive)
        {
            int minimum = codeWords + 1 + Codebook.WordCount(format.ExtraBits) + followingWords;
            if (record.Length < minimum)
            {
                throw new EdqaFormatException(
                    $"record size: {record.Length} words where an adaptive record of {length} elements needs at least "
                    + $"{minimum}");
            }

            lengths = new byte[format.AlphabetSize];
            Codebook.Read(ref reader, lengths);
            RequireZeroPadding(ref reader, "codebook");
            code = CanonicalCode.FromLengths(lengths);
            if ((code.UsedSymbols == 0) != (length == 0))
            {
                throw new EdqaFormatException(
                    $"codebook: {code.UsedSymbols} symbols with codes for a channel of {length} elements");
            }
        }
        else if (mode == RecordMode.Static)
        {
            if (staticCode is null || !StaticCode.Fits(staticCode, format.ExtraBits))
            {
                throw new EdqaFormatException("coding word: a static record in a layer without a static code");
            }

            code = staticCode;
        }
        else if (payloadBits != (long)length * format.ExtraBits)
        {
            throw new EdqaFormatException(
                $"payload bit count: a raw record of {length} errors of {format.ExtraBits} bits has P = "
                + $"{(long)length * format.ExtraBits}, not {payloadBits}");
        }

        long maximumBits = (long)length * SpecConstants.MaxCodeLength;
        if (payloadBits > maximumBits)
        {
            throw new EdqaFormatException(
                $"payload bit count: {payloadBits} exceeds {maximumBits} (L = {length} symbols of at most "
                + $"{SpecConstants.MaxCodeLength} bits)");
        }

        int expectedWords = RecordLayout.TotalWords(codeWords, format.ExtraBits, mode, payloadBits);
        if (codesLast ? record.Length < expectedWords + 1 : record.Length != expectedWords)
        {
            throw new EdqaFormatException(
                $"record size: {record.Length} words where a {mode.ToString().ToLowerInvariant()} payload of "
                + $"{payloadBits} bits makes it {(codesLast ? "at least " : string.Empty)}"
                + $"{expectedWords + followingWords}");
        }

        var errors = new byte[length];
        long payloadStart = reader.BitPosition;
        if (code is null)
        {
            for (int i = 0; i < errors.Length; i++)
            {
                errors[i] = (byte)reader.Read(format.ExtraBits);
            }
        }
        else
        {
            Coder.Decode(ref reader, code, errors);
        }

        long consumed = reader.BitPosition - payloadStart;
        if (consumed != payloadBits)
        {
            throw new EdqaFormatException(
                $"payload: decoding {length} symbols took {consumed} bits where the record declares {payloadBits}");
        }

        RequireZeroPadding(ref reader, "payload");
        if (codesLast)
        {
            (codes, codeMode, codeBits) = ReadCodes(ref reader, length, format, codeStaticCode);
            int total = expectedWords + RecordLayout.PayloadWords(codeBits);
            if (record.Length != total)
            {
                throw new EdqaFormatException(
                    $"record size: {record.Length} words where a {mode.ToString().ToLowerInvariant()} record with "
                    + $"{payloadBits} bits of payload and {codeBits} bits of codes makes it {total}");
            }

            RequireZeroPadding(ref reader, "codes");
        }

        return new ChannelFields(important: true, codes, errors, lengths, payloadBits, mode, codeMode, codeBits);
    }

    /// <summary>A record's codes section at the reader (spec §4.2, §3.8): the codes, their mode and the section's
    /// bits before padding (the mode bit included).</summary>
    private static (sbyte[] Codes, CodeMode Mode, long Bits) ReadCodes(ref WordBitReader reader, int length,
        in QuantFormat format, CanonicalCode? codeStaticCode)
    {
        var patterns = new uint[length];
        long start = reader.BitPosition;
        CodeMode codeMode = codeStaticCode is null ? CodeMode.Packed : (CodeMode)reader.Read(1);
        if (codeMode == CodeMode.Static)
        {
            CodeSymbols.Decode(ref reader, format.Bits, codeStaticCode!, patterns);
        }
        else
        {
            for (int i = 0; i < patterns.Length; i++)
            {
                patterns[i] = reader.Read(format.Bits);
            }
        }

        var codes = new sbyte[length];
        // N-bit two's complement on the signed grid, sign-extended; unsigned codes keep their bits (CodeValue).
        int shift = format.IsUnsigned ? 0 : 32 - format.Bits;
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = (sbyte)((int)(patterns[i] << shift) >> shift);
        }

        return (codes, codeMode, reader.BitPosition - start);
    }

    /// <summary>Reconstructs the channel from its fields: x^ = q * delta, or t * (delta * 2^-m) for important
    /// channels.</summary>
    public void Dequantize(ChannelFields fields, GroupScale scale, in QuantFormat format, Span<float> output)
    {
        float step = scale.Step(fields.Important, format.ExtraBits);
        if (fields.Important)
        {
            Kernel.DequantizeImportant(fields.Codes, fields.Errors, step, format, output);
        }
        else
        {
            Kernel.DequantizeDirect(fields.Codes, step, format, output);
        }
    }

    private static void PackCodes(ReadOnlySpan<sbyte> codes, int bits, ref WordBitWriter writer)
    {
        uint mask = (1u << bits) - 1;
        foreach (sbyte code in codes)
        {
            writer.Write((uint)code & mask, bits);
        }
    }

    private static void RequireZeroPadding(ref WordBitReader reader, string section)
    {
        if (reader.SkipPadding() != 0)
        {
            throw new EdqaFormatException($"{section}: padding bits after the last value are not zero");
        }
    }
}
