using System.Diagnostics;

namespace Splp.Testing;

/// <summary>Stops a process a fixture started, by its PID, and waits until it is gone.</summary>
internal static class ProcessStopping
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    /// <summary>Kills the process (and, optionally, its children) unless it already exited, then waits for it.</summary>
    public static async Task KillAndWaitAsync(this Process process, bool entireProcessTree = false)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree);
            }

            using var timeout = new CancellationTokenSource(ExitWait);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    /// <summary>The same, for synchronous disposal.</summary>
    public static void KillAndWait(this Process process, bool entireProcessTree = false)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree);
            }

            process.WaitForExit(ExitWait);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }
}
