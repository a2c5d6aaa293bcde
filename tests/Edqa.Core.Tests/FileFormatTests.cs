using System.Text;
using Edqa.Core.Io;
using Edqa.Core.Layer;
using Edqa.Core.Ranking;

namespace Edqa.Core.Tests;

/// <summary>The .npy and rank-file readers: round trips and clear refusals.</summary>
public class FileFormatTests
{
    [Fact]
    public void Npy_round_trips_and_matches_numpy_header_layout()
    {
        var array = new NpyArray([2, 3], [1f, -2f, 3.5f, 0f, float.Epsilon, -0f]);
        byte[] bytes = NpyFile.ToBytes(array);
        Assert.Equal(0, (10 + BitConverter.ToUInt16(bytes, 8)) % 64);
        Assert.Contains("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            Encoding.Latin1.GetString(bytes));
        NpyArray read = NpyFile.Parse(bytes);
        Assert.Equal(array.Shape, read.Shape);
        BitAssert.Identical(array.Data, read.Data);
    }

    [Theory]
    [InlineData("<f8", "float64")]
    [InlineData(">f4", "big-endian")]
    [InlineData("<i4", "'<i4'")]
    public void Npy_refuses_other_dtypes_by_name(string descr, string expected)
    {
        byte[] bytes = NpyFile.ToBytes(new NpyArray([2], [1f, 2f]));
        string text = Encoding.Latin1.GetString(bytes).Replace("<f4", descr, StringComparison.Ordinal);
        byte[] patched = Encoding.Latin1.GetBytes(text);
        Assert.Contains(expected, Assert.Throws<EdqaFormatException>(() => NpyFile.Parse(patched)).Message);
    }

    [Fact]
    public void Npy_refuses_fortran_order_truncation_and_garbage()
    {
        byte[] bytes = NpyFile.ToBytes(new NpyArray([2, 2], [1f, 2f, 3f, 4f]));
        byte[] fortran = Encoding.Latin1.GetBytes(
            Encoding.Latin1.GetString(bytes).Replace("False", "True ", StringComparison.Ordinal));
        Assert.Contains("Fortran", Assert.Throws<EdqaFormatException>(() => NpyFile.Parse(fortran)).Message);
        Assert.Contains("truncated",
            Assert.Throws<EdqaFormatException>(() => NpyFile.Parse(bytes.AsSpan(0, bytes.Length - 1))).Message);
        Assert.Contains("magic", Assert.Throws<EdqaFormatException>(() => NpyFile.Parse("hello world"u8)).Message);
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<EdqaFormatException>(() => NpyFile.Parse(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Rank_file_round_trips_and_selects_the_top_k()
    {
        var rank = new RankFile(RankFile.FormatTag, "cnn", new string('a', 64), 3, 5000, 1,
            [new LayerRanking("relu1", 5, [3, 1, 4, 0, 2], [new ChannelScore(3, 0.9, 0.3)])]);
        RankFile read = RankFile.Parse(rank.ToJson());
        Assert.Equal(rank.Layers[0].Order, read.Layer(null).Order);
        Assert.Equal(rank.CheckpointSha256, read.CheckpointSha256);
        var malformed = Assert.Throws<Core.EdqaFormatException>(
            () => RankFile.Parse((rank with { CheckpointSha256 = "abc" }).ToJson()));
        Assert.Contains("not 64 hex digits", malformed.Message);

        // k = floor(0.4 * 5 + 0.5) = 2: channels 3 and 1.
        Assert.Equal(new[] { false, true, false, true, false },
            ImportantChannels.FromRanking(read.Layer("relu1").Order, 5, 0.4));
        Assert.Equal(3, ImportantChannels.CountFor(0.5, 5)); // 2.5 + 0.5 = 3
        Assert.Throws<ArgumentOutOfRangeException>(() => ImportantChannels.CountFor(1.5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImportantChannels.CountFor(double.NaN, 5));
    }

    [Fact]
    public void Rank_file_refuses_a_non_permutation()
    {
        string json =
            new RankFile(RankFile.FormatTag, "cnn", null, 3, 10, 1, [new LayerRanking("a", 3, [0, 0, 2])]).ToJson();
        Assert.Contains("permutation", Assert.Throws<EdqaFormatException>(() => RankFile.Parse(json)).Message);
        Assert.Contains("JSON", Assert.Throws<EdqaFormatException>(() => RankFile.Parse("{nope")).Message);
    }
}
