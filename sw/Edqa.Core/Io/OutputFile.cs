using System.Runtime.InteropServices;

namespace Edqa.Core.Io;

/// <summary>
/// Writes an output file so that nothing is lost or corrupted. A regular file (or a path that does not exist yet)
/// is replaced atomically: the bytes go to a temporary file beside the target, with a name unique to this process
/// and call, which is renamed over the target only when every byte is on disk, and removed on every failure. A
/// symbolic link is followed to its final target, which is what gets replaced. Device nodes, FIFOs and sockets are
/// written through, never replaced (as root, <c>-o /dev/null</c> must not replace the system's /dev/null).
/// Directories and empty paths are refused. Every failure is an <see cref="IOException"/> or
/// <see cref="ArgumentException"/> that names the path.
/// </summary>
public static partial class OutputFile
{
    internal enum Kind
    {
        Missing,
        Regular,
        Directory,
        Special,
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("the output path is empty");
        }

        string target = FinalTarget(path);
        switch (KindOf(target))
        {
            case Kind.Directory:
                throw new IOException($"{path}: is a directory, not a file to write");
            case Kind.Special:
                WriteThrough(path, target, bytes);
                return;
            default:
                ReplaceAtomically(path, target, bytes);
                return;
        }
    }

    /// <summary>Checks, before any work, that <paramref name="path"/> can be written as a file that something other
    /// than <see cref="WriteAllBytes"/> writes in place (a waveform SystemC writes): its directory exists and takes a
    /// new file, and an existing regular file opens for writing (it is not truncated). Throws an
    /// <see cref="IOException"/> naming the path.</summary>
    public static void CheckWritable(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("the output path is empty");
        }

        string target = FinalTarget(path);
        Kind kind = KindOf(target);
        if (kind == Kind.Directory)
        {
            throw new IOException($"{path}: is a directory, not a file to write");
        }

        if (kind == Kind.Special)
        {
            return;
        }

        string directory = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{path}: the directory {directory} does not exist");
        }

        string probe =
            Path.Combine(directory, $".{Path.GetFileName(target)}.probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
            if (kind == Kind.Regular)
            {
                new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite).Dispose();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write: {e.Message}", e);
        }
        finally
        {
            TryDelete(probe);
        }
    }

    /// <summary>The file a path finally names: the path itself, or the end of its chain of symbolic links.</summary>
    private static string FinalTarget(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null
            ? info.FullName
            : (info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName);
    }

    private static void WriteThrough(string path, string target, ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(bytes);
        }
        catch (IOException e)
        {
            throw new IOException($"{path}: cannot write: {e.Message}", e);
        }
    }

    private static void ReplaceAtomically(string path, string target, ReadOnlySpan<byte> bytes)
    {
        string directory = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{path}: the directory {directory} does not exist");
        }

        string temporary =
            Path.Combine(directory, $".{Path.GetFileName(target)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(target) && !OperatingSystem.IsWindows())
            {
                // The replacement keeps the permissions the user gave the file it replaces.
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new IOException($"{path}: cannot write: {e.Message}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is the one to report.
        }
    }

    /// <summary>The type of the file a path names, following links (stat(2)); .NET's file attributes cannot tell a
    /// character device or a FIFO from a regular file.</summary>
    internal static unsafe Kind KindOf(string path)
    {
        if (Directory.Exists(path))
        {
            return Kind.Directory;
        }

        if (!File.Exists(path))
        {
            return Kind.Missing;
        }

        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 or Architecture.Arm => 16,
            _ => -1,
        };
        if (OperatingSystem.IsWindows() || modeOffset < 0)
        {
            return Kind.Regular;
        }

        // struct stat is at most 144 bytes on the architectures above; st_mode's file-type bits are 0xF000.
        byte* buffer = stackalloc byte[256];
        if (Stat(path, buffer) != 0)
        {
            return Kind.Regular;
        }

        uint type = *(uint*)(buffer + modeOffset) & 0xF000u;
        return type switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            _ => Kind.Special,
        };
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);
}
