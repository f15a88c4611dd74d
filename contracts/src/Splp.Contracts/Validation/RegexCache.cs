using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Splp.Contracts.Validation;

/// <summary>
/// One compiled <see cref="Regex"/> per distinct contract pattern, shared by every schema that uses it.
/// </summary>
/// <remarks>
/// The input is untrusted, so patterns run on the non-backtracking engine (linear time) where they can;
/// a pattern that needs backtracking features falls back to the default engine with a match timeout.
/// </remarks>
internal static class RegexCache
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>Gets or compiles the regex for <paramref name="pattern"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static Regex Get(string pattern) => Patterns.GetOrAdd(pattern, static p =>
    {
        try
        {
            return new Regex(p, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        }
    });
}
