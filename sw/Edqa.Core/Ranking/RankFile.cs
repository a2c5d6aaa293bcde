using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edqa.Core.Ranking;

/// <summary>Score of one channel in the greedy search: calibration accuracy (and loss, which breaks ties) when the
/// channel alone of its layer is left unquantized.</summary>
public sealed record ChannelScore(int Channel, double Accuracy, double Loss);

/// <summary>The ranking of one activation layer: channel ids, most important first, with their scores.</summary>
public sealed record LayerRanking(string Name, int Channels, int[] Order, ChannelScore[]? Scores = null);

/// <summary>
/// A rank file (spec §6): per layer, channel ids in importance order, with the provenance that produced them.
/// JSON, camelCase; written by <c>edqa rank</c>, read by <c>edqa quantize --rank</c>.
/// </summary>
public sealed record RankFile(
    string Format,
    string Model,
    string? CheckpointSha256,
    int Bits,
    int CalibrationSize,
    int Seed,
    LayerRanking[] Layers)
{
    public const string FormatTag = "edqa-rank/1";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static RankFile Parse(string json)
    {
        RankFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RankFile>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new EdqaFormatException($"rank file: not valid JSON for a rank file: {e.Message}");
        }

        if (file is null || file.Format != FormatTag)
        {
            throw new EdqaFormatException($"rank file: format tag is '{file?.Format}', expected '{FormatTag}'");
        }

        if (file.Layers is null || file.Layers.Length == 0)
        {
            throw new EdqaFormatException("rank file: no layers");
        }

        for (int i = 0; i < file.Layers.Length; i++)
        {
            Validate(file.Layers[i] ?? throw new EdqaFormatException($"rank file: layer {i} is null"), i);
        }

        if (file.Layers.Select(l => l.Name).Distinct(StringComparer.Ordinal).Count() != file.Layers.Length)
        {
            throw new EdqaFormatException("rank file: two layers have the same name");
        }

        if (file.CheckpointSha256 is { } hash && !IsSha256(hash))
        {
            throw new EdqaFormatException($"rank file: checkpointSha256 '{hash}' is not 64 hex digits");
        }

        return file;
    }

    public static RankFile Read(string path) => Parse(Io.InputFile.ReadAllText(path));

    /// <summary>A SHA-256 as this project writes it: 64 hex digits.</summary>
    public static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    /// <summary>Refuses a ranking computed for other weights: channel importance belongs to one checkpoint, and the
    /// ranking of another applies silently and gives a different accuracy.</summary>
    public void RequireCheckpoint(string checkpointSha256, string rankPath, string checkpoint)
    {
        if (CheckpointSha256 is null)
        {
            throw new EdqaFormatException(
                $"{rankPath}: no checkpointSha256, so it cannot be matched to {checkpoint}; rank again with `edqa rank "
                + $"--model {checkpoint}`");
        }

        if (!string.Equals(CheckpointSha256, checkpointSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new EdqaFormatException(
                $"{rankPath}: ranked for the checkpoint with SHA-256 {CheckpointSha256[..12]}..., not {checkpoint} "
                + $"({checkpointSha256[..12]}...); rank again with `edqa rank --model {checkpoint}`");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The layer called <paramref name="name"/>, or the only layer when no name is given.</summary>
    public LayerRanking Layer(string? name)
    {
        if (name is null)
        {
            return Layers.Length == 1
                ? Layers[0]
                : throw new ArgumentException(
                    $"the rank file has {Layers.Length} layers ({string.Join(", ", Layers.Select(l => l.Name))}); name "
                    + $"one with --layer");
        }

        return Layers.FirstOrDefault(l => l.Name == name)
            ?? throw new ArgumentException(
                $"the rank file has no layer '{name}' (it has {string.Join(", ", Layers.Select(l => l.Name))})");
    }

    private static void Validate(LayerRanking layer, int index)
    {
        if (string.IsNullOrEmpty(layer.Name))
        {
            throw new EdqaFormatException($"rank file: layer {index} has no name");
        }

        if (layer.Scores is not null && layer.Scores.Any(score => score is null))
        {
            throw new EdqaFormatException($"rank file: layer '{layer.Name}' has a null score");
        }

        if (layer.Order is null || layer.Order.Length != layer.Channels || layer.Channels < 0)
        {
            throw new EdqaFormatException(
                $"rank file: layer '{layer.Name}' orders {layer.Order?.Length ?? 0} channels but has {layer.Channels}");
        }

        var seen = new bool[layer.Channels];
        foreach (int channel in layer.Order)
        {
            if (channel < 0 || channel >= layer.Channels || seen[channel])
            {
                throw new EdqaFormatException(
                    $"rank file: layer '{layer.Name}': order is not a permutation of 0..{layer.Channels - 1} "
                    + $"(channel {channel})");
            }

            seen[channel] = true;
        }
    }
}
