using System.CommandLine;
using Edqa.Core.Quantization;

namespace Edqa.Cli;

/// <summary>-n, -m and -r of the network commands that quantize every point at one setting (run, capture, trace):
/// one set of names, defaults (N = 3, m = 3, r = 0.4) and checks.</summary>
public sealed record SettingOptions(Option<int> Bits, Option<int> ExtraBits, Option<double> Ratio)
{
    public static SettingOptions Create(string bits = "N", string extraBits = "m",
        string ratio = "r, fraction of important channels per layer") =>
        new(new Option<int>("--bits", "-n") { Description = bits, DefaultValueFactory = _ => 3 },
            new Option<int>("--extra-bits", "-m") { Description = extraBits, DefaultValueFactory = _ => 3 },
            new Option<double>("--ratio", "-r") { Description = ratio, DefaultValueFactory = _ => 0.4 });

    public IEnumerable<Option> All => [Bits, ExtraBits, Ratio];

    /// <summary>N and m as a format, and r, each checked (a usage error names the option).</summary>
    public (QuantFormat Format, double Ratio) Read(ParseResult result)
    {
        QuantFormat format =
            CommandLineHost.CheckUsage(() => new QuantFormat(result.GetValue(Bits), result.GetValue(ExtraBits)));
        return (format, CheckRatio(result.GetValue(Ratio)));
    }

    /// <summary>The checks of <see cref="Read"/> for a command whose N is a list (eval, memory), before any work:
    /// every N with m a legal format, where <paramref name="extraBitsAtMost"/> gives the m used at an N.</summary>
    public static void CheckList(int[] bits, int extraBits, double ratio, Func<int, int, int> extraBitsAtMost)
    {
        foreach (int n in bits)
        {
            CommandLineHost.CheckUsage(() => new QuantFormat(n, extraBitsAtMost(n, extraBits)));
        }

        CheckRatio(ratio);
    }

    /// <summary>r in [0, 1]; NaN is refused too.</summary>
    public static double CheckRatio(double ratio) =>
        ratio is >= 0 and <= 1 ? ratio : throw new UsageException("--ratio must be in [0, 1]");
}
