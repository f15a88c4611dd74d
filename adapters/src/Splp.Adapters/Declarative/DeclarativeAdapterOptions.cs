namespace Splp.Adapters.Declarative;

/// <summary>
/// A declarative adapter, bound from <c>Splp:Adapters:&lt;name&gt;</c>: the contract operations it serves and,
/// for each, how requests and responses are mapped. Built (and validated whole) by
/// <see cref="DeclarativeAdapterFactory.TryBuild"/>.
/// </summary>
public sealed class DeclarativeAdapterOptions
{
    /// <summary>The operations of the contract this adapter serves. At least one is required.</summary>
    public List<OperationOptions> Operations { get; set; } = [];

    /// <summary>
    /// Named code lists, each a map of upstream code → contract code, referenced by <see cref="FieldOptions.CodeList"/>
    /// and <see cref="ParameterOptions.CodeList"/>. Requests use them in reverse (contract code → upstream code).
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> CodeLists { get; set; } = [];

    /// <summary>
    /// Named response field maps (contract path → field), for contract schemas several operations return
    /// (e.g. <c>Permohonan</c> from get, list and create); used by <see cref="ResponseOptions.Shape"/>.
    /// </summary>
    public Dictionary<string, Dictionary<string, FieldOptions>> Shapes { get; set; } = [];

    /// <summary>The time zone of the upstream's local timestamps when a field names none. Default <c>Asia/Jakarta</c> (WIB).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>The format of the upstream's bodies: <c>Json</c> (default) or <c>Xml</c> (read as element paths).</summary>
    public string UpstreamFormat { get; set; } = "Json";

    /// <summary>The largest contract request body a body mapping reads, in bytes. Default 1 MiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>One contract operation and how it maps onto the upstream.</summary>
public sealed class OperationOptions
{
    /// <summary>The contract's operation id, e.g. <c>getPermohonan</c>. Required, unique within the adapter.</summary>
    public string? OperationId { get; set; }

    /// <summary>The contract's HTTP method. Default <c>GET</c>.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>The contract's path template below the service prefix, e.g. <c>/permohonan/{nomorPermohonan}</c>. Required.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// The contract's path and query parameters, keyed by contract name: how each is checked and where it goes
    /// upstream. Query parameters not listed here are not forwarded.
    /// </summary>
    public Dictionary<string, ParameterOptions> Parameters { get; set; } = [];

    /// <summary>Where the request goes upstream. Required.</summary>
    public UpstreamRequestOptions? Upstream { get; set; }

    /// <summary>How the contract request body is rewritten (POST, PUT, PATCH); null forwards no mapped body.</summary>
    public RequestBodyOptions? Request { get; set; }

    /// <summary>How a successful upstream response becomes the contract response. Required.</summary>
    public ResponseOptions? Response { get; set; }

    /// <summary>Upstream errors → problems, first match wins. Unmatched failures become 502 upstream-error.</summary>
    public List<ErrorRuleOptions> Errors { get; set; } = [];
}

/// <summary>A contract path or query parameter.</summary>
public sealed class ParameterOptions
{
    /// <summary>The upstream query parameter that carries the value; null sends it only where the upstream path names it.</summary>
    public string? Upstream { get; set; }

    /// <summary>Whether a query parameter must be present. Path parameters always are.</summary>
    public bool Required { get; set; }

    /// <summary>A regular expression the contract value must match, e.g. <c>^[0-9]{16}$</c>.</summary>
    public string? Pattern { get; set; }

    /// <summary><c>string</c> (default) or <c>integer</c> (checked against <see cref="Minimum"/> and <see cref="Maximum"/>).</summary>
    public string? Converter { get; set; }

    /// <summary>The smallest integer accepted.</summary>
    public long? Minimum { get; set; }

    /// <summary>The largest integer accepted.</summary>
    public long? Maximum { get; set; }

    /// <summary>The value sent upstream when the parameter is absent; null sends nothing.</summary>
    public string? Default { get; set; }

    /// <summary>A named code list (upstream → contract), applied in reverse: the contract code is sent as the upstream code.</summary>
    public string? CodeList { get; set; }

