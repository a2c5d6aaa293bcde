using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Edqa.Core.Io;

/// <summary>A float32 tensor in C order with its shape, as read from or written to a NumPy <c>.npy</c> file.</summary>
public sealed record NpyArray(long[] Shape, float[] Data);

/// <summary>
/// NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0) holding little-endian float32 in C order: what
/// <c>np.save(path, tensor.detach().numpy().astype(np.float32))</c> writes. Anything else is refused with a message
/// that says what was found and what to do.
/// </summary>
public static class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path) => Parse(InputFile.ReadAllBytes(path));

    public static NpyArray Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 10 || !file[..6].SequenceEqual(Magic))
        {
            throw new EdqaFormatException("npy: missing the \\x93NUMPY magic; this is not a NumPy .npy file");
        }

        int major = file[6];
        int headerLengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ =>
                throw new EdqaFormatException(
                        $"npy: format version {major}.{file[7]} is not supported (1.0, 2.0, 3.0 are)"),
        };
        long headerLength = headerLengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(file[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(file[8..]);
        long dataStart = 8 + headerLengthBytes + headerLength;
        if (dataStart > file.Length)
        {
            throw new EdqaFormatException(
                $"npy: truncated: the header claims {headerLength} bytes, the file has {file.Length}");
        }

        Encoding encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string header = encoding.GetString(file.Slice(8 + headerLengthBytes, (int)headerLength));
        Dictionary<string, object> dict = HeaderDict(header);
        string descr = Field<string>(dict, header, "descr", "a string");
        if (descr != "<f4")
        {
            string hint = descr switch
            {
                "<f8" => "float64: save it with .astype(np.float32)",
                ">f4" => "big-endian float32: save it with .astype('<f4')",
                "<f2" => "float16: save it with .astype(np.float32)",
                _ => $"dtype '{descr}': only little-endian float32 ('<f4') is accepted",
            };
            throw new EdqaFormatException($"npy: {hint}");
        }

        if (Field<bool>(dict, header, "fortran_order", "True or False"))
        {
            throw new EdqaFormatException("npy: Fortran-ordered array: save it with np.ascontiguousarray(...)");
        }

        long[] shape = Field<PyTuple>(dict, header, "shape", "a tuple of dimensions") is { IsList: false } tuple
            && tuple.Items.All(d => d is long n && n >= 0)
                ? tuple.Items.Select(d => (long)d!).ToArray()
                : throw new EdqaFormatException(
                    $"npy: 'shape' is not a tuple of dimensions (counts from 0): {Shorten(header.Trim())}");
        // The product is checked factor by factor, before it can overflow (a shape of (2, 5e18) must not wrap).
        long count = 1;
        foreach (long dim in shape)
        {
            if (dim != 0 && count > Array.MaxLength / dim)
            {
                throw new EdqaFormatException(
                    $"npy: shape ({string.Join(", ", shape)}) has more than {Array.MaxLength} elements");
            }

            count *= dim;
        }

        long dataBytes = file.Length - dataStart;
        if (dataBytes != count * 4)
        {
            string problem = dataBytes < count * 4 ? "truncated" : "longer than its shape";
            throw new EdqaFormatException(
                $"npy: {problem}: shape ({string.Join(", ", shape)}) needs {count * 4} data bytes, the file "
                + $"has {dataBytes}");
        }

        var data = new float[count];
        ReadOnlySpan<byte> payload = file[(int)dataStart..];
        if (BitConverter.IsLittleEndian)
        {
            payload.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        }
        else
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(4 * i)..]);
            }
        }

        return new NpyArray(shape, data);
    }

    public static byte[] ToBytes(NpyArray array)
    {
        string shape = array.Shape.Length == 1
            ? $"({array.Shape[0]},)"
            : $"({string.Join(", ", array.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})";
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";

        // Version 1.0: magic, version, u16 header length, then the dict padded with spaces so the data starts on a
        // multiple of 64 bytes, ending in a newline.
        int unpadded = 10 + dict.Length + 1;
        int padded = (unpadded + 63) / 64 * 64;
        string header = dict + new string(' ', padded - unpadded) + "\n";
        var bytes = new byte[padded + (4L * array.Data.Length)];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, bytes.AsSpan(10));
        MemoryMarshal.AsBytes(array.Data.AsSpan()).CopyTo(bytes.AsSpan(padded));
        return bytes;
    }

    public static void Write(string path, NpyArray array) => OutputFile.WriteAllBytes(path, ToBytes(array));

    /// <summary>A tuple or list of the header dict: its items are strings, booleans, integers or None (null).</summary>
    private sealed record PyTuple(bool IsList, List<object?> Items);

    private static T Field<T>(Dictionary<string, object> dict, string header, string key, string what)
    {
        if (!dict.TryGetValue(key, out object? value))
        {
            throw new EdqaFormatException($"npy: header has no valid '{key}' entry: {Shorten(header.Trim())}");
        }

        return value is T typed
            ? typed
            : throw new EdqaFormatException($"npy: '{key}' is not {what}: {Shorten(header.Trim())}");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : $"{text[..197]}...";

    /// <summary>
    /// The header's Python dict literal, read as numpy reads it (ast.literal_eval): string keys, values that are
    /// strings, True, False, None, integers (a Python 2 L suffix allowed) or a flat tuple or list of those; a key
    /// given twice takes its last value. One pass, no recursion: a nested tuple (a structured dtype) is refused.
    /// </summary>
    private static Dictionary<string, object> HeaderDict(string header)
    {
        int i = 0;
        EdqaFormatException Bad(string what) => new(
            $"npy: the header is not a Python dict literal ({what} at character {Math.Min(i, header.Length)}): "
            + Shorten(header.Trim()));
        void Space()
        {
            while (i < header.Length && header[i] is ' ' or '\t' or '\n' or '\r')
            {
                i++;
            }
        }

        char Peek() => i < header.Length ? header[i] : throw Bad("it ends early");
        void Expect(char c)
        {
            Space();
            if (Peek() != c)
            {
                throw Bad($"'{c}' expected, '{header[i]}' found");
            }

            i++;
        }

        string Text()
        {
            char quote = Peek();
            var text = new StringBuilder();
            for (i++; Peek() != quote; i++)
            {
                if (header[i] == '\\')
                {
                    i++;
                    Peek();
                }

                text.Append(header[i]);
            }

            i++;
            return text.ToString();
        }

        object? Scalar(string key)
        {
            Space();
            char c = Peek();
            if (c is '\'' or '"')
            {
                return Text();
            }

            if (c is '(' or '[')
            {
                throw new EdqaFormatException(
                    $"npy: '{key}' holds a nested value (a structured dtype?), which is not supported: "
                    + Shorten(header.Trim()));
            }

            int start = i;
            while (i < header.Length && (char.IsAsciiLetterOrDigit(header[i]) || header[i] is '-' or '+' or '_'))
            {
                i++;
            }

            string word = header[start..i];
            string digits = word.EndsWith('L') || word.EndsWith('l') ? word[..^1] : word;
            return word switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                _ when long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                    out long number) => number,
                _ => throw Bad(word.Length == 0 ? $"'{c}' is not a value" : $"'{word}' is not a value"),
            };
        }

        object Value(string key)
        {
            Space();
            char open = Peek();
            if (open is not ('(' or '['))
            {
                return Scalar(key) ?? "None";
            }

            char close = open == '(' ? ')' : ']';
            var items = new List<object?>();
            i++;
            Space();
            while (Peek() != close)
            {
                items.Add(Scalar(key));
                Space();
                if (Peek() == ',')
                {
                    i++;
                    Space();
                }
                else if (Peek() != close)
                {
                    throw Bad($"',' or '{close}' expected");
                }
            }

            i++;
            return new PyTuple(open == '[', items);
        }

        var dict = new Dictionary<string, object>(StringComparer.Ordinal);
        Expect('{');
        Space();
        while (Peek() != '}')
        {
            if (Peek() is not ('\'' or '"'))
            {
                throw Bad("a quoted key expected");
            }

            string key = Text();
            Expect(':');
            dict[key] = Value(key);
            Space();
            if (Peek() == ',')
            {
                i++;
                Space();
            }
            else if (Peek() != '}')
            {
                throw Bad("',' or '}' expected");
            }
        }

        i++;
        Space();
        return i == header.Length ? dict : throw Bad("text after the dict");
    }
}
