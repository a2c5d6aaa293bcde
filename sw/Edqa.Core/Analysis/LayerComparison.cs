using System.Globalization;
using Edqa.Core.Channel;
using Edqa.Core.Layer;

namespace Edqa.Core.Analysis;

/// <summary>Where two results first disagree: the coordinates, the field and both values.</summary>
public sealed record Difference(string Where, string Field, string Expected, string Actual, string ExpectedBy,
    string ActualBy)
{
    public override string ToString() => $"{Where}, field {Field}: {ExpectedBy} = {Expected}, {ActualBy} = {Actual}";
}

/// <summary>
/// Bit-exact comparison of quantized layers and of de-quantized values, reporting the first mismatch with its
/// coordinates. Records are compared field by field (codes, errors, codebook, payload length, payload words), so a
/// mismatch says what differs, not only that some word does.
/// </summary>
public static class LayerComparison
{
    public static Difference? Compare(QuantizedLayer expected, QuantizedLayer actual, string expectedBy,
        string actualBy, string layerName)
    {
        Difference Diff(string where, string field, object e, object a) =>
            new($"layer {layerName}{(where.Length > 0 ? ", " + where : string.Empty)}", field, Format(e), Format(a),
                expectedBy, actualBy);

        if (expected.Format != actual.Format)
        {
            return Diff(string.Empty, "format", expected.Format, actual.Format);
        }

        if (!expected.Layout.Shape.SequenceEqual(actual.Layout.Shape)
            || expected.Layout.ChannelAxis != actual.Layout.ChannelAxis)
        {
            return Diff(string.Empty, "shape", expected.Layout, actual.Layout);
        }

        for (int group = 0; group < expected.Maxima.Length; group++)
        {
            if (group >= actual.Maxima.Length
                || BitConverter.SingleToUInt32Bits(expected.Maxima[group]) != BitConverter.SingleToUInt32Bits(
                    actual.Maxima[group]))
            {
                return Diff($"scale group {group}", "M", expected.Maxima[group],
                    group < actual.Maxima.Length ? actual.Maxima[group] : "(missing)");
            }
        }

        for (int channel = 0; channel < expected.Important.Length; channel++)
        {
            if (expected.Important[channel] != actual.Important[channel])
            {
                return Diff($"channel {channel}", "important", expected.Important[channel], actual.Important[channel]);
            }
        }

        for (int record = 0; record < expected.Records.Length; record++)
        {
            if (expected.Records[record].AsSpan().SequenceEqual(actual.Records[record]))
            {
                continue;
            }

            string where = expected.Describe(record);
            ChannelFields e = expected.DecodeRecord(record, ChannelCodec.Optimized);
            ChannelFields a;
            try
            {
                a = actual.DecodeRecord(record, ChannelCodec.Optimized);
            }
            catch (EdqaFormatException error)
            {
                return Diff(where, "record", "a valid record", error.Message);
            }

            for (int i = 0; i < e.Length; i++)
            {
                if (e.Codes[i] != a.Codes[i])
                {
                    return Diff($"{where}, element {i}", "code q", e.Codes[i], a.Codes[i]);
                }

                if (e.Important && e.Errors[i] != a.Errors[i])
                {
                    return Diff($"{where}, element {i}", "shifting error e", e.Errors[i], a.Errors[i]);
                }
            }

            for (int symbol = 0; symbol < e.CodeLengths.Length; symbol++)
            {
                if (e.CodeLengths[symbol] != a.CodeLengths[symbol])
                {
                    return Diff($"{where}, symbol {symbol}", "code length", e.CodeLengths[symbol],
                        a.CodeLengths[symbol]);
                }
            }

            if (e.PayloadBits != a.PayloadBits)
            {
                return Diff(where, "payload bits P", e.PayloadBits, a.PayloadBits);
            }

            int word = 0;
            while (word < Math.Min(expected.Records[record].Length, actual.Records[record].Length)
                && expected.Records[record][word] == actual.Records[record][word])
            {
                word++;
            }

            return Diff($"{where}, word {word}", "record word",
                word < expected.Records[record].Length ? $"0x{expected.Records[record][word]:x8}" : "(end)",
                word < actual.Records[record].Length ? $"0x{actual.Records[record][word]:x8}" : "(end)");
        }

        return null;
    }

    /// <summary>Float-by-float, on the bit patterns (so +0 and -0 differ, and NaN payloads would).</summary>
    public static Difference? CompareValues(float[] expected, float[] actual, TensorLayout layout, string expectedBy,
        string actualBy, string layerName)
    {
        if (expected.Length != actual.Length)
        {
            return new Difference($"layer {layerName}", "value count", Format(expected.Length), Format(actual.Length),
                expectedBy, actualBy);
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i]))
            {
                int length = Math.Max(layout.RecordLength, 1);
                int record = i / length;
                return new Difference(
                    $"layer {layerName}, sample {layout.OuterOf(record)}, channel {layout.ChannelOf(record)}, "
                    + $"element {i % length}",
                    "de-quantized value", Format(expected[i]), Format(actual[i]), expectedBy, actualBy);
            }
        }

        return null;
    }

    private static string Format(object value) => value switch
    {
        float f => $"{f.ToString("R", CultureInfo.InvariantCulture)} (0x{BitConverter.SingleToUInt32Bits(f):x8})",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
