using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// make bench runs every benchmark; pass BenchmarkDotNet options through, e.g.
//   dotnet run -c Release --project sw/Edqa.Benchmarks -- --filter '*Huffman*' --job short
// Exits non-zero when nothing ran or any benchmark failed, so CI's dry run can fail.
Summary[] summaries =
    BenchmarkSwitcher.FromAssembly(typeof(Edqa.Benchmarks.QuantizeBenchmarks).Assembly).Run(args).ToArray();
bool failed = summaries.Length == 0 || summaries.Any(s =>
    s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
