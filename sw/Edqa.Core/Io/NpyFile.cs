using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Edqa.Core.Io;

/// <summary>A float32 tensor in C order with its shape, as read from or written to a NumPy <c>.npy</c> file.</summary>
public sealed record NpyArray(long[] Shape, float[] Data);

/// <summary>
/// NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0) holding little-endian float32 in C order: what
/// <c>np.save(path, tensor.detach().numpy().astype(np.float32))</c> writes. Anything else is refused with a message
/// that says what was found and what to do.
/// </summary>
public static partial class NpyFile
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
        string descr = Field(header, "descr", QuotedValue());
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

        if (Field(header, "fortran_order", BoolValue()) != "False")
        {
            throw new EdqaFormatException("npy: Fortran-ordered array: save it with np.ascontiguousarray(...)");
        }

        long[] shape = ParseShape(Field(header, "shape", TupleValue()));
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

    private static string Field(string header, string key, Regex valuePattern)
    {
        Match match = Regex.Match(header, $"'{key}'\\s*:\\s*(?<value>{valuePattern})");
        if (!match.Success)
        {
            throw new EdqaFormatException($"npy: header has no valid '{key}' entry: {header.Trim()}");
        }

        string value = match.Groups["value"].Value;
        return value.StartsWith('\'') ? value.Trim('\'') : value;
    }

    private static long[] ParseShape(string tuple)
    {
        string[] parts =
            tuple.Trim('(', ')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new EdqaFormatException($"npy: shape entry '{parts[i]}' is not a dimension");
            }
        }

        return shape;
    }

    [GeneratedRegex(@"'[^']*'")]
    private static partial Regex QuotedValue();

    [GeneratedRegex("True|False")]
    private static partial Regex BoolValue();

    [GeneratedRegex(@"\([0-9,\sL]*\)")]
    private static partial Regex TupleValue();
}
