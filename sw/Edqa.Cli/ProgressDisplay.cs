using System.Diagnostics;
using Spectre.Console;

namespace Edqa.Cli;

/// <summary>
/// Progress of long work, always on standard error so that standard output holds only results (and stays valid
/// JSON with --format json). On a terminal it is a live bar; in a log, a pipe or CI it is a line prefixed
/// "progress:" at most every ten seconds and one at the end: never a line that reads like a result.
/// </summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    public static T Run<T>(string label, double total, Func<Progress, T> work)
    {
        if (!Console.IsErrorRedirected)
        {
            T result = default!;
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new ElapsedTimeColumn())
                .Start(context =>
                    result = work(new Progress(context.AddTask(Markup.Escape(label), maxValue: Math.Max(total, 1e-9)),
                                label, total)));
            return result;
        }

        var progress = new Progress(null, label, total);
        T value = work(progress);
        progress.Finish();
        return value;
    }

    public static void Run(string label, double total, Action<Progress> work) => Run<object?>(label, total, p =>
    {
        work(p);
        return null;
    });

    /// <summary>What the work reports: how far it got, and what it is doing now.</summary>
    public sealed class Progress
    {
        private readonly ProgressTask? _bar;
        private readonly double _total;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan _lastLine;
        private double _done;
        private string _description;

        internal Progress(ProgressTask? bar, string label, double total)
        {
            _bar = bar;
            _total = total;
            _description = label;
        }

        public void Advance(double amount = 1)
        {
            _done += amount;
            if (_bar is not null)
            {
                _bar.Increment(amount);
            }
            else if (_watch.Elapsed - _lastLine >= LogInterval)
            {
                _lastLine = _watch.Elapsed;
                Console.Error.WriteLine(
                    $"progress: {_description}: {Percent():F0}% after {_watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        public void Describe(string description)
        {
            _description = description;
            if (_bar is not null)
            {
                _bar.Description = Markup.Escape(description);
            }
        }

        internal void Finish() =>
            Console.Error.WriteLine($"progress: {_description}: done in {_watch.Elapsed.TotalSeconds:F0} s");

        private double Percent() => _total <= 0 ? 100 : Math.Min(100, 100 * _done / _total);
    }
}