    /// <summary>An inline code list (upstream → contract), applied in reverse like <see cref="CodeList"/>.</summary>
    public Dictionary<string, string>? Codes { get; set; }
}

/// <summary>Where a request is sent upstream.</summary>
public sealed class UpstreamRequestOptions
{
    /// <summary>
    /// The upstream method; must equal the contract method when set (the proxy forwards the consumer's method).
    /// </summary>
    public string? Method { get; set; }

    /// <summary>The upstream path template, e.g. <c>/api/v1/permohonan/{nomorPermohonan}</c>; placeholders name contract path parameters. Required.</summary>
    public string? Path { get; set; }

    /// <summary>Fixed query parameters always sent upstream.</summary>
    public Dictionary<string, string> Query { get; set; } = [];
}

/// <summary>How a contract request body becomes the upstream body.</summary>
public sealed class RequestBodyOptions
{
    /// <summary>The Content-Type sent upstream. Default <c>application/json</c>.</summary>
    public string ContentType { get; set; } = "application/json";

    /// <summary>The upstream body's fields keyed by upstream path (e.g. <c>location.lat</c>); <see cref="FieldOptions.From"/> names contract paths.</summary>
    public Dictionary<string, FieldOptions> Fields { get; set; } = [];
}

/// <summary>How a successful upstream response becomes the contract body.</summary>
public sealed class ResponseOptions
{
    /// <summary>The contract status code of a mapped response. Default 200.</summary>
    public int Status { get; set; } = 200;

    /// <summary>An envelope to unwrap (e.g. <c>{status, data, message}</c>); null maps the whole body.</summary>
    public EnvelopeOptions? Envelope { get; set; }

    /// <summary>
    /// <c>Object</c> (default): one mapped object; <c>List</c>: <c>{ "data": [ … ] }</c>;
    /// <c>Page</c>: <c>{ "data": [ … ], "paging": { … } }</c>.
    /// </summary>
    public string Kind { get; set; } = "Object";

    /// <summary>For <c>List</c> and <c>Page</c>: the path of the upstream array below the (unwrapped) body; empty for a top-level array.</summary>
    public string Items { get; set; } = "";

    /// <summary>For <c>Page</c>: where the upstream's paging facts are; null treats the array as the single page.</summary>
    public PagingOptions? Paging { get; set; }

    /// <summary>The contract object's fields keyed by contract path (e.g. <c>pemohon.nik</c>); for lists, each item's fields.</summary>
    public Dictionary<string, FieldOptions> Fields { get; set; } = [];

    /// <summary>The name of a shared field map in <see cref="DeclarativeAdapterOptions.Shapes"/>, instead of <see cref="Fields"/>.</summary>
    public string? Shape { get; set; }

    /// <summary>
    /// For a created resource: the contract path of the <c>Location</c> header, e.g. <c>/permohonan/{nomorPermohonan}</c>,
    /// where each placeholder names a top-level field of the mapped object.
    /// </summary>
    public string? Location { get; set; }
}

/// <summary>An upstream envelope around the payload.</summary>
public sealed class EnvelopeOptions
{
    /// <summary>The path of the payload inside the envelope, e.g. <c>data</c>. Required.</summary>
    public string? Data { get; set; }

    /// <summary>The condition of a successful envelope, e.g. <c>status == "success"</c>; null accepts every envelope.</summary>
    public ConditionOptions? SuccessWhen { get; set; }
}

/// <summary>A condition on an upstream body field: true when the field's value (string, number or boolean text) is one of <see cref="Is"/>.</summary>
public sealed class ConditionOptions
{
    /// <summary>The field path, e.g. <c>status</c> or <c>KODE</c>. Required.</summary>
    public string? Field { get; set; }

    /// <summary>The accepted values. At least one is required.</summary>
    public List<string> Is { get; set; } = [];
}

/// <summary>Where an upstream page's facts are, as paths below the (unwrapped) body. Missing total pages are computed.</summary>
public sealed class PagingOptions
{
    /// <summary>The upstream's 1-based page number, e.g. <c>page</c>.</summary>
    public string? Page { get; set; }

    /// <summary>The upstream's page size, e.g. <c>per_page</c> or <c>pagination.limit</c>.</summary>
    public string? PageSize { get; set; }

    /// <summary>The upstream's total item count, e.g. <c>total</c>.</summary>
    public string? TotalItems { get; set; }

