using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using Splp.Contracts.Problems;

namespace Splp.Adapters.Declarative;

/// <summary>
/// An adapter built from a <see cref="DeclarativeAdapterOptions"/>: every mapping compiled at build time, immutable,
/// one instance serving every request.
/// </summary>
internal sealed class DeclarativeAdapter : IServiceAdapter
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    internal static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private readonly CompiledOperation[] _operations;
    private readonly FrozenDictionary<string, CompiledOperation> _byId;
    private readonly int _maxSegments;

    public DeclarativeAdapter(string name, CompiledOperation[] operations, bool xml)
    {
        Name = name;
        Xml = xml;
        _operations = operations;
        _byId = operations.ToFrozenDictionary(o => o.OperationId, StringComparer.Ordinal);
        _maxSegments = operations.Max(o => o.Path.Segments.Length);
    }

    public string Name { get; }

    /// <summary>Whether the upstream speaks XML.</summary>
    public bool Xml { get; }

    public RequestMapping MapRequest(ContractRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new string?[_maxSegments];
        foreach (var operation in _operations)
        {
            if (string.Equals(operation.Method, request.Method, StringComparison.OrdinalIgnoreCase)
                && operation.Path.TryMatch(request.Path, values))
            {
                return operation.Map(request, values);
            }
        }

        return RequestMapping.Reject(AdapterProblem.OperationNotFound(request.Method, request.Path));
    }

    public async ValueTask<ResponseMapping> MapResponseAsync(UpstreamResponse response, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(output);
        if (!_byId.TryGetValue(response.OperationId, out var operation))
        {
            throw new ArgumentException($"Adapter '{Name}' has no operation '{response.OperationId}'.", nameof(response));
        }

        using var body = await PooledBody.ReadAsync(response.Body, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var success = response.StatusCode is >= 200 and < 300;
        if (!success)
        {
            return ResponseMapping.Failed(MapError(operation, response.StatusCode, response.ContentType, body));
        }

        if (!IsExpectedContentType(response.ContentType))
        {
            return Invalid($"The agency application answered '{Describe(response.ContentType)}' instead of {(Xml ? "XML" : "JSON")}.");
        }

        if (body.Length == 0)
        {
            return Invalid("The agency application answered with an empty body.");
        }

        JsonDocument document;
        try
        {
            document = Parse(body);
        }
        catch (JsonException e)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture,
                $"The agency application's JSON is malformed or truncated (line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0})."));
        }
        catch (XmlException e)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture,
                $"The agency application's XML is malformed or truncated (line {e.LineNumber}, position {e.LinePosition})."));
        }

        string? location = null;
        using (document)
        {
            var plan = operation.Response;
            var root = document.RootElement;
            if (plan.SuccessWhen is not null && !plan.SuccessWhen.Matches(root))
            {
                return ResponseMapping.Failed(MapError(operation, response.StatusCode, root));
            }

            var data = root;
            if (plan.EnvelopeData is not null && !plan.EnvelopeData.TryResolveValue(root, out data))
            {
                return Invalid($"The agency application's response lacks its payload '{plan.EnvelopeData.Display}'.");
            }

            try
            {
                await using var writer = new Utf8JsonWriter(output, WriterOptions);
                Write(plan, data, writer, cancellationToken);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MappingException e)
            {
                return Invalid(Describe(e, plan.EnvelopeData));
            }

            if (plan.Location is not null)
            {
                location = plan.BuildLocation(data);
            }
        }

        return location is null ? ResponseMapping.Mapped(operation.Response.Status) : ResponseMapping.Mapped(operation.Response.Status, location);
    }

    private void Write(ResponsePlan plan, JsonElement data, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (plan.Kind == ResponseKind.Object)
        {
            try
            {
                plan.Fields.WriteObject(data, writer);
            }
            catch (MappingException e) when (e.Target is null)
            {
                throw new MappingException("is not an object", "(response)", plan.EnvelopeData?.Display ?? "(body)");
            }

            return;
        }

        if (!plan.Items.TryResolveValue(data, out var items))
        {
            throw new MappingException("is missing", "data", plan.Items.Display.Length == 0 ? "(body)" : plan.Items.Display);
        }

        cancellationToken.ThrowIfCancellationRequested();
        long page = 1, pageSize = 0, total = 0, pages = 0;
        if (plan.Kind == ResponseKind.Page)
        {
            if (plan.Page is null)
            {
                total = items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 1;
                pageSize = total;
                pages = total == 0 ? 0 : 1;
            }
            else
            {
                page = Integer(data, plan.Page, "paging.page");
                pageSize = Integer(data, plan.PageSize!, "paging.pageSize");
                total = Integer(data, plan.TotalItems!, "paging.totalItems");
                pages = plan.TotalPages is null
                    ? (pageSize <= 0 ? 0 : (total + pageSize - 1) / pageSize)
                    : Integer(data, plan.TotalPages, "paging.totalPages");
            }
        }

        writer.WriteStartObject();
        writer.WritePropertyName("data"u8);
        plan.Fields.WriteItems(items, writer, Xml, "data", plan.Items.Display.Length == 0 ? "(body)" : plan.Items.Display);
        if (plan.Kind == ResponseKind.Page)
        {
            writer.WriteStartObject("paging"u8);
            writer.WriteNumber("page"u8, page);
            writer.WriteNumber("pageSize"u8, pageSize);
            writer.WriteNumber("totalItems"u8, total);
            writer.WriteNumber("totalPages"u8, pages);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static long Integer(JsonElement data, SourcePath path, string target)
    {
        if (!path.TryResolveValue(data, out var value))
        {
            throw new MappingException("is missing", target, path.Display);
        }

        return JsonValues.TryGetInt64(value, out var n) && n >= 0 ? n : throw new MappingException("is not a non-negative integer", target, path.Display);
    }

    private JsonDocument Parse(PooledBody body) =>
        Xml ? XmlToJson.Parse(body.Memory) : JsonDocument.Parse(body.Memory, DocumentOptions);

    private bool IsExpectedContentType(string? contentType) =>
        contentType is not null && contentType.Contains(Xml ? "xml" : "json", StringComparison.OrdinalIgnoreCase);

    private AdapterProblem MapError(CompiledOperation operation, int status, string? contentType, PooledBody body)
    {
        JsonDocument? document = null;
        try
        {
            foreach (var rule in operation.Errors)
            {
                if (!rule.MatchesStatus(status))
                {
                    continue;
                }

                if (rule.NeedsBody && document is null && body.Length > 0 && IsExpectedContentType(contentType))
                {
                    try
                    {
                        document = Parse(body);
                    }
                    catch (Exception e) when (e is JsonException or XmlException)
                    {
                        // An unreadable error body still matches the rules that need none.
                    }
                }

                if (rule.When is not null && (document is null || !rule.When.Matches(document.RootElement)))
                {
                    continue;
                }

                return rule.Build(document?.RootElement);
            }
        }
        finally
        {
            document?.Dispose();
        }

        return Fallback(status);
    }

    private static AdapterProblem MapError(CompiledOperation operation, int status, JsonElement root)
    {
        foreach (var rule in operation.Errors)
        {
            if (rule.MatchesStatus(status) && (rule.When is null || rule.When.Matches(root)))
            {
                return rule.Build(root);
            }
        }

        return Fallback(status);
    }

    private static AdapterProblem Fallback(int status) => status is >= 200 and < 300
        ? AdapterProblem.UpstreamError("The agency application reported a failure.")
        : AdapterProblem.UpstreamError(string.Create(CultureInfo.InvariantCulture, $"The agency application answered HTTP {status}."));

    private static ResponseMapping Invalid(string detail) => ResponseMapping.Failed(AdapterProblem.InvalidUpstreamResponse(detail));

    private static string Describe(string? contentType) =>
        contentType is null ? "no content type" : contentType.Length > 100 ? contentType[..100] : contentType;

    private static string Describe(MappingException e, SourcePath? envelope)
    {
        var source = e.SourcePathText is null ? null : envelope is null || envelope.Display.Length == 0 ? e.SourcePathText : envelope.Display + "." + e.SourcePathText;
        return e.Target is null
            ? $"The agency application's response {e.Reason}."
            : $"The agency application's response cannot be mapped: field '{e.Target}' (upstream '{source}') {e.Reason}.";
    }

    /// <summary>A request body problem, naming the contract pointer.</summary>
    internal static AdapterProblem RequestProblem(MappingException e)
    {
        var pointer = e.SourcePathText is null ? "" : "/" + e.SourcePathText.Replace("].", "/", StringComparison.Ordinal).Replace('[', '/').Replace(']', '/').Replace('.', '/').TrimEnd('/');
        return AdapterProblem.InvalidRequest($"The request body cannot be mapped: '{pointer}' {e.Reason}.") with
        {
            Errors = [new AdapterProblemError(pointer, e.Reason)],
        };
    }

    /// <summary>413 for a request body over the adapter's limit.</summary>
    internal static AdapterProblem TooLarge(int limit) =>
        new(413, ProblemTypes.PayloadTooLarge, "Payload too large", string.Create(CultureInfo.InvariantCulture, $"The request body exceeds {limit} bytes."));
}

/// <summary>Rewrites a contract JSON body into the upstream's JSON with a compiled field map.</summary>
internal sealed class DeclarativeBodyMapper(ObjectPlan fields, string contentType, int maxBytes) : IRequestBodyMapper
{
    public string UpstreamContentType => contentType;

    public async ValueTask<AdapterProblem?> MapAsync(Stream contractBody, IBufferWriter<byte> upstreamBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contractBody);
        ArgumentNullException.ThrowIfNull(upstreamBody);
        PooledBody body;
        try
        {
            body = await PooledBody.ReadAsync(contractBody, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BodyTooLargeException e)
        {
            return DeclarativeAdapter.TooLarge(e.Limit);
        }

        using (body)
        {
            if (body.Length == 0)
            {
                return AdapterProblem.InvalidRequest("The request body is empty; the operation requires a JSON object.");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.Memory, DeclarativeAdapter.DocumentOptions);
            }
            catch (JsonException e)
            {
                return AdapterProblem.InvalidRequest(string.Create(CultureInfo.InvariantCulture,
                    $"The request body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0})."));
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return AdapterProblem.InvalidRequest("The request body must be a JSON object.");
                }

                try
                {
                    await using var writer = new Utf8JsonWriter(upstreamBody, DeclarativeAdapter.WriterOptions);
                    fields.WriteObject(document.RootElement, writer);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (MappingException e)
                {
                    return DeclarativeAdapter.RequestProblem(e);
                }
            }
        }

        return null;
    }
}
