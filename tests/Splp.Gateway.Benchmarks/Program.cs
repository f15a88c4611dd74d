using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Splp.Gateway.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Splp.Gateway.Benchmarks.ResilienceHandlerBenchmarks).Assembly).Run(args);