    /// <summary>The upstream's total page count; null computes it from the total and the page size.</summary>
    public string? TotalPages { get; set; }
}

/// <summary>One target field, keyed by its dot path in the target (contract for responses, upstream for request bodies).</summary>
public sealed class FieldOptions
{
    /// <summary>The source path, e.g. <c>nik_pemohon</c> or <c>location.lat</c> (XML: element names).</summary>
    public string? From { get; set; }

    /// <summary>
    /// <c>copy</c> (default; <c>code</c> when codes are given), <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>,
    /// <c>date</c>, <c>datetime</c>, <c>code</c>.
    /// </summary>
    public string? Converter { get; set; }

    /// <summary>For <c>date</c>/<c>datetime</c>: the upstream format (.NET custom format, e.g. <c>yyyyMMdd</c>), or <c>unix</c> for epoch seconds.</summary>
    public string? Format { get; set; }

    /// <summary>For <c>datetime</c>: the upstream's time zone (IANA id or an offset like <c>+07:00</c>); default the adapter's.</summary>
    public string? TimeZone { get; set; }

    /// <summary>For <c>code</c>: a named code list of the adapter.</summary>
    public string? CodeList { get; set; }

    /// <summary>For <c>code</c>: an inline map of upstream code → contract code (applied in reverse in request bodies).</summary>
    public Dictionary<string, string>? Codes { get; set; }

    /// <summary>For <c>boolean</c>: upstream values meaning true. Default <c>1</c>, <c>true</c>, <c>Y</c>.</summary>
    public List<string>? TrueValues { get; set; }

    /// <summary>For <c>boolean</c>: upstream values meaning false. Default <c>0</c>, <c>false</c>, <c>N</c>.</summary>
    public List<string>? FalseValues { get; set; }

    /// <summary>A fixed value (text, run through the converter) written instead of reading <see cref="From"/>.</summary>
    public string? Constant { get; set; }

    /// <summary>The value (text, run through the converter) written when the source is missing or null.</summary>
    public string? Default { get; set; }

    /// <summary>Whether a missing or null source is an error (502 for responses, 400 for request bodies).</summary>
    public bool Required { get; set; }

    /// <summary>
    /// Whether a missing or null source writes <c>null</c> (instead of omitting the field). On an object path with
    /// child fields: write <c>null</c> when none of its children has a value.
    /// </summary>
    public bool Nullable { get; set; }

    /// <summary>Maps the source array item by item with these fields (keyed by item path).</summary>
    public Dictionary<string, FieldOptions>? Items { get; set; }
}

/// <summary>An upstream failure → problem rule. Every condition given must hold.</summary>
public sealed class ErrorRuleOptions
{
    /// <summary>The upstream status: <c>404</c>, <c>4xx</c>, <c>5xx</c> or <c>*</c>. Default <c>*</c>.</summary>
    public string Status { get; set; } = "*";

    /// <summary>A condition on the upstream's (JSON or XML) error body.</summary>
    public ConditionOptions? When { get; set; }

    /// <summary><c>ResourceNotFound</c> (404), <c>InvalidRequest</c> (400), <c>UpstreamError</c> (502) or <c>InvalidUpstreamResponse</c> (502). Required.</summary>
    public string? Problem { get; set; }

    /// <summary>The problem detail shown to the consumer; a generic one for the problem kind when null.</summary>
    public string? Detail { get; set; }

    /// <summary>Pass the upstream's own message at this path as the detail (only when the rule says so).</summary>
    public string? DetailFrom { get; set; }

    /// <summary>
    /// The path of an upstream object whose property names are rejected upstream fields (e.g. <c>data.errors</c>);
    /// each is reported as an <c>errors</c> entry with its contract pointer from <see cref="Pointers"/>.
    /// </summary>
    public string? FieldsFrom { get; set; }

    /// <summary>Upstream field name → contract JSON pointer, e.g. <c>nik_pemohon</c> → <c>/pemohon/nik</c>. Unlisted fields are not named.</summary>
    public Dictionary<string, string> Pointers { get; set; } = [];

    /// <summary>Pass the upstream's per-field messages as reasons instead of a generic reason.</summary>
    public bool PassReasons { get; set; }
}
