using Edqa.Core;
using Edqa.Nn.Data;

namespace Edqa.Nn.Tests;

public sealed class DataTests
{
    [Fact]
    public void Idx_files_round_trip_compressed_and_plain()
    {
        string directory = Directory.CreateTempSubdirectory("idx-").FullName;
        try
        {
            byte[] data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)i).ToArray();
            foreach (string name in new[] { "a.idx", "a.idx.gz" })
            {
                string path = Path.Combine(directory, name);
                IdxFile.Write(path, [2, 3, 4], data);
                (int[] shape, byte[] read) = IdxFile.Read(path);
                Assert.Equal([2, 3, 4], shape);
                Assert.Equal(data, read);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Damaged_idx_files_are_format_errors()
    {
        Assert.Contains("magic", Assert.Throws<EdqaFormatException>(() => IdxFile.Parse([1, 2, 3, 4], "x")).Message);
        Assert.Contains("needs 6",
            Assert.Throws<EdqaFormatException>(() => IdxFile.Parse([0, 0, 8, 1, 0, 0, 0, 6, 1, 2], "x")).Message);
    }

    [Fact]
    public void Tiny_data_loads_and_a_missing_data_set_names_the_debian_package()
    {
        using var tiny = new TinyData(train: 10, test: 5);
        FashionMnist train = tiny.Train;
        Assert.Equal(10, train.Count);
        Assert.All(train.Images, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(5, train.Sample(5, seed: 3).Count);
        Assert.Equal(train.Sample(5, seed: 3).Labels, train.Sample(5, seed: 3).Labels);

        var missing = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(train: true, "/nonexistent"));
        Assert.Contains("dataset-fashion-mnist", missing.Message);
    }
}
