using System.Collections;
using System.Globalization;
using NJsonSchema;
using NSwag;
using Splp.Contracts.Routing;
using Splp.Contracts.Validation;

namespace Splp.Contracts.Loading;

/// <summary>
/// Reads one contract document with NSwag, checks it and compiles its operations. Collects every
/// problem instead of stopping at the first.
/// </summary>
internal sealed class ContractDocumentLoader
{
    internal const string CacheExtension = "x-splp-cache";
    internal const string PersonalDataExtension = "x-splp-personal-data";
    internal const string SubjectExtension = "x-splp-subject";
    private const string ExtensionPrefix = "x-splp-";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private readonly ContractId _id;
    private readonly OpenApiDocument _document;
    private readonly List<string> _problems = [];
    private readonly SchemaCompiler _compiler = new();

    private ContractDocumentLoader(ContractId id, OpenApiDocument document)
    {
        _id = id;
        _document = document;
    }

    /// <summary>Loads <paramref name="file"/>; the contract is <see langword="null"/> when the file cannot be read at all.</summary>
    public static async Task<(ServiceContract? Contract, IReadOnlyList<string> Problems)> LoadAsync(ContractId id, string file, CancellationToken cancellationToken)
    {
        OpenApiDocument document;
        try
        {
            document = await OpenApiYamlDocument.FromFileAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (null, [$"cannot be read as an OpenAPI document: {ex.Message}"]);
        }

        var loader = new ContractDocumentLoader(id, document);
        var contract = loader.Build(file);
        return (contract, loader._problems);
    }

    private ServiceContract Build(string file)
    {
        CheckDocument();
        var personalData = ReadPersonalData();
        var operations = new List<ContractOperation>();
        var routes = new List<(string, TemplateSegment[], ContractOperation)>();
        var operationIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var usedPointers = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (pathTemplate, pathItem) in _document.Paths)
        {
            if (!PathTemplate.TryParse(pathTemplate, out var segments, out var templateError))
            {
                _problems.Add($"paths.{pathTemplate}: the path template {templateError}");
                continue;
            }

            foreach (var method in Methods)
            {
                if (!pathItem.TryGetValue(method, out var operation))
                {
                    continue;
                }

                var location = $"paths.{pathTemplate}.{method}";
                var built = BuildOperation(location, method.ToUpperInvariant(), pathTemplate, segments, pathItem, operation, personalData, usedPointers, operationIds);
                if (built is not null)
                {
                    operations.Add(built);
                    routes.Add((built.Method, segments, built));
                }
            }
        }

        foreach (var pointer in personalData.Where(p => !usedPointers.Contains(p)))
        {
            _problems.Add($"{PersonalDataExtension}: '{pointer}' names no field of any success response");
        }

        _problems.AddRange(_compiler.Problems);

        OperationMatcher<ContractOperation> matcher;
        try
        {
            matcher = OperationMatcher<ContractOperation>.Build(routes);
        }
        catch (ArgumentException ex)
        {
            _problems.Add($"paths: {ex.Message}");
            matcher = OperationMatcher<ContractOperation>.Build([]);
        }

