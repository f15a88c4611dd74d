namespace Splp.Contracts.Problems;

/// <summary>
/// The catalogue of RFC 9457 problem <c>type</c> URIs the gateway and its adapters emit.
/// These are part of the public surface: consumers branch on them, so a value never changes
/// meaning once published. Each entry is documented in <c>docs/problems.md</c>.
/// </summary>
public static class ProblemTypes
{
    /// <summary>The common prefix of every SPLP problem type.</summary>
    public const string Prefix = "urn:splp:problem:";

    /// <summary>404: no published service answers at this path (unknown service or major version).</summary>
    public const string ServiceNotFound = Prefix + "service-not-found";

    /// <summary>404: the service exists but its contract has no operation for this method and path.</summary>
    public const string OperationNotFound = Prefix + "operation-not-found";

    /// <summary>404: the operation exists but the record it names does not.</summary>
    public const string ResourceNotFound = Prefix + "resource-not-found";

    /// <summary>400: a parameter or body does not satisfy the contract (e.g. a malformed NIK).</summary>
    public const string InvalidRequest = Prefix + "invalid-request";

    /// <summary>400: the request path is malformed (control characters, encoded separators, traversal).</summary>
    public const string InvalidPath = Prefix + "invalid-path";

    /// <summary>401: no credentials, or credentials that could not be verified.</summary>
    public const string Unauthorized = Prefix + "unauthorized";

    /// <summary>403: the caller is known but may not call this service or operation.</summary>
    public const string Forbidden = Prefix + "forbidden";

    /// <summary>401: credentials were sent but could not be verified (bad signature, expired, untrusted issuer, revoked API key, malformed header).</summary>
    public const string InvalidToken = Prefix + "invalid-token";

    /// <summary>403: the credentials are valid but name a consumer the gateway's registry does not know.</summary>
    public const string UnknownConsumer = Prefix + "unknown-consumer";

    /// <summary>403: the consumer is not subscribed to this service.</summary>
    public const string NotSubscribed = Prefix + "not-subscribed";

    /// <summary>403: the consumer is subscribed to the service but not to this operation.</summary>
    public const string OperationNotAllowed = Prefix + "operation-not-allowed";

    /// <summary>403: the caller does not hold the scopes the operation requires (the detail and <c>WWW-Authenticate</c> name them).</summary>
    public const string InsufficientScope = Prefix + "insufficient-scope";

    /// <summary>403: a consumer bound to its token's subject asked about another person, or about no one in particular.</summary>
    public const string SubjectMismatch = Prefix + "subject-mismatch";

    /// <summary>413: the request body exceeds the configured limit.</summary>
    public const string PayloadTooLarge = Prefix + "payload-too-large";

    /// <summary>414: the request target exceeds the configured limit.</summary>
    public const string UriTooLong = Prefix + "uri-too-long";

    /// <summary>431: the request headers exceed the configured limit.</summary>
    public const string HeadersTooLarge = Prefix + "headers-too-large";

    /// <summary>502: the agency app refused the connection, reset it or could not be reached.</summary>
    public const string UpstreamUnavailable = Prefix + "upstream-unavailable";

    /// <summary>502: the agency app answered with something the adapter could not read.</summary>
    public const string UpstreamInvalidResponse = Prefix + "upstream-invalid-response";

    /// <summary>502: the agency application's response (after adaptation) violates the service's contract; the gateway withheld it.</summary>
    public const string UpstreamContractViolation = Prefix + "upstream-contract-violation";

    /// <summary>502: the agency app reported an internal failure.</summary>
    public const string UpstreamError = Prefix + "upstream-error";

    /// <summary>503: no healthy destination is currently available for the service.</summary>
    public const string ServiceUnavailable = Prefix + "service-unavailable";

    /// <summary>503: the service's circuit breaker is open after repeated failures of the agency app; see Retry-After.</summary>
    public const string CircuitOpen = Prefix + "circuit-open";

    /// <summary>408: the consumer sent its request body too slowly (below <c>Splp:Limits:MinRequestBodyBytesPerSecond</c>).</summary>
    public const string RequestTimeout = Prefix + "request-timeout";

    /// <summary>504: the agency app did not answer within the service's timeout.</summary>
    public const string UpstreamTimeout = Prefix + "upstream-timeout";

    /// <summary>429: the consumer called faster than its plan's rate and burst allow for this service; see Retry-After.</summary>
    public const string RateLimited = Prefix + "rate-limited";

    /// <summary>429: the consumer used up its plan's daily quota for this service; it resets at local midnight.</summary>
    public const string QuotaExceeded = Prefix + "quota-exceeded";

    /// <summary>503: the shared rate-limit store is unreachable and the consumer's plan fails closed.</summary>
    public const string RateLimitUnavailable = Prefix + "rate-limit-unavailable";

    /// <summary>500: the gateway itself failed; the trace id identifies the exchange.</summary>
    public const string InternalError = Prefix + "internal-error";

    /// <summary>400: an admin query of the exchange log is malformed (NIK, service, time range, limit or cursor).</summary>
    public const string InvalidExchangeQuery = Prefix + "invalid-exchange-query";
}
