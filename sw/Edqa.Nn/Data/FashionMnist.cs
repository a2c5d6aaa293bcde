using static TorchSharp.torch;

namespace Edqa.Nn.Data;

/// <summary>
/// The real Fashion-MNIST (Debian package dataset-fashion-mnist: 60,000 training and 10,000 test images of 28 x 28),
/// read from the installed IDX .gz files. Images become float32 [N, 1, 28, 28] in [0, 1]; labels int64. Nothing is
/// ever downloaded.
/// </summary>
public sealed class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    public const string DebianPackage = "dataset-fashion-mnist";
    public const int Classes = 10;

    private FashionMnist(float[] images, long[] labels, int count)
    {
        Images = images;
        Labels = labels;
        Count = count;
    }

    /// <summary>Pixels of every image, C order [N, 1, 28, 28], scaled to [0, 1].</summary>
    public float[] Images { get; }

    public long[] Labels { get; }

    public int Count { get; }

    public static FashionMnist Load(bool train, string? directory = null)
    {
        directory ??= Environment.GetEnvironmentVariable("EDQA_FASHION_MNIST") ?? DefaultDirectory;
        string prefix = train ? "train" : "t10k";
        string images = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labels = Find(directory, $"{prefix}-labels-idx1-ubyte");
        (int[] imageShape, byte[] pixels) = IdxFile.Read(images);
        (int[] labelShape, byte[] classes) = IdxFile.Read(labels);
        if (imageShape.Length != 3 || imageShape[1] != 28 || imageShape[2] != 28 || labelShape.Length != 1
            || labelShape[0] != imageShape[0])
        {
            throw new Core.EdqaFormatException(
                $"{directory}: images ({string.Join(" x ", imageShape)}) and labels ({string.Join(" x ", labelShape)}) "
                + $"are not N x 28 x 28 and N");
        }

        var scaled = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            scaled[i] = pixels[i] / 255f;
        }

        return new FashionMnist(scaled, classes.Select(c => (long)c).ToArray(), imageShape[0]);
    }

    /// <summary>Images [start, start + count) as a [count, 1, 28, 28] tensor, and their labels.</summary>
    public (Tensor Images, Tensor Labels) Batch(int start, int count) =>
        (tensor(Images.AsSpan(start * 784, count * 784).ToArray(), [count, 1, 28, 28]),
            tensor(Labels.AsSpan(start, count).ToArray()));

    /// <summary>The images at the given indices (a shuffled or sampled batch).</summary>
    public (Tensor Images, Tensor Labels) Gather(ReadOnlySpan<int> indices)
    {
        var pixels = new float[indices.Length * 784];
        var labels = new long[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Images.AsSpan(indices[i] * 784, 784).CopyTo(pixels.AsSpan(i * 784));
            labels[i] = Labels[indices[i]];
        }

        return (tensor(pixels, [indices.Length, 1, 28, 28]), tensor(labels));
    }

    /// <summary>A subset (e.g. a random calibration set) as its own data set.</summary>
    public FashionMnist Subset(IReadOnlyList<int> indices)
    {
        var pixels = new float[indices.Count * 784];
        var labels = new long[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Images.AsSpan(indices[i] * 784, 784).CopyTo(pixels.AsSpan(i * 784));
            labels[i] = Labels[indices[i]];
        }

        return new FashionMnist(pixels, labels, indices.Count);
    }

    /// <summary>A random subset of <paramref name="count"/> images drawn without replacement with a seed.</summary>
    public FashionMnist Sample(int count, int seed)
    {
        if (count > Count)
        {
            throw new ArgumentException($"a calibration set of {count} images from {Count}");
        }

        int[] order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return Subset(order[..count]);
    }

    private static string Find(string directory, string stem)
    {
        foreach (string candidate in new[] { stem + ".gz", stem })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(
            $"Fashion-MNIST is missing ({Path.Combine(directory, stem)}.gz): install the Debian package "
            + $"{DebianPackage} (make deps)");
    }
}
