using BenchmarkDotNet.Running;
using Splp.ExchangeLog.Benchmarks;

// dotnet run -c Release --project tests/Splp.ExchangeLog.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/Splp.ExchangeLog.Benchmarks -- generate <directory> <records> <signing-key.pem>
if (args is ["generate", var directory, var count, var key])
{
    return LogGenerator.Generate(directory, long.Parse(count, System.Globalization.CultureInfo.InvariantCulture), key);
}

BenchmarkSwitcher.FromAssembly(typeof(RecordBenchmarks).Assembly).Run(args);
return 0;
