using System.Buffers.Binary;
using System.IO.Compression;
using Edqa.Core;

namespace Edqa.Nn.Data;

/// <summary>
/// IDX files (the MNIST family's format: big-endian magic 0x0000 0x08 rank, then rank u32 dimensions, then unsigned
/// bytes), read directly from the .gz files Debian installs or from uncompressed copies.
/// </summary>
public static class IdxFile
{
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        byte[] bytes;
        try
        {
            using Stream file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal)
                ? new GZipStream(file, CompressionMode.Decompress)
                : file;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new EdqaFormatException($"{path}: not a valid gzip file: {e.Message}");
        }

        return Parse(bytes, path);
    }

    public static (int[] Shape, byte[] Data) Parse(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
        {
            throw new EdqaFormatException($"{what}: not an IDX file of unsigned bytes (magic 00 00 08 xx)");
        }

        int rank = bytes[3];
        if (rank is < 1 or > 4 || bytes.Length < 4 + (4 * rank))
        {
            throw new EdqaFormatException($"{what}: IDX rank {rank} or truncated header");
        }

        var shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[(4 + (4 * i))..]);
            count *= shape[i];
        }

        long expected = 4 + (4 * rank) + count;
        if (bytes.Length != expected)
        {
            throw new EdqaFormatException(
                $"{what}: IDX data of {bytes.Length - 4 - (4 * rank)} bytes where the shape "
                + $"({string.Join(" x ", shape)}) needs {count}");
        }

        return (shape, bytes[(4 + (4 * rank))..].ToArray());
    }

    /// <summary>Writes an uncompressed or gzipped IDX file (tests write tiny data sets with it).</summary>
    public static void Write(string path, int[] shape, byte[] data)
    {
        using Stream file = File.Create(path);
        using Stream stream =
            path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write([0, 0, 0x08, (byte)shape.Length]);
        Span<byte> dimension = stackalloc byte[4];
        foreach (int dim in shape)
        {
            BinaryPrimitives.WriteUInt32BigEndian(dimension, (uint)dim);
            stream.Write(dimension);
        }

        stream.Write(data);
    }
}
