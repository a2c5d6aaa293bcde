using Edqa.Bindings.Generator;

// edqa-bindgen --header sim/include/edqa_sim.h --output bindings/Edqa.Bindings/Generated/EdqaSim.g.cs [--check]
// Generates the bindings, or with --check regenerates them in memory and exits 1 on any difference from the
// committed file (declarations, enum values, struct sizes, field offsets).
string? header = null;
string? output = null;
bool check = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--header" when i + 1 < args.Length:
            header = args[++i];
            break;
        case "--output" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--check":
            check = true;
            break;
        default:
            Console.Error.WriteLine($"edqa-bindgen: unknown argument '{args[i]}'");
            return 2;
    }
}

if (header is null || output is null)
{
    Console.Error.WriteLine("usage: edqa-bindgen --header FILE.h --output FILE.g.cs [--check]");
    return 2;
}

string generated;
try
{
    HeaderModel model = HeaderParser.Parse(Path.GetFullPath(header));
    generated = CSharpEmitter.Emit(model, header.Replace('\\', '/'), "edqa_sim", "Edqa.Bindings.Native");
}
catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
{
    Console.Error.WriteLine($"edqa-bindgen: {e.Message}");
    return 1;
}

if (!check)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, generated);
    Console.WriteLine($"edqa-bindgen: wrote {output}");
    return 0;
}

string committed = File.Exists(output) ? File.ReadAllText(output) : string.Empty;
if (committed == generated)
{
    Console.WriteLine($"edqa-bindgen: {output} matches {header}");
    return 0;
}

string[] expected = generated.Split('\n');
string[] actual = committed.Split('\n');
int line = 0;
while (line < expected.Length && line < actual.Length && expected[line] == actual[line])
{
    line++;
}

Console.Error.WriteLine($"edqa-bindgen: {output} is out of date with {header} (first difference at line {line + 1}):");
Console.Error.WriteLine($"  header says:   {(line < expected.Length ? expected[line].Trim() : "(end)")}");
Console.Error.WriteLine($"  bindings say:  {(line < actual.Length ? actual[line].Trim() : "(end)")}");
Console.Error.WriteLine("Run `make bindings` and commit the result.");
return 1;
