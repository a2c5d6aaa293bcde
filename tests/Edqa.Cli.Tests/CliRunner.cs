namespace Edqa.Cli.Tests;

/// <summary>Runs <c>edqa</c> in-process with captured output. Console redirection is process-wide, so every test
/// that uses it is in one non-parallel collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliRunner : IDisposable
{
    public const string Name = "edqa command line";

    public CliRunner()
    {
        // One libtorch thread for the network commands run here: the other test assemblies share the cores, and
        // libtorch's spinning OpenMP threads would slow them and these many times over (Torch.Initialize).
        Environment.SetEnvironmentVariable("EDQA_THREADS", Environment.GetEnvironmentVariable("EDQA_THREADS") ?? "1");
        Directory = Path.Combine(Path.GetTempPath(), "edqa-cli-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public (int Code, string Out, string Error) Run(params string[] args)
    {
        (TextWriter oldOut, TextWriter oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int code = CommandLineHost.Run(EdqaCommandLine.Build(), args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
