using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Splp.Gateway.Admin;

namespace Splp.Gateway.Ops;

/// <summary>
/// Who may read <c>/ops/api/*</c>: a caller whose address is in <see cref="OpsOptions.AllowedNetworks"/>, or a token
/// with ops rights (by default the <c>splp.ops</c> scope; per issuer <c>OpsScopes</c>/<c>OpsRoles</c>) or admin rights
/// (by default scope <c>splp.admin</c> or role <c>splp-admin</c>; per issuer <c>AdminScopes</c>/<c>AdminRoles</c>).
/// </summary>
internal sealed class OpsAccess
{
    /// <summary>The scope that reads the ops data without admin rights.</summary>
    public const string OpsScope = "splp.ops";

    private readonly IPNetwork[] _networks;

    public OpsAccess(IOptions<OpsOptions> options)
    {
        _networks = [.. (options.Value.AllowedNetworks ?? []).Select(n => IPNetwork.Parse(n))];
    }

    public bool IsAllowedNetwork(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasOpsRights(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && (AdminEndpoints.IsAdmin(user)
            || (user.Identity is Consumers.GatewayIdentity identity && identity.Rights.HasFlag(Consumers.GatewayRights.Ops)));

    public AuthorizationPolicy Policy() => new AuthorizationPolicyBuilder()
        .RequireAssertion(context =>
            (context.Resource is HttpContext http && IsAllowedNetwork(http.Connection.RemoteIpAddress)) || HasOpsRights(context.User))
        .Build();
}
