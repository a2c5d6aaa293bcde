namespace Edqa.Core.Io;

/// <summary>
/// Reads an input file whole, bounded: only a regular file (a symbolic link is followed) of at most a given size.
/// A device, FIFO or socket is refused before it is opened (<c>/dev/zero</c> would be read until memory runs out, a
/// FIFO without a writer would block), as is a directory or a file larger than the limit. Every refusal is an
/// <see cref="IOException"/> whose message starts with the path (exit 3 in the command line).
/// </summary>
public static class InputFile
{
    /// <summary>The largest text input (rank, tune and provenance files, vendor reports and headers): 64 MiB, far
    /// above any real one.</summary>
    public const long TextLimit = 64L << 20;

    /// <summary>The largest binary input (.npy, .edqa, job and result streams): the largest array .NET
    /// holds.</summary>
    public static readonly long DataLimit = Array.MaxLength;

    public static string ReadAllText(string path, long limit = TextLimit) =>
        System.Text.Encoding.UTF8.GetString(ReadAllBytes(path, limit)).TrimStart('\uFEFF');

    public static byte[] ReadAllBytes(string path) => ReadAllBytes(path, DataLimit);

    public static byte[] ReadAllBytes(string path, long limit)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new IOException("the input path is empty");
        }

        switch (OutputFile.KindOf(path))
        {
            case OutputFile.Kind.Directory:
                throw new IOException($"{path}: is a directory, not a file");
            case OutputFile.Kind.Special:
                throw new IOException(
                    $"{path}: not a regular file (a device, FIFO or socket): give a file, it is read whole");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1,
            FileOptions.SequentialScan);
        long length = stream.Length;
        if (length > limit)
        {
            throw new IOException($"{path}: {length} bytes, more than the {limit} this input may have");
        }

        byte[] bytes = new byte[length];
        stream.ReadExactly(bytes);
        if (stream.ReadByte() >= 0)
        {
            throw new IOException($"{path}: the file grew while it was read");
        }

        return bytes;
    }
}