        return new ServiceContract(_id, file, _document, operations, matcher);
    }

    private void CheckDocument()
    {
        if (_document.OpenApi is not { } version || !version.StartsWith("3.0.", StringComparison.Ordinal))
        {
            _problems.Add($"openapi: must be 3.0.x (is '{_document.OpenApi}')");
        }

        if (string.IsNullOrWhiteSpace(_document.Info?.Title))
        {
            _problems.Add("info.title: is required");
        }

        if (string.IsNullOrWhiteSpace(_document.Info?.Version))
        {
            _problems.Add("info.version: is required");
        }

        var expectedServer = $"/{_id.Name}/{_id.VersionSegment}";
        if (!_document.Servers.Any(s => string.Equals(s.Url?.TrimEnd('/'), expectedServer, StringComparison.Ordinal)))
        {
            _problems.Add($"servers: must contain the relative url '{expectedServer}' (the folder says {_id})");
        }

        foreach (var key in UnknownExtensions(_document.ExtensionData, PersonalDataExtension))
        {
            _problems.Add($"{key}: unknown SPLP extension (known on the document: {PersonalDataExtension})");
        }
    }

    private List<string> ReadPersonalData()
    {
        var pointers = new List<string>();
        if (_document.ExtensionData is null || !_document.ExtensionData.TryGetValue(PersonalDataExtension, out var value))
        {
            return pointers;
        }

        if (value is string or null || value is not IEnumerable items)
        {
            _problems.Add($"{PersonalDataExtension}: must be a list of JSON pointers");
            return pointers;
        }

        foreach (var item in items)
        {
            if (item is not string pointer || !IsPointerPattern(pointer))
            {
                _problems.Add($"{PersonalDataExtension}: '{item}' is not a JSON pointer such as /nik or /anggota/*/nik");
            }
            else if (pointers.Contains(pointer, StringComparer.Ordinal))
            {
                _problems.Add($"{PersonalDataExtension}: '{pointer}' is listed twice");
            }
            else
            {
                pointers.Add(pointer);
            }
        }

        return pointers;
    }

    private ContractOperation? BuildOperation(
        string location,
        string method,
        string pathTemplate,
        TemplateSegment[] segments,
        OpenApiPathItem pathItem,
        OpenApiOperation operation,
        List<string> personalData,
        HashSet<string> usedPointers,
        Dictionary<string, string> operationIds)
    {
        var problemCount = _problems.Count;
        var operationId = operation.OperationId;
        if (string.IsNullOrWhiteSpace(operationId))
        {
            _problems.Add($"{location}: operationId is required");
            operationId = string.Empty;
        }
        else if (operationIds.TryGetValue(operationId, out var first))
        {
            _problems.Add($"{location}: operationId '{operationId}' is already used by {first}");
        }
        else
        {
            operationIds[operationId] = location;
        }

        var (pathParameters, queryParameters) = BuildParameters(location, segments, pathItem, operation);
        var (subjectPath, subjectQuery) = ReadSubjectParameters(location, pathItem, operation);
        var requestBody = BuildRequestBody(location, operation);
        var responses = BuildResponses(location, operation, out var successSchemas);
        var cache = ReadCache(location, method, operation);
        foreach (var key in UnknownExtensions(operation.ExtensionData, CacheExtension))
        {
            _problems.Add($"{location}.{key}: unknown SPLP extension (known on operations: {CacheExtension})");
        }

        var pointers = personalData.Where(p => successSchemas.Any(s => PointerExists(s, p))).ToArray();
        usedPointers.UnionWith(pointers);

        var security = operation.Security ?? _document.Security ?? [];
        var scopes = security
            .SelectMany(requirement => requirement.Values)
            .SelectMany(values => values)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var requirements = security
            .Select(requirement => (IReadOnlyList<string>)requirement.Values.SelectMany(values => values).Distinct(StringComparer.Ordinal).ToArray())
            .ToArray();

        return _problems.Count > problemCount
            ? null
            : new ContractOperation(operationId, method, pathTemplate, cache, pointers, scopes, requirements, subjectPath, subjectQuery, operation, pathParameters, queryParameters, requestBody, responses);
    }

    private (string[] Path, string[] Query) ReadSubjectParameters(string location, OpenApiPathItem pathItem, OpenApiOperation operation)
    {
        var declared = new Dictionary<(string, OpenApiParameterKind), OpenApiParameter>();
        foreach (var parameter in pathItem.Parameters.Concat(operation.Parameters).Select(p => p.ActualParameter))
        {
            declared[(parameter.Name, parameter.Kind)] = parameter;
        }

        var path = new List<string>();
        var query = new List<string>();
        foreach (var ((name, kind), parameter) in declared)
        {
            if (parameter.ExtensionData is null || !parameter.ExtensionData.TryGetValue(SubjectExtension, out var value))
            {
                continue;
            }

            // YAML read through JSON may give a bool, a string or a JSON token; all print as true/false.
            var marked = value is bool flag ? flag
                : bool.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), out var parsed) ? parsed
                : (bool?)null;
            if (marked is null)
            {
                _problems.Add($"{location}.parameters[{name}].{SubjectExtension}: must be true or false");
            }
            else if (marked.Value && kind is not (OpenApiParameterKind.Path or OpenApiParameterKind.Query))
            {
                _problems.Add($"{location}.parameters[{name}].{SubjectExtension}: only a path or query parameter can name the subject");
            }
            else if (marked.Value)
            {
                (kind == OpenApiParameterKind.Path ? path : query).Add(name);
            }
        }

        return ([.. path], [.. query]);
    }

    private (ParameterNode[] Path, ParameterNode[] Query) BuildParameters(string location, TemplateSegment[] segments, OpenApiPathItem pathItem, OpenApiOperation operation)
    {
        // Operation-level parameters override path-level ones with the same name and location.
        var declared = new Dictionary<(string, OpenApiParameterKind), OpenApiParameter>();
        foreach (var parameter in pathItem.Parameters.Concat(operation.Parameters).Select(p => p.ActualParameter))
        {
            declared[(parameter.Name, parameter.Kind)] = parameter;
        }

        var templateNames = segments.Where(s => s.IsParameter).Select(s => s.Text).ToList();
        foreach (var duplicate in templateNames.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            _problems.Add($"{location}: path parameter '{duplicate.Key}' appears twice in the template");
        }

        var path = new List<ParameterNode>();
        var query = new List<ParameterNode>();
        foreach (var name in templateNames.Distinct(StringComparer.Ordinal))
        {
            if (!declared.ContainsKey((name, OpenApiParameterKind.Path)))
            {
                _problems.Add($"{location}: path parameter '{name}' is in the template but not declared");
            }
        }

        foreach (var ((name, kind), parameter) in declared)
        {
            var parameterLocation = $"{location}.parameters[{name}]";
            var schema = parameter.Schema ?? parameter.ActualSchema;
            switch (kind)
            {
                case OpenApiParameterKind.Path:
                    if (!templateNames.Contains(name, StringComparer.Ordinal))
                    {
                        _problems.Add($"{location}: path parameter '{name}' is declared but not in the template");
                    }
                    else if (!parameter.IsRequired)
                    {
                        _problems.Add($"{parameterLocation}: a path parameter must be required");
                    }
                    else
                    {
                        path.Add(new ParameterNode(name, Required: true, _compiler.Compile(schema, parameterLocation), ContractViolation.PathPrefix + name));
                    }

                    break;
                case OpenApiParameterKind.Query:
                    query.Add(new ParameterNode(name, parameter.IsRequired, _compiler.Compile(schema, parameterLocation), ContractViolation.QueryPrefix + name));
                    break;
                default:
                    // Headers and cookies are the gateway's business (authentication, tracing), not contract validation.
                    break;
            }
        }

        return ([.. path], [.. query]);
    }

    private RequestBodySpec? BuildRequestBody(string location, OpenApiOperation operation)
    {
        if (operation.RequestBody?.ActualRequestBody is not { } body)
        {
            return null;
        }

        var json = body.Content.FirstOrDefault(c => IsJson(c.Key)).Value;
        if (json is null)
        {
            _problems.Add($"{location}.requestBody: has no JSON media type");
            return new RequestBodySpec(body.IsRequired, null);
        }

        return new RequestBodySpec(body.IsRequired, json.Schema is null ? null : _compiler.Compile(json.Schema, location + ".requestBody"));
    }

    private Dictionary<string, ResponseSpec> BuildResponses(string location, OpenApiOperation operation, out List<JsonSchema> successSchemas)
    {
        successSchemas = [];
        var responses = new Dictionary<string, ResponseSpec>(StringComparer.Ordinal);
        if (operation.Responses.Count == 0)
        {
            _problems.Add($"{location}.responses: at least one response is required");
        }

        foreach (var (key, response) in operation.Responses)
        {
            var isStatus = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599;
            var isClass = key.Length == 3 && key[0] is >= '1' and <= '5' && key.AsSpan(1).Equals("XX", StringComparison.OrdinalIgnoreCase);
            if (!isStatus && !isClass && key != "default")
            {
                _problems.Add($"{location}.responses.{key}: is not a status code, a range such as 2XX, or default");
                continue;
            }

            var actual = response.ActualResponse;
            var json = actual.Content.FirstOrDefault(c => IsJson(c.Key)).Value;
            SchemaNode? node = null;
            if (json?.Schema is { } schema)
            {
                node = _compiler.Compile(schema, $"{location}.responses.{key}");
                if (key[0] == '2')
                {
                    successSchemas.Add(schema);
                }
            }

            var mediaTypes = actual.Content.Keys
                .Select(k => k.Split(';', 2)[0].Trim().ToLowerInvariant())
                .Where(k => k.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            responses[key] = new ResponseSpec(node, mediaTypes);
        }

        return responses;
    }

    private CachePolicy? ReadCache(string location, string method, OpenApiOperation operation)
    {
        if (operation.ExtensionData is null || !operation.ExtensionData.TryGetValue(CacheExtension, out var value))
        {
            return null;
        }

        var where = $"{location}.{CacheExtension}";
        if (method != "GET")
        {
            _problems.Add($"{where}: only GET operations may be cached");
        }

        if (value is not IDictionary<string, object?> fields)
        {
            _problems.Add($"{where}: must be an object {{ ttlSeconds, staleIfErrorSeconds }}");
            return null;
        }

        int? ttl = null;
        var staleIfError = 0;
        foreach (var (key, field) in fields)
        {
            switch (key)
            {
                case "ttlSeconds":
                    if (TryReadInteger(field, out var t) && t >= 1)
                    {
                        ttl = t;
                    }
                    else
                    {
                        _problems.Add($"{where}.ttlSeconds: must be an integer of at least 1");
                    }

                    break;
                case "staleIfErrorSeconds":
                    if (TryReadInteger(field, out var s) && s >= 0)
                    {
                        staleIfError = s;
                    }
                    else
                    {
                        _problems.Add($"{where}.staleIfErrorSeconds: must be an integer of at least 0");
                    }

                    break;
                default:
                    _problems.Add($"{where}.{key}: unexpected property (known: ttlSeconds, staleIfErrorSeconds)");
                    break;
            }
        }

        if (ttl is null)
        {
            if (!fields.ContainsKey("ttlSeconds"))
            {
                _problems.Add($"{where}.ttlSeconds: is required");
            }

            return null;
        }

        return new CachePolicy(TimeSpan.FromSeconds(ttl.Value), TimeSpan.FromSeconds(staleIfError));
    }

    private static bool TryReadInteger(object? value, out int result)
    {
        result = 0;
        return value switch
        {
            int i => (result = i) == i,
            long l when l is >= int.MinValue and <= int.MaxValue => (result = (int)l) == l,
            string s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result),
            IConvertible c when value is not bool && c.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.UInt64 => int.TryParse(c.ToString(CultureInfo.InvariantCulture), out result),
            _ => false,
        };
    }

    private static IEnumerable<string> UnknownExtensions(IDictionary<string, object?>? extensions, string known) =>
        extensions is null
            ? []
            : extensions.Keys.Where(k => k.StartsWith(ExtensionPrefix, StringComparison.Ordinal) && k != known).ToArray();

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="pointer"/> is <c>/segment</c>... with RFC 6901 escapes and <c>*</c> for array items.</summary>
    internal static bool IsPointerPattern(string pointer)
    {
        if (pointer.Length < 2 || pointer[0] != '/')
        {
            return false;
        }

        var segments = pointer[1..].Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                return false;
            }

            for (var i = 0; i < segment.Length; i++)
            {
                if (segment[i] == '~' && (i + 1 >= segment.Length || segment[i + 1] is not ('0' or '1')))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether the pointer names a property (or array items, for <c>*</c>) that <paramref name="schema"/> defines.</summary>
    internal static bool PointerExists(JsonSchema schema, string pointer)
    {
        var segments = pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        return Exists(schema, segments, 0, 0);

        static bool Exists(JsonSchema schema, string[] segments, int index, int depth)
        {
            while (schema.Reference is not null && depth++ < 32)
            {
                schema = schema.Reference;
            }

            if (index == segments.Length)
            {
                return true;
            }

            if (depth > 64)
            {
                return false;
            }

            if (segments[index] == "*" && schema.Item is { } items && Exists(items, segments, index + 1, depth + 1))
            {
                return true;
            }

            if (schema.Properties.TryGetValue(segments[index], out var property) && Exists(property, segments, index + 1, depth + 1))
            {
                return true;
            }

            return schema.AllOf.Any(part => Exists(part, segments, index, depth + 1));
        }
    }
}
