using System.Text.Json.Serialization;
using Splp.Contracts.Problems;
using Splp.Gateway.Consumers;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Auth;

/// <summary>
/// <c>POST /admin/consumers/{consumer}/keys/{keyId}/revoke</c>: revokes an API key at once, on every replica when
/// Redis is configured. Mapped inside the admin group (admin scope or role required).
/// </summary>
internal static partial class ApiKeyAdminEndpoints
{
    public static RouteGroupBuilder MapSplpApiKeyAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/consumers/{consumer}/keys/{keyId}/revoke", RevokeAsync);
        return admin;
    }

    private static async Task RevokeAsync(HttpContext context, string consumer, string keyId, ConsumerRegistry registry, IApiKeyRevocations revocations, ILoggerFactory loggers)
    {
        if (!registry.ApiKeys.Any(k => k.Consumer == consumer && k.KeyId == keyId))
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound, ProblemTypes.ResourceNotFound, "API key not found",
                $"Consumer '{consumer}' holds no API key '{keyId}' in force.");
            return;
        }

        await revocations.RevokeAsync(consumer, keyId, context.RequestAborted);
        Log.Revoked(loggers.CreateLogger("Splp.Gateway.Auth"), consumer, keyId, ConsumerIdentity.Id(context.User) ?? context.User.FindFirst("sub")?.Value ?? "?");
        await context.Response.WriteAsJsonAsync(new RevokeResponse(consumer, keyId, true), ApiKeyAdminJsonContext.Default.RevokeResponse, contentType: null, context.RequestAborted);
    }

    internal sealed record RevokeResponse(
        [property: JsonPropertyName("consumer")] string Consumer,
        [property: JsonPropertyName("keyId")] string KeyId,
        [property: JsonPropertyName("revoked")] bool Revoked);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5421, Level = LogLevel.Warning, Message = "API key '{KeyId}' of consumer '{Consumer}' revoked by {Admin}")]
        public static partial void Revoked(ILogger logger, string consumer, string keyId, string admin);
    }
}

[JsonSerializable(typeof(ApiKeyAdminEndpoints.RevokeResponse))]
internal sealed partial class ApiKeyAdminJsonContext : JsonSerializerContext;
