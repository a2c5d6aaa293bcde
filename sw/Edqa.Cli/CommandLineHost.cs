using System.CommandLine;
using System.Text.RegularExpressions;
using Edqa.Core;
using Edqa.Core.Jobs;
using Edqa.Core.Layer;
using Edqa.Core.Quantization;

namespace Edqa.Cli;

/// <summary>A problem with the options the user gave (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A problem with an input file (exit 3); the message starts with the file's name.</summary>
public sealed class InputException(string message) : Exception(message);

/// <summary>
/// Parses and runs a command line, and turns every failure into one readable line on stderr and an exit code:
/// no stack traces for users (set EDQA_DEBUG=1 to see them).
/// </summary>
public static partial class CommandLineHost
{
    public static int Run(RootCommand root, string[] args)
    {
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"edqa: {error.Message}");
            }

            Console.Error.WriteLine("Run 'edqa --help' (or 'edqa COMMAND --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            (int code, string message) = Classify(e);
            Console.Error.WriteLine($"edqa: {message}");
            if (Environment.GetEnvironmentVariable("EDQA_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return code;
        }
    }

    private static (int Code, string Message) Classify(Exception e) => e switch
    {
        UsageException => (ExitCodes.Usage, e.Message),
        InputException or EdqaFormatException or NonFiniteValueException or InvalidDataException
            => (ExitCodes.BadInput, e.Message),
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException
            => (ExitCodes.BadInput, e.Message),
        Targets.Board.BoardException => (ExitCodes.TargetFailure, $"board: {e.Message}"),
        Targets.TargetException => (ExitCodes.TargetFailure, e.Message),
        RecordFailedException { Status: RecordStatus.Timeout } => (ExitCodes.TargetFailure, e.Message),
        Bindings.SimulatorException { Status: Bindings.Native.EdqaStatus.ErrorTimeout } => (ExitCodes.TargetFailure,
            e.Message),
        EnvironmentException or RecordFailedException or Bindings.SimulatorException => (ExitCodes.Internal, e.Message),
        _ => (ExitCodes.Internal, $"internal error: {e.GetType().Name}: {e.Message}"),
    };

    /// <summary>Runs <paramref name="load"/> and reports any failure as a problem with
    /// <paramref name="path"/>.</summary>
    public static T LoadInput<T>(string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e)
            when (e is EdqaFormatException or ArgumentException or IOException or UnauthorizedAccessException
                or System.Text.Json.JsonException)
        {
            string message = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                System.Text.Json.JsonException => $"not the JSON expected ({e.Message})",
                _ => e.Message,
            };
            throw new InputException(message.StartsWith(path + ": ", StringComparison.Ordinal)
                ? message
                : $"{path}: {message}");
        }
    }

    /// <summary>An output path the user gave: empty is a usage error (the path is checked again when
    /// written).</summary>
    public static string OutputPath(string? path, string option) =>
        string.IsNullOrWhiteSpace(path) ? throw new UsageException($"{option}: the path is empty") : path;

    /// <summary>An output judged before the long work that writes it: a non-empty path whose folder exists (else
    /// exit 3 naming both).</summary>
    public static string OutputInExistingFolder(string? path, string option)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(OutputPath(path, option)))!;
        return Directory.Exists(folder) ? path! : throw new InputException($"{option} {path}: no such folder {folder}");
    }

    /// <summary>Runs <paramref name="check"/> and reports an <see cref="ArgumentException"/> as a usage
    /// error.</summary>
    public static T CheckUsage<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(FirstLine(e.Message));
        }
    }

    /// <summary>ArgumentException appends " (Parameter 'extraBits')" and the actual value on new lines; keep the
    /// sentence, and name the parameter as the option a user types (--extra-bits).</summary>
    private static string FirstLine(string message) => ParameterName().Replace(message.Split('\n')[0],
        match => $" (option --{KebabBoundary().Replace(match.Groups[1].Value, "-$1").ToLowerInvariant()})");

    [GeneratedRegex(@" \(Parameter '([A-Za-z0-9]+)'\)")]
    private static partial Regex ParameterName();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
