using Microsoft.Extensions.Primitives;
using NSwag;
using Splp.Contracts.Validation;

namespace Splp.Contracts.Loading;

/// <summary>
/// One operation of a contract (method + path template), with its gateway facts and its request and
/// response validators, compiled once when the contract is loaded.
/// </summary>
public sealed class ContractOperation
{
    private readonly ParameterNode[] _pathParameters;
    private readonly ParameterNode[] _queryParameters;
    private readonly RequestBodySpec? _requestBody;
    private readonly Dictionary<int, ResponseSpec> _responsesByStatus;
    private readonly ResponseSpec?[] _responsesByClass;
    private readonly ResponseSpec? _defaultResponse;

    internal ContractOperation(
        string operationId,
        string method,
        string pathTemplate,
        CachePolicy? cache,
        IReadOnlyList<string> personalDataPointers,
        IReadOnlyList<string> requiredScopes,
        IReadOnlyList<IReadOnlyList<string>> securityRequirements,
        IReadOnlyList<string> subjectPathParameters,
        IReadOnlyList<string> subjectQueryParameters,
        OpenApiOperation definition,
        ParameterNode[] pathParameters,
        ParameterNode[] queryParameters,
        RequestBodySpec? requestBody,
        IReadOnlyDictionary<string, ResponseSpec> responses)
    {
        OperationId = operationId;
        Method = method;
        PathTemplate = pathTemplate;
        Cache = cache;
        PersonalDataPointers = personalDataPointers;
        RequiredScopes = requiredScopes;
        SecurityRequirements = securityRequirements;
        SubjectPathParameters = subjectPathParameters;
        SubjectQueryParameters = subjectQueryParameters;
        Definition = definition;
        _pathParameters = pathParameters;
        _queryParameters = queryParameters;
        _requestBody = requestBody;
        _responsesByStatus = [];
        _responsesByClass = new ResponseSpec?[6];
        foreach (var (key, spec) in responses)
        {
            if (int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status))
            {
                _responsesByStatus[status] = spec;
            }
            else if (key.Length == 3 && key[0] is >= '1' and <= '5' && key.AsSpan(1).Equals("XX", StringComparison.OrdinalIgnoreCase))
            {
                _responsesByClass[key[0] - '0'] = spec;
            }
            else if (key == "default")
            {
                _defaultResponse = spec;
            }
        }
    }

    /// <summary>The operation id, e.g. <c>getPenduduk</c>: the key of policies, metrics and adapters.</summary>
    public string OperationId { get; }

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>The path template below the service root, e.g. <c>/penduduk/{nik}</c>.</summary>
    public string PathTemplate { get; }

    /// <summary>The cache policy from <c>x-splp-cache</c>; <see langword="null"/> when responses are never cached.</summary>
    public CachePolicy? Cache { get; }

    /// <summary>
    /// JSON pointers (with <c>*</c> for every array item) of the personal-data fields of this operation's
    /// success response: the document's <c>x-splp-personal-data</c> entries that exist in its schema.
    /// </summary>
    public IReadOnlyList<string> PersonalDataPointers { get; }

    /// <summary>The scopes the operation's security requirement lists (any one suffices per requirement).</summary>
    public IReadOnlyList<string> RequiredScopes { get; }

    /// <summary>
    /// The operation's security requirements (its own <c>security</c>, else the document's), as OpenAPI reads them:
    /// a caller must satisfy one of the requirements (OR), and within one requirement hold every scope it lists (AND).
    /// Each entry is the scopes of one requirement object (every scheme's scopes together); an entry with no scopes is
    /// satisfied by any caller. Empty when neither the operation nor the document declares security.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> SecurityRequirements { get; }

    /// <summary>
    /// Path parameters marked <c>x-splp-subject: true</c>: their value names the person the exchange is about (a NIK), so
    /// a consumer bound to its token's subject may only use its own value there.
    /// </summary>
    public IReadOnlyList<string> SubjectPathParameters { get; }

    /// <summary>Query parameters marked <c>x-splp-subject: true</c> (see <see cref="SubjectPathParameters"/>).</summary>
    public IReadOnlyList<string> SubjectQueryParameters { get; }

    /// <summary>Whether any parameter names the exchange's subject.</summary>
    public bool HasSubjectParameter => SubjectPathParameters.Count > 0 || SubjectQueryParameters.Count > 0;

    /// <summary>The operation as NSwag read it, for documentation.</summary>
    public OpenApiOperation Definition { get; }

    /// <summary>
    /// Validates a request: every path parameter, the query (declared parameters only, required ones
    /// present, each value against its schema) and the JSON body. Stops after
    /// <see cref="ContractViolation.MaxPerValidation"/> violations.
    /// </summary>
    /// <param name="pathParameters">The values captured by <see cref="ServiceContract.TryResolve"/>.</param>
    /// <param name="query">The query, e.g. an <c>IQueryCollection</c>; <see langword="null"/> for none.</param>
    /// <param name="jsonBody">The body, or <see langword="null"/> when the request has none.</param>
    /// <returns>The violations; empty when the request satisfies the contract.</returns>
    public IReadOnlyList<ContractViolation> ValidateRequest(
        IReadOnlyDictionary<string, string> pathParameters,
        IEnumerable<KeyValuePair<string, StringValues>>? query,
        ReadOnlyMemory<byte>? jsonBody)
    {
        ArgumentNullException.ThrowIfNull(pathParameters);
        var collector = ViolationCollector.Rent();
        ParameterValidator.ValidatePath(_pathParameters, pathParameters, collector);
        ParameterValidator.ValidateQuery(_queryParameters, query, collector);

        var hasBody = jsonBody is { } body && !IsBlank(body.Span);
        if (_requestBody is null)
        {
            if (hasBody)
            {
                collector.Add(string.Empty, "no request body is allowed");
            }
        }
        else if (!hasBody)
        {
            if (_requestBody.Required)
            {
                collector.Add(string.Empty, "a JSON body is required");
            }
        }
        else if (_requestBody.Schema is { } schema && !collector.IsFull)
        {
            JsonBodyValidator.Validate(jsonBody!.Value.Span, schema, collector);
        }

        return collector.Complete();
    }

    /// <summary>
    /// Validates a response: the status code must be documented (exactly, as <c>2XX</c>, or by
    /// <c>default</c>) and the body must satisfy that response's JSON schema. Stops after
    /// <see cref="ContractViolation.MaxPerValidation"/> violations.
    /// </summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="jsonBody">The body (problem+json for errors).</param>
    /// <returns>The violations; empty when the response satisfies the contract.</returns>
    public IReadOnlyList<ContractViolation> ValidateResponse(int statusCode, ReadOnlyMemory<byte> jsonBody)
    {
        var spec = FindResponse(statusCode);
        if (spec is null)
        {
            return [new ContractViolation(ContractViolation.StatusPointer, $"status code {statusCode} is not documented for {OperationId}")];
        }

        return spec.Schema is { } schema ? JsonBodyValidator.Validate(jsonBody.Span, schema) : [];
    }

    /// <summary>Whether the contract documents <paramref name="statusCode"/> for this operation.</summary>
    public bool DocumentsStatus(int statusCode) => FindResponse(statusCode) is not null;

    /// <summary>
    /// Whether the contract describes an answer with <paramref name="statusCode"/> and <paramref name="contentType"/>:
    /// the status is documented and the media type is one the response declares (parameters such as <c>charset</c>
    /// ignored; a declared range such as <c>text/*</c> or <c>*/*</c> covers its types). A response with no body
    /// (<paramref name="hasBody"/> false) and no content type is described by any documented status; 304 always is.
    /// </summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="contentType">The Content-Type header, or <see langword="null"/>.</param>
    /// <param name="hasBody">Whether the answer carries (or may carry) a body.</param>
    /// <returns>Why the answer is not described (<see cref="UndescribedAnswer.None"/> when it is).</returns>
    public UndescribedAnswer DescribesAnswer(int statusCode, string? contentType, bool hasBody)
    {
        if (statusCode == 304)
        {
            return UndescribedAnswer.None;
        }

        if (FindResponse(statusCode) is not { } spec)
        {
            return UndescribedAnswer.Status;
        }

        var media = contentType is null ? "" : contentType.Split(';', 2)[0].Trim();
        if (media.Length == 0)
        {
            return hasBody && spec.MediaTypes.Length > 0 ? UndescribedAnswer.MediaType : UndescribedAnswer.None;
        }

        foreach (var declared in spec.MediaTypes)
        {
            if (MediaTypeCovers(declared, media))
            {
                return UndescribedAnswer.None;
            }
        }

        return UndescribedAnswer.MediaType;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {PathTemplate} ({OperationId})";

    private ResponseSpec? FindResponse(int statusCode)
    {
        if (_responsesByStatus.TryGetValue(statusCode, out var spec))
        {
            return spec;
        }

        var statusClass = statusCode / 100;
        return statusClass is >= 1 and <= 5 && _responsesByClass[statusClass] is { } byClass ? byClass : _defaultResponse;
    }

    private static bool MediaTypeCovers(string declared, string media)
    {
        if (declared == "*/*")
        {
            return true;
        }

        return declared.EndsWith("/*", StringComparison.Ordinal)
            ? media.Length > declared.Length - 1 && media.StartsWith(declared.AsSpan(0, declared.Length - 1), StringComparison.OrdinalIgnoreCase)
            : media.Equals(declared, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.IndexOfAnyExcept(" \t\r\n"u8) < 0;
}

/// <summary>Why an upstream answer is not one the contract describes.</summary>
public enum UndescribedAnswer
{
    /// <summary>The contract describes it.</summary>
    None,

    /// <summary>The status code is not documented for the operation.</summary>
    Status,

    /// <summary>The status is documented, the media type is not.</summary>
    MediaType,
}

/// <summary>A compiled request body.</summary>
/// <param name="Required">Whether a body must be sent.</param>
/// <param name="Schema">The JSON schema, or <see langword="null"/> when the body is not JSON.</param>
internal sealed record RequestBodySpec(bool Required, SchemaNode? Schema);

/// <summary>A compiled response.</summary>
/// <param name="Schema">The JSON schema, or <see langword="null"/> when the response has no JSON body.</param>
/// <param name="MediaTypes">The media types the response declares, lower case without parameters (may hold ranges such as <c>text/*</c>); empty when it has no body.</param>
internal sealed record ResponseSpec(SchemaNode? Schema, string[] MediaTypes);
