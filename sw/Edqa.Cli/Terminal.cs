using Spectre.Console;

namespace Edqa.Cli;

/// <summary>
/// A Spectre console on whatever <see cref="Console.Out"/> is now. The static AnsiConsole binds to the writer of its
/// first use, which breaks callers (tests, hosts) that redirect the console between commands.
/// </summary>
public static class Terminal
{
    public static IAnsiConsole Create() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
}
