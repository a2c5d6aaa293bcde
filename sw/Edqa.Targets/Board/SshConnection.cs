using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace Edqa.Targets.Board;

/// <summary>Something between this machine and the board went wrong; the message says what, in one line.</summary>
public sealed class BoardException(string message) : TargetException(message);

/// <summary>Where the board is and how to reach it.</summary>
/// <param name="Destination">USER@HOST.</param>
/// <param name="Port">SSH port, or null for the default.</param>
/// <param name="Identity">Private key file, or null for the agent and defaults.</param>
/// <param name="KnownHosts">known_hosts file to check (and record new) host keys in, or null for the user's.</param>
/// <param name="Timeout">Limit for each ssh or scp invocation.</param>
public sealed record BoardAddress(string Destination, int? Port, string? Identity, string? KnownHosts,
    TimeSpan Timeout);

/// <summary>
/// ssh and scp through CliWrap, with the board's address, batch mode (never a password prompt) and a timeout per
/// call. Failures become <see cref="BoardException"/>: a connection that fails (ssh's exit code 255), a call that
/// hangs, or a remote command that exits non-zero, each with the tool's own error line.
/// </summary>
public sealed class SshConnection(BoardAddress address)
{
    public BoardAddress Address => address;

    /// <summary>Runs a command on the board and returns its standard output.</summary>
    public string Run(string remoteCommand, string what)
    {
        var arguments = new List<string>(Options("-p")) { address.Destination, remoteCommand };
        return Execute("ssh", arguments, what);
    }

    /// <summary>Runs a command on the board whose exit code is an answer (the runner's): returns the code and the
    /// first line of its standard error; only a failed connection or a timeout throws.</summary>
    public (int Code, string Message) RunForExitCode(string remoteCommand, string what)
    {
        var arguments = new List<string>(Options("-p")) { address.Destination, remoteCommand };
        BufferedCommandResult result = Invoke("ssh", arguments, what);
        if (result.ExitCode == 255)
        {
            throw ConnectionFailed(what, ErrorLine(result));
        }

        return (result.ExitCode, ErrorLine(result));
    }

    public void Upload(IEnumerable<string> localFiles, string remoteDirectory, string what)
    {
        var arguments = new List<string>(Options("-P")) { "-q" };
        arguments.AddRange(localFiles);
        arguments.Add($"{address.Destination}:{remoteDirectory}/");
        Execute("scp", arguments, what);
    }

    public void Download(IEnumerable<string> remoteFiles, string localDirectory, string what)
    {
        var arguments = new List<string>(Options("-P")) { "-q" };
        arguments.AddRange(remoteFiles.Select(f => $"{address.Destination}:{f}"));
        arguments.Add(localDirectory);
        Execute("scp", arguments, what);
    }

    private List<string> Options(string portFlag)
    {
        var options = new List<string> { "-o", "BatchMode=yes", "-o", "ConnectTimeout=10" };
        if (address.Port is int port)
        {
            options.AddRange([portFlag, port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (address.Identity is not null)
        {
            options.AddRange(["-i", address.Identity, "-o", "IdentitiesOnly=yes"]);
        }

        if (address.KnownHosts is not null)
        {
            options.AddRange(["-o", $"UserKnownHostsFile={address.KnownHosts}", "-o",
                "StrictHostKeyChecking=accept-new"]);
        }

        return options;
    }

    private string Execute(string tool, List<string> arguments, string what)
    {
        BufferedCommandResult result = Invoke(tool, arguments, what);
        if (result.ExitCode == 0)
        {
            return result.StandardOutput;
        }

        string message = ErrorLine(result);
        throw tool == "ssh" && result.ExitCode == 255 || tool == "scp"
            && message.Contains("onnect", StringComparison.Ordinal)
            ? ConnectionFailed(what, message)
            : new BoardException($"{what}: {tool} exited with {result.ExitCode}: {message}");
    }

    private BufferedCommandResult Invoke(string tool, List<string> arguments, string what)
    {
        using var deadline = new CancellationTokenSource(address.Timeout);
        try
        {
            return Cli.Wrap(tool).WithArguments(arguments).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new BoardException(
                $"{what}: no answer from {address.Destination} within {address.Timeout.TotalSeconds:F0} s; the "
                + $"call was killed");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BoardException($"{what}: cannot run {tool} ({e.Message}); install openssh-client (make deps)");
        }
    }

    private BoardException ConnectionFailed(string what, string message) =>
        new(
            $"{what}: cannot connect to "
            + $"{address.Destination}{(address.Port is int p ? $" port {p}" : string.Empty)}: {message}");

    private static string ErrorLine(BufferedCommandResult result) =>
        result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal)) ?? string.Empty;
}
