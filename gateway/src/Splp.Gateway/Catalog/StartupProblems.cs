using Microsoft.Extensions.Options;

namespace Splp.Gateway.Catalog;

/// <summary>Turns the exceptions a bad configuration raises at start into one line per problem (file or key, and why).</summary>
internal static class StartupProblems
{
    /// <summary>The problems <paramref name="exception"/> reports, or null when it is not a configuration problem.</summary>
    public static IReadOnlyList<string>? From(Exception exception)
    {
        var problems = new List<string>();
        Collect(exception, problems);
        return problems.Count > 0 ? problems : null;
    }

    /// <summary>Writes the problems, one a line, under a heading.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(problems);
        writer.WriteLine($"The configuration is invalid ({problems.Count} problem(s)); the gateway will not start:");
        foreach (var problem in problems)
        {
            writer.WriteLine("  " + problem);
        }

        writer.Flush();
    }

    private static void Collect(Exception exception, List<string> problems)
    {
        switch (exception)
        {
            case ConfigurationProblemsException configuration:
                problems.AddRange(configuration.Problems);
                break;
            case OptionsValidationException options:
                var section = options.OptionsType.Name;
                problems.AddRange(options.Failures.Select(f => $"{section}: {f}"));
                break;
            case InvalidDataException when exception.InnerException is System.Text.Json.JsonException or FormatException:
                // An appsettings file the host itself loaded before the gateway guarded it.
                problems.Add(GuardedJsonConfigurationProvider.Describe(exception));
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, problems);
                }

                break;
            case { InnerException: { } inner }:
                Collect(inner, problems);
                break;
        }
    }
}
