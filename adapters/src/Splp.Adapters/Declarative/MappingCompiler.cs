using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Splp.Adapters.Declarative;

/// <summary>
/// Validates a <see cref="DeclarativeAdapterOptions"/> and compiles it, collecting every problem with its
/// configuration path; builds nothing when there is one.
/// </summary>
internal sealed class MappingCompiler
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] DefaultTrue = ["1", "true", "Y"];
    private static readonly string[] DefaultFalse = ["0", "false", "N"];
    private static readonly Regex ParameterName = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly string _name;
    private readonly DeclarativeAdapterOptions _options;
    private readonly ICollection<string> _errors;
    private readonly Dictionary<string, ObjectPlan> _shapes = new(StringComparer.Ordinal);
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private bool _xml;

    public MappingCompiler(string name, DeclarativeAdapterOptions options, ICollection<string> errors)
    {
        _name = name;
        _options = options;
        _errors = errors;
    }

    public DeclarativeAdapter? Compile()
    {
        var before = _errors.Count;
        var root = "Adapters:" + _name;
        if (string.IsNullOrWhiteSpace(_name))
        {
            Error(root, "the adapter needs a name");
        }

        _zone = ResolveZone(_options.TimeZone, root + ":TimeZone") ?? TimeZoneInfo.Utc;
        switch (_options.UpstreamFormat.ToUpperInvariant())
        {
            case "JSON":
                break;
            case "XML":
                _xml = true;
                break;
            default:
                Error(root + ":UpstreamFormat", $"unknown upstream format '{_options.UpstreamFormat}' (use Json or Xml)");
                break;
        }

        if (_options.MaxRequestBodyBytes <= 0)
        {
            Error(root + ":MaxRequestBodyBytes", "must be positive");
        }

        foreach (var (listName, codes) in _options.CodeLists)
        {
            if (codes.Count == 0)
            {
                Error($"{root}:CodeLists:{listName}", "a code list needs at least one code");
            }
        }

        foreach (var (shapeName, shape) in _options.Shapes)
        {
            if (shape.Count == 0)
            {
                Error($"{root}:Shapes:{shapeName}", "a shape needs at least one field");
            }
            else if (CompileFields(shape, $"{root}:Shapes:{shapeName}", MappingDirection.Response) is { } plan)
            {
                _shapes[shapeName] = plan;
            }
        }

        if (_options.Operations.Count == 0)
        {
            Error(root + ":Operations", "at least one operation is required");
        }

        var operations = new List<CompiledOperation>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var routes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _options.Operations.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{root}:Operations:{i}");
            var operation = CompileOperation(_options.Operations[i], path);
            if (operation is null)
            {
                continue;
            }

            if (!ids.Add(operation.OperationId))
            {
                Error(path + ":OperationId", $"operation id '{operation.OperationId}' is used twice");
            }

            var route = operation.Method + " " + string.Join('/', operation.Path.Segments.Select((s, j) => operation.Path.IsParameter[j] ? "{}" : s));
            if (!routes.Add(route))
            {
                Error(path + ":Path", $"another operation already serves {operation.Method} {_options.Operations[i].Path}");
            }

            operations.Add(operation);
        }

        return _errors.Count == before ? new DeclarativeAdapter(_name, [.. operations], _xml) : null;
    }

    private void Error(string path, string message) => _errors.Add(path + ": " + message);

    private CompiledOperation? CompileOperation(OperationOptions options, string path)
    {
        var before = _errors.Count;
        if (string.IsNullOrWhiteSpace(options.OperationId))
        {
            Error(path + ":OperationId", "an operation id is required");
        }

        var method = (options.Method ?? "").ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            Error(path + ":Method", $"unsupported method '{options.Method}'");
        }

        var template = ParseTemplate(options.Path, path + ":Path");
        var parameters = new List<ParameterPlan>();
        foreach (var (name, parameter) in options.Parameters)
        {
            var index = template is null ? -1 : Array.FindIndex(template.Segments, s => s == name);
            if (index >= 0 && !template!.IsParameter[index])
            {
                index = -1;
            }

            parameters.Add(CompileParameter(name, parameter, index, $"{path}:Parameters:{name}"));
        }

        var upstreamPath = Array.Empty<(string?, int)>();
        var constantQuery = Array.Empty<KeyValuePair<string, string>>();
        if (options.Upstream is null)
        {
            Error(path + ":Upstream", "the upstream request is required");
        }
        else
        {
            if (options.Upstream.Method is { } upstreamMethod && !string.Equals(upstreamMethod, options.Method, StringComparison.OrdinalIgnoreCase))
            {
                Error(path + ":Upstream:Method", $"the upstream method '{upstreamMethod}' differs from the contract method '{options.Method}'; the proxy forwards the consumer's method");
            }

            upstreamPath = ParseUpstreamPath(options.Upstream.Path, template, path + ":Upstream:Path");
            foreach (var (key, value) in options.Upstream.Query)
            {
                if (key.Length == 0)
                {
                    Error(path + ":Upstream:Query", "a query parameter needs a name");
                }
            }

            constantQuery = [.. options.Upstream.Query];
        }

        IRequestBodyMapper? body = null;
        if (options.Request is { } request)
        {
            if (method is not ("POST" or "PUT" or "PATCH"))
            {
                Error(path + ":Request", $"a request body mapping needs POST, PUT or PATCH, not {options.Method}");
            }

            if (request.Fields.Count == 0)
            {
                Error(path + ":Request:Fields", "a request body mapping needs at least one field");
            }

            var fields = CompileFields(request.Fields, path + ":Request:Fields", MappingDirection.Request);
            body = fields is null ? null : new DeclarativeBodyMapper(fields, request.ContentType, _options.MaxRequestBodyBytes);
        }

        var response = options.Response is null ? null : CompileResponse(options.Response, path + ":Response");
        if (options.Response is null)
        {
            Error(path + ":Response", "the response mapping is required");
        }

        var errors = new List<ErrorRule>();
        for (var i = 0; i < options.Errors.Count; i++)
        {
            if (CompileRule(options.Errors[i], string.Create(CultureInfo.InvariantCulture, $"{path}:Errors:{i}")) is { } rule)
            {
                errors.Add(rule);
            }
        }

        if (_errors.Count != before)
        {
            return null;
        }

        return new CompiledOperation
        {
            OperationId = options.OperationId!,
            Method = method,
            Path = template!,
            Parameters = [.. parameters],
            UpstreamPath = upstreamPath,
            ConstantQuery = constantQuery,
            Body = body,
            Response = response!,
            Errors = [.. errors],
        };
    }

    private PathTemplate? ParseTemplate(string? template, string path)
    {
        if (string.IsNullOrEmpty(template) || template[0] != '/')
        {
            Error(path, "a path template starting with '/' is required");
            return null;
        }

        var parts = template.Length == 1 ? [] : template[1..].TrimEnd('/').Split('/');
        var segments = new string[parts.Length];
        var isParameter = new bool[parts.Length];
        var ok = true;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length > 2 && part[0] == '{' && part[^1] == '}' && ParameterName.IsMatch(part[1..^1]))
            {
                segments[i] = part[1..^1];
                isParameter[i] = true;
                if (segments.Take(i).Where((s, j) => isParameter[j]).Contains(segments[i]))
                {
                    Error(path, $"parameter '{segments[i]}' appears twice in '{template}'");
                    ok = false;
                }
            }
            else if (part.Length == 0 || part.Contains('{') || part.Contains('}'))
            {
                Error(path, $"invalid segment '{part}' in '{template}'");
                ok = false;
            }
            else
            {
                segments[i] = part;
            }
        }

        return ok ? new PathTemplate(segments, isParameter) : null;
    }

    private (string?, int)[] ParseUpstreamPath(string? upstream, PathTemplate? contract, string path)
    {
        if (string.IsNullOrEmpty(upstream) || upstream[0] != '/')
        {
            Error(path, "an upstream path starting with '/' is required");
            return [];
        }

        var parts = new List<(string?, int)>();
        var literal = new StringBuilder();
        for (var i = 0; i < upstream.Length; i++)
        {
            var c = upstream[i];
            if (c == '}')
            {
                Error(path, $"unbalanced '}}' in '{upstream}'");
                return [];
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = upstream.IndexOf('}', i);
            if (end < 0)
            {
                Error(path, $"unbalanced '{{' in '{upstream}'");
                return [];
            }

            var name = upstream[(i + 1)..end];
            var index = contract is null ? -1 : Array.FindIndex(contract.Segments, s => s == name);
            if (index < 0 || !contract!.IsParameter[index])
            {
                if (contract is not null)
                {
                    Error(path, $"placeholder '{{{name}}}' names no path parameter of the contract path");
                }

                return [];
            }

            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), -1));
                literal.Clear();
            }

            parts.Add((null, index));
            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), -1));
        }

        return [.. parts];
    }

    private ParameterPlan CompileParameter(string name, ParameterOptions options, int pathIndex, string path)
    {
        Regex? pattern = null;
        if (options.Pattern is { } p)
        {
            try
            {
                pattern = new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                Error(path + ":Pattern", $"invalid regular expression '{p}'");
            }
        }

        var integer = false;
        switch (options.Converter?.ToUpperInvariant())
        {
            case null or "STRING":
                break;
            case "INTEGER":
                integer = true;
                break;
            default:
                Error(path + ":Converter", $"unknown parameter converter '{options.Converter}' (use string or integer)");
                break;
        }

        if (!integer && (options.Minimum is not null || options.Maximum is not null))
        {
            Error(path, "'Minimum' and 'Maximum' apply only to the integer converter");
        }

        if (options.Minimum > options.Maximum)
        {
            Error(path, "'Minimum' is greater than 'Maximum'");
        }

        if (options.Upstream is { Length: 0 })
        {
            Error(path + ":Upstream", "an upstream query parameter needs a name");
        }

        if (pathIndex >= 0 && options.Default is not null)
        {
            Error(path + ":Default", "a path parameter is always present and takes no default");
        }

        CodeConverter? codes = null;
        if (options.Codes is not null || options.CodeList is not null)
        {
            codes = CompileCodes(options.Codes, options.CodeList, path, MappingDirection.Request);
        }

        return new ParameterPlan
        {
            Name = name,
            PathIndex = pathIndex,
            Upstream = options.Upstream,
            Required = options.Required,
            Pattern = pattern,
            Integer = integer,
            Minimum = options.Minimum,
            Maximum = options.Maximum,
            Default = options.Default,
            Codes = codes,
        };
    }

    private ResponsePlan? CompileResponse(ResponseOptions options, string path)
    {
        var before = _errors.Count;
        if (options.Status is < 200 or > 299)
        {
            Error(path + ":Status", string.Create(CultureInfo.InvariantCulture, $"a mapped response has a 2xx status, not {options.Status}"));
        }

        var kind = ResponseKind.Object;
        if (!Enum.TryParse(options.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind))
        {
            Error(path + ":Kind", $"unknown kind '{options.Kind}' (use Object, List or Page)");
        }

        SourcePath? data = null;
        Condition? success = null;
        if (options.Envelope is { } envelope)
        {
            data = Path(envelope.Data, path + ":Envelope:Data", required: true);
            if (envelope.SuccessWhen is not null)
            {
                success = CompileCondition(envelope.SuccessWhen, path + ":Envelope:SuccessWhen");
            }
        }

        var items = Path(options.Items, path + ":Items", required: false) ?? SourcePath.Root;
        if (kind == ResponseKind.Object && options.Items.Length > 0)
        {
            Error(path + ":Items", "'Items' applies only to the List and Page kinds");
        }

        SourcePath? page = null, pageSize = null, totalItems = null, totalPages = null;
        if (options.Paging is { } paging)
        {
            if (kind != ResponseKind.Page)
            {
                Error(path + ":Paging", "'Paging' applies only to the Page kind");
            }

            page = Path(paging.Page, path + ":Paging:Page", required: true);
            pageSize = Path(paging.PageSize, path + ":Paging:PageSize", required: true);
            totalItems = Path(paging.TotalItems, path + ":Paging:TotalItems", required: true);
            totalPages = paging.TotalPages is null ? null : Path(paging.TotalPages, path + ":Paging:TotalPages", required: true);
        }

        ObjectPlan? fields = null;
        if (options.Shape is not null)
        {
            if (options.Fields.Count > 0)
            {
                Error(path + ":Shape", "'Shape' and 'Fields' exclude each other");
            }
            else if (!_shapes.TryGetValue(options.Shape, out fields) && !_options.Shapes.ContainsKey(options.Shape))
            {
                Error(path + ":Shape", $"unknown shape '{options.Shape}'");
            }
        }
        else if (options.Fields.Count == 0)
        {
            Error(path + ":Fields", "a response mapping needs 'Fields' (at least one) or 'Shape'");
        }
        else
        {
            fields = CompileFields(options.Fields, path + ":Fields", MappingDirection.Response);
        }

        var location = options.Location is null || fields is null ? null : CompileLocation(options.Location, kind, fields, path + ":Location");
        if (_errors.Count != before)
        {
            return null;
        }

        return new ResponsePlan
        {
            Location = location,
            Status = options.Status,
            EnvelopeData = data,
            SuccessWhen = success,
            Kind = kind,
            Items = items,
            Page = page,
            PageSize = pageSize,
            TotalItems = totalItems,
            TotalPages = totalPages,
            Fields = fields!,
        };
    }

    private (string?, SourcePath?)[]? CompileLocation(string template, ResponseKind kind, ObjectPlan fields, string path)
    {
        if (kind != ResponseKind.Object || template.Length == 0 || template[0] != '/')
        {
            Error(path, "a Location is a path template starting with '/' for an Object response");
            return null;
        }

        var parts = new List<(string?, SourcePath?)>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                parts.Add((template[i..], null));
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                Error(path, $"unbalanced '{{' in '{template}'");
                return null;
            }

            if (open > i)
            {
                parts.Add((template[i..open], null));
            }

            var name = template[(open + 1)..close];
            var field = fields.Properties.FirstOrDefault(p => p.Target == name && p.From is not null && p.Items is null);
            if (field is null)
            {
                Error(path, $"placeholder '{{{name}}}' names no top-level value field of the response");
                return null;
            }

            parts.Add((null, field.From));
            i = close + 1;
        }

        return [.. parts];
    }

    private ErrorRule? CompileRule(ErrorRuleOptions options, string path)
    {
        var before = _errors.Count;
        int status = 0, statusClass = 0;
        var s = options.Status ?? "*";
        if (s != "*")
        {
            if (s.Length == 3 && s[0] is >= '1' and <= '5' && s.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
            {
                statusClass = s[0] - '0';
            }
            else if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 100 or > 599)
            {
                Error(path + ":Status", $"invalid status '{s}' (use e.g. 404, 4xx, 5xx or *)");
            }
        }

        (Func<string, AdapterProblem>, string)? problem = options.Problem?.ToUpperInvariant() switch
        {
            "RESOURCENOTFOUND" => (AdapterProblem.ResourceNotFound, "The requested record does not exist at the agency application."),
            "INVALIDREQUEST" => (AdapterProblem.InvalidRequest, "The agency application refused the request."),
            "UPSTREAMERROR" => (AdapterProblem.UpstreamError, "The agency application reported an error."),
            "INVALIDUPSTREAMRESPONSE" => (AdapterProblem.InvalidUpstreamResponse, "The agency application answered with something that cannot be mapped."),
            _ => null,
        };
        if (problem is null)
        {
            Error(path + ":Problem", $"unknown problem '{options.Problem}' (use ResourceNotFound, InvalidRequest, UpstreamError or InvalidUpstreamResponse)");
        }

        var when = options.When is null ? null : CompileCondition(options.When, path + ":When");
        var detailFrom = options.DetailFrom is null ? null : Path(options.DetailFrom, path + ":DetailFrom", required: true);
        var fieldsFrom = options.FieldsFrom is null ? null : Path(options.FieldsFrom, path + ":FieldsFrom", required: true);
        foreach (var (field, pointer) in options.Pointers)
        {
            if (pointer.Length == 0 || pointer[0] != '/')
            {
                Error($"{path}:Pointers:{field}", $"'{pointer}' is not a JSON pointer (it starts with '/')");
            }
        }

        if (options.Pointers.Count > 0 && options.FieldsFrom is null)
        {
            Error(path + ":Pointers", "'Pointers' needs 'FieldsFrom'");
        }

        if (_errors.Count != before)
        {
            return null;
        }

        return new ErrorRule
        {
            Status = status,
            StatusClass = statusClass,
            When = when,
            Problem = problem!.Value.Item1,
            Detail = options.Detail ?? problem.Value.Item2,
            DetailFrom = detailFrom,
            FieldsFrom = fieldsFrom,
            Pointers = new Dictionary<string, string>(options.Pointers, StringComparer.Ordinal),
            PassReasons = options.PassReasons,
        };
    }

    private Condition? CompileCondition(ConditionOptions options, string path)
    {
        var field = Path(options.Field, path + ":Field", required: true);
        if (options.Is.Count == 0)
        {
            Error(path + ":Is", "a condition needs at least one value");
            return null;
        }

        return field is null ? null : new Condition(field, [.. options.Is.Select(Encoding.UTF8.GetBytes)]);
    }

    private SourcePath? Path(string? value, string path, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Error(path, "a path is required");
            }

            return required ? null : SourcePath.Root;
        }

        var parsed = SourcePath.TryParse(value);
        if (parsed is null)
        {
            Error(path, $"invalid path '{value}'");
        }

        return parsed;
    }

    private sealed class Node(string name, string target)
    {
        public string Name { get; } = name;

        public string Target { get; } = target;

        public FieldOptions? Options { get; set; }

        public string ConfigPath { get; set; } = "";

        public List<Node> Children { get; } = [];
    }

    /// <summary>Compiles a field map keyed by dot paths into nested object plans.</summary>
    private ObjectPlan? CompileFields(Dictionary<string, FieldOptions> fields, string path, MappingDirection direction)
    {
        var before = _errors.Count;
        var root = new Node("", "");
        foreach (var (target, options) in fields)
        {
            var segments = target.Split('.');
            if (segments.Any(s => s.Length == 0))
            {
                Error($"{path}:{target}", $"invalid target path '{target}'");
                continue;
            }

            var node = root;
            for (var i = 0; i < segments.Length; i++)
            {
                var child = node.Children.Find(c => c.Name == segments[i]);
                if (child is null)
                {
                    child = new Node(segments[i], string.Join('.', segments.Take(i + 1)));
                    node.Children.Add(child);
                }

                node = child;
            }

            node.Options = options ?? new FieldOptions();
            node.ConfigPath = $"{path}:{target}";
        }

        var plan = CompileNode(root, path, direction);
        return _errors.Count == before ? plan : null;
    }

    private ObjectPlan CompileNode(Node node, string path, MappingDirection direction)
    {
        var properties = new List<PropertyPlan>();
        foreach (var child in node.Children)
        {
            var cfg = child.ConfigPath.Length > 0 ? child.ConfigPath : $"{path}:{child.Target}";
            var options = child.Options;
            if (child.Children.Count > 0)
            {
                if (options is not null && (options.From is not null || options.Constant is not null || options.Items is not null || options.Converter is not null))
                {
                    Error(cfg, $"'{child.Target}' is both a value and an object with fields; only 'Nullable' applies to an object");
                }

                properties.Add(new PropertyPlan
                {
                    Name = JsonEncodedText.Encode(child.Name, DeclarativeAdapter.WriterOptions.Encoder),
                    Target = child.Target,
                    Children = CompileNode(child, path, direction),
                    Nullable = options?.Nullable ?? false,
                });
                continue;
            }

            if (CompileLeaf(child, options!, cfg, direction) is { } leaf)
            {
                properties.Add(leaf);
            }
        }

        return new ObjectPlan([.. properties]);
    }

    private PropertyPlan? CompileLeaf(Node node, FieldOptions options, string cfg, MappingDirection direction)
    {
        var before = _errors.Count;
        if (options.From is not null && options.Constant is not null)
        {
            Error(cfg, "'From' and 'Constant' exclude each other");
        }
        else if (options.From is null && options.Constant is null)
        {
            Error(cfg, "a field needs 'From' or 'Constant'");
        }

        var from = options.From is null ? null : Path(options.From, cfg + ":From", required: true);
        ObjectPlan? items = null;
        ValueConverter converter = CopyConverter.Instance;
        if (options.Items is not null)
        {
            if (options.Converter is not null || options.Codes is not null || options.CodeList is not null || options.Format is not null)
            {
                Error(cfg, "an array field ('Items') takes no converter; give the items' fields converters");
            }

            if (options.Constant is not null || options.Default is not null)
            {
                Error(cfg, "an array field ('Items') takes no constant or default");
            }

            if (options.Items.Count == 0)
            {
                Error(cfg + ":Items", "an array field needs at least one item field");
            }

            items = CompileFields(options.Items, cfg + ":Items", direction);
        }
        else
        {
            converter = CompileConverter(options, cfg, direction) ?? CopyConverter.Instance;
        }

        var constant = Render(options.Constant, converter, cfg + ":Constant");
        var fallback = Render(options.Default, converter, cfg + ":Default");
        if (_errors.Count != before)
        {
            return null;
        }

        return new PropertyPlan
        {
            Name = JsonEncodedText.Encode(node.Name, DeclarativeAdapter.WriterOptions.Encoder),
            Target = node.Target,
            From = from,
            Converter = converter,
            Constant = constant,
            Default = fallback,
            Required = options.Required,
            Nullable = options.Nullable,
            Items = items,
            LenientArrays = _xml && direction == MappingDirection.Response,
        };
    }

    private byte[]? Render(string? text, ValueConverter converter, string cfg)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = Literal(text);
            return JsonValues.Render(w => converter.Write(document.RootElement, w));
        }
        catch (MappingException e)
        {
            Error(cfg, $"'{text}' {e.Reason}");
            return null;
        }
    }

    /// <summary>Reads a configured text as a JSON literal (number, true, false, null, "string") when it is one, else as a string.</summary>
    private static JsonDocument Literal(string text)
    {
        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Plain text.
        }

        return JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(text, DeclarativeJsonContext.Default.String));
    }

    private ValueConverter? CompileConverter(FieldOptions options, string cfg, MappingDirection direction)
    {
        var name = options.Converter ?? (options.Codes is not null || options.CodeList is not null ? "code" : "copy");
        var key = name.ToUpperInvariant();
        if (key is not ("COPY" or "STRING" or "INTEGER" or "NUMBER" or "BOOLEAN" or "DATE" or "DATETIME" or "CODE"))
        {
            Error(cfg, $"unknown converter '{name}'");
            return null;
        }

        if (key is not "CODE" && (options.Codes is not null || options.CodeList is not null))
        {
            Error(cfg, $"'Codes' and 'CodeList' apply only to the code converter, not '{name}'");
        }

        if (key is not ("DATE" or "DATETIME") && (options.Format is not null || options.TimeZone is not null))
        {
            Error(cfg, $"'Format' and 'TimeZone' apply only to the date and datetime converters, not '{name}'");
        }

        if (key is not "BOOLEAN" && (options.TrueValues is not null || options.FalseValues is not null))
        {
            Error(cfg, $"'TrueValues' and 'FalseValues' apply only to the boolean converter, not '{name}'");
        }

        switch (key)
        {
            case "COPY":
                return CopyConverter.Instance;
            case "STRING":
                return direction == MappingDirection.Request ? StringConverter.Strict : StringConverter.Instance;
            case "INTEGER":
                return IntegerConverter.Instance;
            case "NUMBER":
                return NumberConverter.Instance;
            case "BOOLEAN":
                var trueValues = options.TrueValues ?? [.. DefaultTrue];
                var falseValues = options.FalseValues ?? [.. DefaultFalse];
                if (trueValues.Count == 0 || falseValues.Count == 0)
                {
                    Error(cfg, "'TrueValues' and 'FalseValues' need at least one value each");
                    return null;
                }

                if (trueValues.Intersect(falseValues, StringComparer.Ordinal).FirstOrDefault() is { } both)
                {
                    Error(cfg, $"'{both}' is both a true and a false value");
                    return null;
                }

                return new BooleanConverter(
                    [.. trueValues.Select(Encoding.UTF8.GetBytes)],
                    [.. falseValues.Select(Encoding.UTF8.GetBytes)],
                    direction,
                    options.TrueValues?[0],
                    options.FalseValues?[0]);
            case "DATE" or "DATETIME":
                var dateOnly = key == "DATE";
                var format = options.Format ?? (dateOnly ? "yyyy-MM-dd" : null);
                if (format is null)
                {
                    Error(cfg + ":Format", "the datetime converter needs the upstream 'Format' (a .NET date format or 'unix')");
                    return null;
                }

                if (format != "unix" && !IsDateFormat(format, dateOnly))
                {
                    Error(cfg + ":Format", $"invalid date format '{format}'");
                    return null;
                }

                var zone = options.TimeZone is null ? _zone : ResolveZone(options.TimeZone, cfg + ":TimeZone");
                return zone is null ? null : new DateConverter(dateOnly, format, zone, direction);
            default:
                return CompileCodes(options.Codes, options.CodeList, cfg, direction);
        }
    }

    private CodeConverter? CompileCodes(Dictionary<string, string>? inline, string? listName, string cfg, MappingDirection direction)
    {
        if (inline is not null && listName is not null)
        {
            Error(cfg, "'Codes' and 'CodeList' exclude each other");
            return null;
        }

        var codes = inline;
        if (listName is not null && !_options.CodeLists.TryGetValue(listName, out codes))
        {
            Error(cfg + ":CodeList", $"unknown code list '{listName}'");
            return null;
        }

        if (codes is null || codes.Count == 0)
        {
            Error(cfg, "the code converter needs 'Codes' or 'CodeList' with at least one code");
            return null;
        }

        var pairs = codes.ToList();
        if (direction == MappingDirection.Request)
        {
            var ambiguous = pairs.GroupBy(p => p.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (ambiguous is not null)
            {
                Error(cfg, $"the code list maps several upstream codes to '{ambiguous.Key}', so it cannot be used for requests");
                return null;
            }

            pairs = [.. pairs.Select(p => KeyValuePair.Create(p.Value, p.Key))];
        }

        return new CodeConverter(
            [.. pairs.Select(p => Encoding.UTF8.GetBytes(p.Key))],
            [.. pairs.Select(p => JsonEncodedText.Encode(p.Value, DeclarativeAdapter.WriterOptions.Encoder))],
            string.Join(", ", pairs.Select(p => p.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
    }

    private static bool IsDateFormat(string format, bool dateOnly)
    {
        try
        {
            var sample = new DateTime(2001, 12, 31, dateOnly ? 0 : 23, dateOnly ? 0 : 58, dateOnly ? 0 : 59, DateTimeKind.Unspecified);
            var text = sample.ToString(format, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) && back.Year == sample.Year;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private TimeZoneInfo? ResolveZone(string? id, string cfg)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            Error(cfg, "a time zone is required");
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        // Containers without tzdata: Indonesia's zones have had no daylight saving since 1964.
        TimeSpan? offset = id switch
        {
            "Asia/Jakarta" or "Asia/Pontianak" or "WIB" => TimeSpan.FromHours(7),
            "Asia/Makassar" or "WITA" => TimeSpan.FromHours(8),
            "Asia/Jayapura" or "WIT" => TimeSpan.FromHours(9),
            _ when id.Length == 6 && id[0] is '+' or '-'
                && TimeSpan.TryParseExact(id[1..], "hh\\:mm", CultureInfo.InvariantCulture, out var t) && t <= TimeSpan.FromHours(14)
                => id[0] == '-' ? -t : t,
            _ => null,
        };
        if (offset is null)
        {
            Error(cfg, $"unknown time zone '{id}'");
            return null;
        }

        return TimeZoneInfo.CreateCustomTimeZone(id, offset.Value, id, id);
    }
}

/// <summary>Source-generated serialization for the few values the compiler renders.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class DeclarativeJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
