using Edqa.Bindings.Native;
using Edqa.Core;
using Edqa.Core.Jobs;

namespace Edqa.Targets.Board;

/// <summary>
/// The board reached over SSH: the board runner and each call's job stream are copied to a working directory on
/// the board, the runner runs them on the accelerator there, and the result stream comes back. No .NET is needed on
/// the board. The working directory is created on first use and removed on dispose, whatever happened.
/// </summary>
public sealed class SshBoardTarget(SshConnection ssh, string runnerPath) : IAcceleratorTarget
{
    private string? _remote;

    public string Name => AcceleratorTargets.Board;

    /// <summary>Where the runner and the streams live on the board (after the first call).</summary>
    public string? RemoteDirectory => _remote;

    /// <summary>The board's accelerator is built from the same hw/ as the model.</summary>
    public int MaxRecordLength => (int)EdqaSimNative.EDQA_SIM_MAX_LENGTH;

    public bool CountsCycles => true;

    public IReadOnlyList<JobResult> Run(IReadOnlyList<AcceleratorJob> jobs)
    {
        string remote = Prepare();
        using var local = new TemporaryDirectory("edqa-board-");
        string jobsFile = local.File("input" + JobStream.FileExtension);
        JobStream.Write(jobsFile, jobs);
        ssh.Upload([jobsFile], remote, "copy the job stream to the board");
        string runner = "./" + Path.GetFileName(runnerPath);
        string command = $"cd {RunnerCommandLine.Quote(remote)} && " +
            RunnerCommandLine.ShellLine(runner,
                RunnerCommandLine.Run("input" + JobStream.FileExtension, "output" + ResultStream.FileExtension,
                    cycles: "cycles.csv"));
        (int code, string message) = ssh.RunForExitCode(command, "run the jobs on the board");
        if (code is not (ExitCodes.Success or ExitCodes.BadInput or ExitCodes.TargetFailure))
        {
            throw new BoardException($"the board runner exited with {code}: {message}");
        }

        ssh.Download([$"{remote}/output{ResultStream.FileExtension}"], local.Path,
            "fetch the result stream from the board");
        try
        {
            IReadOnlyList<JobResult> results = ResultStream.Read(local.File("output" + ResultStream.FileExtension));
            ResultStream.RequireAnswers(jobs, results, "the board runner");
            return results;
        }
        catch (EdqaFormatException e)
        {
            throw new BoardException($"the board runner wrote a result stream this reader refuses: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (_remote is null)
        {
            return;
        }

        try
        {
            ssh.Run($"rm -rf {RunnerCommandLine.Quote(_remote)}", "remove the working directory on the board");
        }
        catch (BoardException e)
        {
            Console.Error.WriteLine($"board: could not remove {_remote}: {e.Message}");
        }

        _remote = null;
    }

    private string Prepare()
    {
        if (_remote is not null)
        {
            return _remote;
        }

        string remote = ssh.Run("mktemp -d /tmp/edqa-board.XXXXXX", "create a working directory on the board").Trim();
        if (!remote.StartsWith("/tmp/edqa-board.", StringComparison.Ordinal)
            || remote.Contains('\n', StringComparison.Ordinal))
        {
            throw new BoardException($"create a working directory on the board: unexpected answer '{remote}'");
        }

        _remote = remote;
        ssh.Upload([runnerPath], remote, "copy the runner to the board");
        ssh.Run($"chmod +x {RunnerCommandLine.Quote(remote + "/" + Path.GetFileName(runnerPath))}",
            "make the runner executable on the board");
        return remote;
    }
}
