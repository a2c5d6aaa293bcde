using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Edqa.Cli;

/// <summary>
/// Progress of long work, always on standard error so that standard output holds only results (and stays valid
/// JSON with --format json). On a terminal it is a live bar; in a log, a pipe or CI it is a line prefixed
/// "progress:" at most every ten seconds, with the time left at the rate so far, and one at the end: never a line
/// that reads like a result. Long work (<c>estimate: true</c>: eval, sweep, rank, tune) also prints, early, one
/// "estimate:" line: the whole work's time at the rate of its first units of work after the first.
/// </summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    // When the estimate is printed: once the work done is 5% of the whole or ten seconds in, and some of it came after
    // the first unit (which carries the set-up).
    private const double EstimateShare = 0.05;
    private static readonly TimeSpan EstimateAfter = TimeSpan.FromSeconds(10);

    // Work done less work skipped (another shard's) is a difference of sums: below this share of the total it is
    // rounding, not work (a rate from it would overflow a TimeSpan).
    private const double Rounding = 1e-9;

    public static T Run<T>(string label, double total, Func<Progress, T> work, bool estimate = false)
    {
        if (!Console.IsErrorRedirected)
        {
            T result = default!;
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error)
            });
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new ElapsedTimeColumn())
                .Start(context =>
                    result = work(new Progress(context.AddTask(Markup.Escape(label), maxValue: Math.Max(total, 1e-9)),
                                label, total, line => console.WriteLine(line), estimate)));
            return result;
        }

        var progress = new Progress(null, label, total, Console.Error.WriteLine, estimate);
        T value = work(progress);
        progress.Finish();
        return value;
    }

    public static void Run(string label, double total, Action<Progress> work, bool estimate = false) =>
        Run<object?>(label, total, p =>
        {
            work(p);
            return null;
        }, estimate);

    /// <summary>What the work reports: how far it got, and what it is doing now.</summary>
    public sealed class Progress
    {
        private readonly ProgressTask? _bar;
        private readonly double _total;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan _lastLine;
        private readonly string _label;
        private readonly Action<string> _line;
        private bool _estimate;
        private double _done;
        private double _skipped;
        private (TimeSpan At, double Done)? _first;
        private string _description;

        internal Progress(ProgressTask? bar, string label, double total, Action<string> line, bool estimate)
        {
            _bar = bar;
            _total = total;
            _label = label;
            _line = line;
            _description = label;
            _estimate = estimate;
        }

        /// <summary>A line of the work's own (on standard error, above a live bar).</summary>
        public void Line(string text) => _line(text);

        /// <summary>Reports <paramref name="amount"/> more of the total done (after the work, not before it: the
        /// estimate and the time left are drawn from the rate of the work done).</summary>
        public void Advance(double amount = 1)
        {
            _done += amount;
            TimeSpan elapsed = _watch.Elapsed;
            double measured = _done - _skipped;
            if (_first is null)
            {
                _first = measured > Rounding * _total ? (elapsed, measured) : null;
            }
            else if (_estimate && Left() is TimeSpan left
                && (measured >= EstimateShare * _total || elapsed >= EstimateAfter))
            {
                string share = (100 * measured / _total).ToString("0.#", CultureInfo.InvariantCulture);
                _line($"estimate: {_label}: about {Duration(elapsed + left)} in all, {Duration(left)} left, "
                    + $"at the rate of its first {share}% ({Duration(elapsed)}) on this machine");
                _estimate = false;
            }

            if (_bar is not null)
            {
                _bar.Increment(amount);
            }
            else if (elapsed - _lastLine >= LogInterval)
            {
                _lastLine = elapsed;
                string left = Left() is TimeSpan l ? $", about {Duration(l)} left" : string.Empty;
                Console.Error.WriteLine(
                    $"progress: {_description}: {Percent():F0}% after {elapsed.TotalSeconds:F0} s{left}");
            }
        }

        /// <summary>The time left at the rate of the work after the first unit (which carries the set-up: loading,
        /// a first pass, a measurement), or null before there is such work or once all is done.</summary>
        private TimeSpan? Left()
        {
            double rated = _done - _skipped - (_first?.Done ?? 0);
            return _first is { } first && rated > Rounding * _total && _done < _total
                ? (_watch.Elapsed - first.At) * ((_total - _done) / rated)
                : null;
        }

        /// <summary>Reports <paramref name="amount"/> of the total as done elsewhere (another shard's): done, but
        /// not at the work's rate.</summary>
        public void Skip(double amount)
        {
            _skipped += amount;
            Advance(amount);
        }

        /// <summary>A duration as a person reads it: seconds, minutes or hours.</summary>
        internal static string Duration(TimeSpan time) => time.TotalSeconds switch
        {
            < 90 => FormattableString.Invariant($"{Math.Max(1, Math.Round(time.TotalSeconds)):0} s"),
            < 90 * 60 => FormattableString.Invariant($"{time.TotalMinutes:0} min"),
            _ => FormattableString.Invariant($"{time.TotalHours:0.#} h"),
        };

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
