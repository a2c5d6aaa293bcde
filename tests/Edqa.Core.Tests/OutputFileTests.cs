using System.Diagnostics;
using Edqa.Core.Io;

namespace Edqa.Core.Tests;

/// <summary>Output files: replaced atomically or not at all, symlinks followed, device nodes and FIFOs written
/// through, never replaced; a full disk, a directory or an empty path is a clear error and the old file survives;
/// concurrent writers never see each other's temporary files.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OutputFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edqa-output-").FullName;

    [Fact]
    public void A_regular_file_is_replaced_whole_keeping_its_permissions_and_no_temporary_file_stays()
    {
        string path = Path.Combine(_directory, "y.edqa");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        OutputFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            File.GetUnixFileMode(path));
        Assert.Equal(["y.edqa"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_symbolic_link_stays_a_link_and_its_target_is_replaced()
    {
        string target = Path.Combine(_directory, "real.npy");
        string link = Path.Combine(_directory, "link.npy");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, "real.npy");
        OutputFile.WriteAllBytes(link, [7, 7]);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal([7, 7], File.ReadAllBytes(target));

        string dangling = Path.Combine(_directory, "dangling.npy");
        File.CreateSymbolicLink(dangling, "new.npy");
        OutputFile.WriteAllBytes(dangling, [9]);
        Assert.Equal([9], File.ReadAllBytes(Path.Combine(_directory, "new.npy")));
        Assert.NotNull(new FileInfo(dangling).LinkTarget);
    }

    [Fact]
    public void A_fifo_is_written_through_and_stays_a_fifo()
    {
        string fifo = Path.Combine(_directory, "pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        byte[]? received = null;
        var reader = new Thread(() => received = File.ReadAllBytes(fifo));
        reader.Start();
        OutputFile.WriteAllBytes(fifo, [4, 5, 6]);
        Assert.True(reader.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal([4, 5, 6], received);
        Assert.Equal("fifo", FileType(fifo));
    }

    [Fact]
    public void Dev_null_is_written_through_and_stays_a_character_device()
    {
        OutputFile.WriteAllBytes("/dev/null", [1, 2, 3]);
        Assert.Equal("character special file", FileType("/dev/null"));
        Assert.Empty(File.ReadAllBytes("/dev/null"));
    }

    [Fact]
    public void Directories_empty_paths_and_missing_directories_are_clear_errors()
    {
        Assert.Contains("is a directory",
            Assert.Throws<IOException>(() => OutputFile.WriteAllBytes(_directory, [1])).Message);
        Assert.Throws<ArgumentException>(() => OutputFile.WriteAllBytes("", [1]));
        Assert.Throws<ArgumentException>(() => OutputFile.WriteAllBytes("  ", [1]));
        string missing = Path.Combine(_directory, "no", "such", "dir", "y.edqa");
        Assert.Contains(missing,
            Assert.Throws<DirectoryNotFoundException>(() => OutputFile.WriteAllBytes(missing, [1])).Message);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void A_device_that_is_full_fails_the_write_with_the_path_named()
    {
        Assert.Contains("/dev/full: cannot write",
            Assert.Throws<IOException>(() => OutputFile.WriteAllBytes("/dev/full", new byte[8192])).Message);
    }

    [Fact]
    public void A_full_file_system_fails_the_write_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        string mount = Path.Combine(_directory, "small");
        Directory.CreateDirectory(mount);
        using var process = Process.Start(
            new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount])
            {
                RedirectStandardError = true,
            })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            // Only root can mount a small file system; CI runs as root. Elsewhere the device test above stands in.
            return;
        }

        try
        {
            string path = Path.Combine(mount, "y.edqa");
            File.WriteAllBytes(path, [1, 2, 3]);
            var error = Assert.Throws<IOException>(() => OutputFile.WriteAllBytes(path, new byte[200_000]));
            Assert.Contains($"{path}: cannot write", error.Message);
            Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
            Assert.Equal(["y.edqa"], Directory.GetFiles(mount).Select(Path.GetFileName));
        }
        finally
        {
            Process.Start("umount", [mount])!.WaitForExit();
        }
    }

    [Fact]
    public void Concurrent_writers_leave_one_whole_file_and_nothing_else()
    {
        string path = Path.Combine(_directory, "shared.edqa");
        byte[][] contents = Enumerable.Range(0, 8)
            .Select(i => Enumerable.Repeat((byte)i, 50_000 + i).ToArray()).ToArray();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => OutputFile.WriteAllBytes(path, contents[i % 8]));
        byte[] final = File.ReadAllBytes(path);
        Assert.Contains(contents, c => c.AsSpan().SequenceEqual(final));
        Assert.Equal(["shared.edqa"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string FileType(string path)
    {
        using var stat = Process.Start(
            new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        string type = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return type;
    }
}
