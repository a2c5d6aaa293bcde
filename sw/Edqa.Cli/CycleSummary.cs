using Edqa.Core.Jobs;

namespace Edqa.Cli;

/// <summary>One line about the accelerator cycles a target reported (nothing for the golden model).</summary>
public static class CycleSummary
{
    public const int ClockMHz = 200;

    public static void Print(string target, CycleCounts[]? cycles, bool[] important, int channels)
    {
        if (cycles is null || cycles.Length == 0)
        {
            return;
        }

        ulong total = cycles.Aggregate(0UL, (sum, c) => sum + c.Total);
        var importantCycles = cycles.Where((_, r) => important[r % channels]).Select(c => (double)c.Total).ToArray();
        string perImportant =
            importantCycles.Length > 0 ? $", {importantCycles.Average():F1} per important record" : string.Empty;
        Console.WriteLine(
            $"{target}: {cycles.Length} records, {total} accelerator cycles ({total / (double)ClockMHz:F1} us at "
            + $"{ClockMHz} MHz, modeled){perImportant}");
    }
}
