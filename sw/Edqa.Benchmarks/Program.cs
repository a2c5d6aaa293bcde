using BenchmarkDotNet.Running;

// make bench runs every benchmark; pass BenchmarkDotNet options through, e.g.
//   dotnet run -c Release --project sw/Edqa.Benchmarks -- --filter '*Huffman*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Edqa.Benchmarks.QuantizeBenchmarks).Assembly).Run(args);
