using System.Diagnostics;

namespace Splp.SampleAgencies.Tests;

public sealed class ProgramTests
{
    [Theory]
    [InlineData]
    [InlineData("--agency")]
    [InlineData("--agency", "kominfo")]
    [InlineData("--agency", "4")]
    [InlineData("--agency", "all", "--base-port", "0")]
    [InlineData("--agency", "all", "--base-port", "65535")]
    [InlineData("--agency", "lapor", "--base-port", "x")]
    [InlineData("--agency", "lapor", "--urls", "https://127.0.0.1:5101")]
    [InlineData("--agency", "lapor", "--verbose", "1")]
    [InlineData("--urls", "http://127.0.0.1:5101")]
    public async Task Main_BadArguments_Returns2(params string[] args)
    {
        var originalError = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await Program.Main(args));
        }
        finally
        {
            Console.SetError(originalError);
        }

        Assert.Contains("Usage:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_SingleAgencyThenSigterm_PrintsAddressAndExitsCleanly()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Splp.SampleAgencies.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--agency", "lapor", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            Assert.Matches("^lapor listening on http://127\\.0\\.0\\.1:[1-9][0-9]*/$", line);

            using var client = new HttpClient { BaseAddress = new Uri(line["lapor listening on ".Length..]) };
            Assert.Equal("OK", await client.GetStringAsync(new Uri("health", UriKind.Relative)));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
