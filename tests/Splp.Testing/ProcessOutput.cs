using System.Diagnostics;
using System.Text;

namespace Splp.Testing;

/// <summary>Collects a child process's stdout and stderr (bounded) for assertions and failure messages.</summary>
public sealed class ProcessOutput
{
    private const int MaxChars = 1_000_000;
    private readonly StringBuilder _text = new();

    /// <summary>Starts reading <paramref name="process"/>'s redirected output.</summary>
    public void Attach(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything read so far.</summary>
    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Whether the output contains <paramref name="value"/>.</summary>
    public bool Contains(string value) => Text.Contains(value, StringComparison.Ordinal);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            if (_text.Length < MaxChars)
            {
                _text.AppendLine(line);
            }
        }
    }
}
