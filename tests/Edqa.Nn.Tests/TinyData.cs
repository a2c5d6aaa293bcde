using Edqa.Nn.Data;

namespace Edqa.Nn.Tests;

/// <summary>A tiny Fashion-MNIST look-alike the tests write themselves (never the real data set), as .gz IDX
/// files.</summary>
public sealed class TinyData : IDisposable
{
    public TinyData(int train = 96, int test = 64, int seed = 1)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tiny-fashion-").FullName;
        var random = new Random(seed);
        Write("train", train, random);
        Write("t10k", test, random);
    }

    public string Directory { get; }

    public FashionMnist Train => FashionMnist.Load(train: true, Directory);

    public FashionMnist Test => FashionMnist.Load(train: false, Directory);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private void Write(string prefix, int count, Random random)
    {
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)random.Next(10);
            for (int p = 0; p < 784; p++)
            {
                // A class-dependent blob, so a network can learn something from it.
                int row = p / 28, column = p % 28;
                bool inside = Math.Abs(row - (4 + (2 * labels[i]))) < 4 && column > 4 && column < 24;
                pixels[(i * 784) + p] = (byte)(inside ? 200 + random.Next(55) : random.Next(30));
            }
        }

        IdxFile.Write(Path.Combine(Directory, $"{prefix}-images-idx3-ubyte.gz"), [count, 28, 28], pixels);
        IdxFile.Write(Path.Combine(Directory, $"{prefix}-labels-idx1-ubyte.gz"), [count], labels);
    }
}
