using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Routing.Template;

namespace Splp.Gateway.Caching;

/// <summary>Matches a request path (after the service prefix) against a cache rule's route template.</summary>
internal sealed class CacheRuleMatcher
{
    private readonly TemplateMatcher _matcher;

    private CacheRuleMatcher(TemplateMatcher matcher) => _matcher = matcher;

    public static bool TryParse(string template, [NotNullWhen(true)] out CacheRuleMatcher? matcher)
    {
        matcher = null;
        try
        {
            matcher = new CacheRuleMatcher(new TemplateMatcher(TemplateParser.Parse(template), []));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public bool IsMatch(PathString path) => _matcher.TryMatch(path, []);
}
