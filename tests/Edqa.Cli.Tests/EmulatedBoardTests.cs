using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Edqa.Core.Io;

namespace Edqa.Cli.Tests;

/// <summary>
/// The emulated board: an SSH server on 127.0.0.1 (a throwaway host key and client key, a free port) where the
/// runner built for this machine against the SystemC model stands in for the board's. The whole host flow runs
/// against it: copy, run, fetch, verify. The server is stopped whatever happens.
/// </summary>
public sealed class EmulatedBoard : IDisposable
{
    private readonly Process _server;

    public EmulatedBoard()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("emulated-board-").FullName;
        Port = FreePort();
        Generate("host_key");
        Generate("client_key");
        File.Copy(PathOf("client_key.pub"), PathOf("authorized_keys"));
        File.SetUnixFileMode(PathOf("authorized_keys"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllLines(PathOf("sshd_config"),
        [
            $"Port {Port}", "ListenAddress 127.0.0.1", $"HostKey {PathOf("host_key")}",
            $"AuthorizedKeysFile {PathOf("authorized_keys")}", $"PidFile {PathOf("sshd.pid")}",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
            "PermitRootLogin prohibit-password", "Subsystem sftp internal-sftp",
        ]);
        if (Environment.UserName == "root")
        {
            System.IO.Directory.CreateDirectory("/run/sshd"); // sshd's privilege-separation directory
        }

        string sshd = File.Exists("/usr/sbin/sshd")
            ? "/usr/sbin/sshd"
            : throw new InvalidOperationException("/usr/sbin/sshd is missing: install openssh-server (make deps)");
        _server = Process.Start(new ProcessStartInfo(sshd, ["-D", "-e", "-f", PathOf("sshd_config")])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        WaitUntilListening();
    }

    public string Directory { get; }

    public int Port { get; }

    public string Destination => $"{Environment.UserName}@127.0.0.1";

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>The options that point `edqa board run` at this board.</summary>
    public string[] BoardOptions(string runner, int timeoutSeconds = 120) =>
        ["--host", Destination, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--identity", PathOf("client_key"), "--known-hosts", PathOf("known_hosts"), "--runner", runner,
         "--timeout", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public void Dispose()
    {
        try
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
                _server.WaitForExit(10_000);
            }
        }
        finally
        {
            _server.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private void Generate(string name)
    {
        using var keygen = Process.Start(
            new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", PathOf(name)])
            {
                UseShellExecute = false,
            })!;
        keygen.WaitForExit();
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed for {name}");
        }
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"sshd exited: {_server.StandardError.ReadToEnd()}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"sshd did not listen on port {Port} within 15 s");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[Collection(CliRunner.Name)]
public sealed class EmulatedBoardTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly EmulatedBoard _board = new();
    private readonly string _runner = Targets.SimulationProcessTarget.DefaultRunner();

    public EmulatedBoardTests()
    {
        var random = new Random(4);
        float[] data = Enumerable.Range(0, 2 * 6 * 7 * 7)
            .Select(_ => random.NextDouble() < 0.4 ? 0f : (float)(random.NextDouble() * 2)).ToArray();
        NpyFile.Write(_cli.PathOf("x.npy"), new NpyArray([2, 6, 7, 7], data));
    }

    [Fact]
    public void The_host_flow_copies_runs_fetches_and_verifies_bit_exactly()
    {
        var (code, output, error) = _cli.Run(
        [
            "board", "run", .. _board.BoardOptions(_runner),
            "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "1,4", "--scale", "channel",
        ]);
        Assert.True(code == 0, error + output);
        Assert.Contains("bit-exact: board = golden model on layer x: 12 records, 588 elements", output);
        Assert.Contains("measured on the board, beside the model", output);
        string remote = output.Split('\n')
            .First(l => l.StartsWith("board: working directory", StringComparison.Ordinal))
            ["board: working directory".Length..].Trim();
        Assert.StartsWith("/tmp/edqa-board.", remote);
        Assert.False(Directory.Exists(remote), $"the board's working directory {remote} was left behind");
    }

    [Fact]
    public void A_board_that_refuses_the_connection_is_one_clear_message()
    {
        string[] options = _board.BoardOptions(_runner);
        options[Array.IndexOf(options, "--port") + 1] = (_board.Port == 65535 ? 65534 : _board.Port + 1)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, error) = _cli.Run(
            ["board", "run", .. options, "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0"]);
        Assert.Equal(5, code);
        Assert.Contains("cannot connect to", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void A_failing_or_hanging_runner_is_one_clear_message()
    {
        string failing = _cli.PathOf("failing-runner");
        File.WriteAllText(failing, "#!/bin/sh\necho 'edqa-sim: the accelerator did not raise DONE' >&2\nexit 4\n");
        var failed = _cli.Run(["board", "run", .. _board.BoardOptions(failing), "-i", _cli.PathOf("x.npy"),
            "-n", "3", "-m", "3", "--important", "0"]);
        Assert.Equal(5, failed.Code);
        Assert.Contains("exited with 4: edqa-sim: the accelerator did not raise DONE", failed.Error);

        string hanging = _cli.PathOf("hanging-runner");
        File.WriteAllText(hanging, "#!/bin/sh\nsleep 60\n");
        var hung = _cli.Run(["board", "run", .. _board.BoardOptions(hanging, timeoutSeconds: 3),
            "-i", _cli.PathOf("x.npy"), "-n", "3", "-m", "3", "--important", "0"]);
        Assert.Equal(5, hung.Code);
        Assert.Contains("within 3 s; the call was killed", hung.Error);
    }

    public void Dispose()
    {
        _board.Dispose();
        _cli.Dispose();
    }
}
