using System.Security.Cryptography;
using System.Text.Json;

namespace Edqa.Nn.Models;

/// <summary>One architecture the repository trains and evaluates: its name (in provenance files, rank files and
/// result files), what it is, and how to build it untrained.</summary>
public sealed record ModelEntry(string Name, string Description, Func<QuantizableModel> Create);

/// <summary>The architectures, in one place: train, eval, report and run all take their list from here.</summary>
public static class ModelRegistry
{
    public static IReadOnlyList<ModelEntry> All { get; } =
    [
        new(ResNet20.Name, "ResNet-20 (3 stages of 3 basic blocks, 16/32/64 channels): the headline model",
            () => new ResNet20()),
        new(SmallCnn.Name, "a 4-convolution CNN: fast, the embedded default of make run", () => new SmallCnn()),
        new(MobileNetV2.Name,
            "MobileNetV2 (inverted residuals, depthwise 3x3, ReLU6), scaled to 28x28: 6 blocks, 16..48 channels",
            () => new MobileNetV2()),
        new(VisionTransformer.Name,
            "a small ViT: 4x4 patches (49 tokens), width 48, 3 pre-norm blocks of 4-head attention and a GELU MLP",
            () => new VisionTransformer()),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>The entry of an architecture; an unknown name is an <see cref="ArgumentException"/> listing the
    /// names.</summary>
    public static ModelEntry Get(string name) =>
        All.FirstOrDefault(m => m.Name == name)
            ?? throw new ArgumentException($"unknown architecture '{name}'; the models are {string.Join(", ", Names)}");
}

/// <summary>
/// The provenance file beside a checkpoint (MODEL.json for MODEL.bin): which architecture the weights are for, how
/// they were trained, and the checkpoint's SHA-256. A checkpoint is loaded as the architecture its provenance
/// names, never as one guessed from its file name.
/// </summary>
public sealed record ModelProvenance(string Architecture, int Epochs, int Seed, double TrainingSeconds,
    double TestAccuracy, string Sha256, string Command)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase
    };

    /// <summary>Where the provenance of <paramref name="checkpoint"/> lives.</summary>
    public static string PathOf(string checkpoint) => Path.ChangeExtension(checkpoint, ".json");

    /// <summary>Reads and checks the provenance of a checkpoint: present, a known architecture, and describing these
    /// very bytes (its SHA-256). Every failure is an <see cref="Core.EdqaFormatException"/> naming the file.</summary>
    public static ModelProvenance Read(string checkpoint)
    {
        string path = PathOf(checkpoint);
        if (!File.Exists(path))
        {
            throw new Core.EdqaFormatException(
                $"{checkpoint}: no provenance file {path} (it names the architecture; `edqa train` writes it beside "
                + $"the checkpoint)");
        }

        ModelProvenance? provenance;
        try
        {
            provenance = JsonSerializer.Deserialize<ModelProvenance>(Core.Io.InputFile.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new Core.EdqaFormatException($"{path}: not a provenance file: {e.Message}");
        }

        if (provenance?.Architecture is null || !ModelRegistry.Names.Contains(provenance.Architecture))
        {
            throw new Core.EdqaFormatException(
                $"{path}: architecture '{provenance?.Architecture}' is not one of "
                + $"{string.Join(", ", ModelRegistry.Names)}");
        }

        string actual = Sha256Of(checkpoint);
        if (!string.Equals(provenance.Sha256, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new Core.EdqaFormatException(
                $"{path} describes another checkpoint (SHA-256 {provenance.Sha256}, {checkpoint} has {actual})");
        }

        return provenance;
    }

    public void Write(string checkpoint) =>
        Core.Io.OutputFile.WriteAllText(PathOf(checkpoint), JsonSerializer.Serialize(this, JsonOptions));

    public static string Sha256Of(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Core.Io.InputFile.ReadAllBytes(path)));
}
