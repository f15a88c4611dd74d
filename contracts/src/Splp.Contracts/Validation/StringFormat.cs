namespace Splp.Contracts.Validation;

/// <summary>The string formats the validator checks; every other format is an annotation only.</summary>
internal enum StringFormat
{
    None,

    /// <summary>RFC 3339 full-date, <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>RFC 3339 date-time with a mandatory offset, e.g. <c>2026-03-02T09:15:00+07:00</c>.</summary>
    DateTime,
}
