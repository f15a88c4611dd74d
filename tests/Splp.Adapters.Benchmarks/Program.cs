using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Splp.Adapters.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Splp.Adapters.Benchmarks.AdapterBenchmarks).Assembly).Run(args);
