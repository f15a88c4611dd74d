using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Splp.Contracts.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Splp.Contracts.Benchmarks.ValidationBenchmarks).Assembly).Run(args);
