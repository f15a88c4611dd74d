using System.Security.Claims;
using System.Text;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Caching;

/// <summary>
/// Cache keys: <c>{service}|{operation}|{path}?{sorted query}|{variance}</c>. The service comes first so a purge by
/// service is a purge by key prefix; the variance is <c>*</c>, the caller's scopes of the service, or <c>c:</c> and its
/// client id, per the rule's <see cref="CacheVary"/>.
/// </summary>
internal static class CacheKey
{
    public static string Build(CompiledCacheRule rule, HttpRequest request, ClaimsPrincipal user)
    {
        var builder = new StringBuilder(128);
        builder.Append(rule.Service).Append('|').Append(rule.Operation).Append('|');
        AppendPath(builder, request.Path);
        AppendQuery(builder, request.Query);
        builder.Append('|');
        switch (rule.Vary)
        {
            case CacheVary.Consumer:
                builder.Append("c:").Append(Consumers.ConsumerIdentity.Id(user) ?? "-");
                break;
            case CacheVary.Scopes:
                builder.Append("s:");
                var first = true;
                foreach (var scope in rule.ServiceScopes.Order(StringComparer.Ordinal))
                {
                    if (Auth.ServiceAccessHandler.HasAnyScope(user, [scope]))
                    {
                        builder.Append(first ? "" : " ").Append(scope);
                        first = false;
                    }
                }

                break;
            default:
                builder.Append('*');
                break;
        }

        return builder.ToString();
    }

    /// <summary>The prefix of every key of <paramref name="service"/>.</summary>
    public static string ServicePrefix(string service) => service + "|";

    private static void AppendPath(StringBuilder builder, PathString path)
    {
        // Trailing slashes and doubled slashes do not make a different resource.
        var value = path.Value ?? "/";
        var previousSlash = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '/' && (previousSlash || i == value.Length - 1) && i > 0)
            {
                continue;
            }

            previousSlash = c == '/';
            builder.Append(c);
        }
    }

    private static void AppendQuery(StringBuilder builder, IQueryCollection query)
    {
        if (query.Count == 0)
        {
            return;
        }

        builder.Append('?');
        var first = true;
        foreach (var pair in query.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            foreach (var value in pair.Value.Order(StringComparer.Ordinal))
            {
                builder.Append(first ? "" : "&").Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                first = false;
            }
        }
    }
}
