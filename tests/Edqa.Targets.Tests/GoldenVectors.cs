using System.Globalization;
using Edqa.Core.Quantization;

namespace Edqa.Targets.Tests;

/// <summary>One case of tests/vectors/channels.txt (written by `edqa golden-vectors` from the golden model).</summary>
public sealed record GoldenVector(string Name, QuantFormat Format, bool Important, float Inv, float Delta, float[] Input, uint[] Record, float[] Output)
{
    public override string ToString() => Name;

    public static IReadOnlyList<GoldenVector> Load()
    {
        string path = Path.Combine(RepositoryRoot(), "tests", "vectors", "channels.txt");
        var vectors = new List<GoldenVector>();
        string name = string.Empty;
        string[] config = [];
        uint[] input = [], record = [], output = [];
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts[0])
            {
                case "case": name = parts[1]; break;
                case "config": config = parts[1..]; break;
                case "input": input = Words(parts); break;
                case "record": record = Words(parts); break;
                case "output": output = Words(parts); break;
                case "end":
                    vectors.Add(new GoldenVector(
                        name,
                        new QuantFormat(int.Parse(config[0], CultureInfo.InvariantCulture), int.Parse(config[1], CultureInfo.InvariantCulture)),
                        config[2] == "1",
                        BitConverter.UInt32BitsToSingle(uint.Parse(config[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                        BitConverter.UInt32BitsToSingle(uint.Parse(config[5], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                        input.Select(BitConverter.UInt32BitsToSingle).ToArray(),
                        record,
                        output.Select(BitConverter.UInt32BitsToSingle).ToArray()));
                    break;
                default: throw new InvalidDataException($"{path}: unexpected line {line[..Math.Min(40, line.Length)]}");
            }
        }

        return vectors;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CoDesign.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CoDesign.sln not found above " + AppContext.BaseDirectory);
    }

    private static uint[] Words(string[] parts) => parts.Skip(1).Select(p => uint.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
}
