namespace Splp.SampleAgencies;

/// <summary>The sample agency apps, each a legacy upstream with its own payload shape.</summary>
public enum SampleAgency
{
    /// <summary>Civil registry: XML, UPPER_SNAKE, errors as codes inside HTTP 200.</summary>
    Disdukcapil,

    /// <summary>Licensing (OSS-style): JSON in a <c>{status, data, message}</c> envelope, snake_case.</summary>
    Dpmptsp,

    /// <summary>Regional tax: JSON with upper-case abbreviations, numeric codes and <c>yyyyMMdd</c> dates.</summary>
    Bapenda,

    /// <summary>Complaints (SP4N-LAPOR-like): JSON, English snake_case, Unix timestamps, paginated lists.</summary>
    Lapor,
}
