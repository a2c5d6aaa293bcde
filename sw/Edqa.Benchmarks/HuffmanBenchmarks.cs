using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Edqa.Core.Bits;
using Edqa.Core.Huffman;
using ZstdSharp;

namespace Edqa.Benchmarks;

/// <summary>
/// Huffman coding of real-shaped shifting errors (16 important channels of 3136, N = 3, m = 3): the bit-serial golden
/// model (baseline) against the table coder, and Zstandard on the same error bytes (one byte per error, as a
/// general-purpose compressor would see them). Times are per symbol; "Compressed bytes" is the output size.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "BenchmarkDotNet calls the [GlobalCleanup] method")]
public class HuffmanBenchmarks
{
    private const int Channels = 16;
    private const int Symbols = Channels * BenchmarkData.ChannelLength;

    private static readonly Dictionary<string, long> CompressedBytes = [];

    private byte[] _errors = [];
    private byte[] _decoded = [];
    private CanonicalCode _code = null!;
    private uint[] _payload = [];
    private byte[] _zstd = [];
    private byte[] _zstdOutput = [];
    private Compressor _compressor = null!;
    private Decompressor _decompressor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _errors = BenchmarkData.ShiftingErrors(Channels, seed: 100);
        _decoded = new byte[Symbols];
        var histogram = new int[BenchmarkData.Format.AlphabetSize];
        foreach (byte e in _errors)
        {
            histogram[e]++;
        }

        _code = CanonicalCode.FromHistogram(histogram);
        _payload = new uint[(_code.PayloadBits(histogram) + 31) / 32];
        EncodeTable();
        _compressor = new Compressor(level: 3);
        _decompressor = new Decompressor();
        _zstd = _compressor.Wrap(_errors).ToArray();
        _zstdOutput = new byte[Compressor.GetCompressBound(Symbols)];

        long codebookBytes = (BenchmarkData.Format.AlphabetSize * 4 + 7) / 8;
        long huffmanBytes = (4L * _payload.Length) + codebookBytes;
        foreach (string name in new[] { nameof(EncodeScalar), nameof(EncodeTable), nameof(DecodeScalar),
            nameof(DecodeTable) })
        {
            CompressedBytes[name] = huffmanBytes;
        }

        CompressedBytes[nameof(ZstdCompress)] = _zstd.Length;
        CompressedBytes[nameof(ZstdDecompress)] = _zstd.Length;
    }

    [BenchmarkCategory("encode"), Benchmark(Baseline = true, OperationsPerInvoke = Symbols)]
    public int EncodeScalar() => Encode(ScalarHuffmanCoder.Instance);

    [BenchmarkCategory("encode"), Benchmark(OperationsPerInvoke = Symbols)]
    public int EncodeTable() => Encode(TableHuffmanCoder.Instance);

    [BenchmarkCategory("encode"), Benchmark(OperationsPerInvoke = Symbols)]
    public int ZstdCompress() => _compressor.Wrap(_errors, _zstdOutput);

    [BenchmarkCategory("decode"), Benchmark(Baseline = true, OperationsPerInvoke = Symbols)]
    public void DecodeScalar() => Decode(ScalarHuffmanCoder.Instance);

    [BenchmarkCategory("decode"), Benchmark(OperationsPerInvoke = Symbols)]
    public void DecodeTable() => Decode(TableHuffmanCoder.Instance);

    [BenchmarkCategory("decode"), Benchmark(OperationsPerInvoke = Symbols)]
    public int ZstdDecompress() => _decompressor.Unwrap(_zstd, _decoded);

    [GlobalCleanup]
    public void Cleanup()
    {
        _compressor?.Dispose();
        _decompressor?.Dispose();
    }

    private int Encode(IHuffmanCoder coder)
    {
        var writer = new WordBitWriter(_payload);
        coder.Encode(_errors, _code, ref writer);
        return writer.Flush();
    }

    private void Decode(IHuffmanCoder coder)
    {
        var reader = new WordBitReader(_payload);
        coder.Decode(ref reader, _code, _decoded);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new CompressedSizeColumn());
    }

    /// <summary>Shows each method's output size beside its time.</summary>
    private sealed class CompressedSizeColumn : IColumn
    {
        public string Id => nameof(CompressedSizeColumn);

        public string ColumnName => "Compressed bytes";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend =>
            $"Output size for {Symbols} shifting errors of {BenchmarkData.Format.ExtraBits} bits "
                + $"({Symbols * BenchmarkData.Format.ExtraBits / 8} bytes raw)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            // Benchmarks run in their own process, so recompute the sizes here.
            if (CompressedBytes.Count == 0)
            {
                new HuffmanBenchmarks().Setup();
            }

            return CompressedBytes.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out long bytes)
                ? bytes.ToString()
                : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
