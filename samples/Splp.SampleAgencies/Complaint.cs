using Splp.Contracts.Kependudukan;

namespace Splp.SampleAgencies;

/// <summary>A public complaint in the SP4N-LAPOR-like complaint system.</summary>
public sealed record Complaint
{
    /// <summary>The tracking id, e.g. <c>LAPOR-2026-00012</c>.</summary>
    public required string TrackingId { get; init; }

    /// <summary>The short title.</summary>
    public required string Title { get; init; }

    /// <summary>The complaint text.</summary>
    public required string Content { get; init; }

    /// <summary>INFRA, KESEHATAN, PENDIDIKAN, ADMINDUK, PERIZINAN, LINGKUNGAN, SOSIAL or KEAMANAN.</summary>
    public required string CategoryCode { get; init; }

    /// <summary>SUBMITTED, VERIFIED, IN_PROGRESS, RESOLVED, CLOSED or REJECTED: the last event's status.</summary>
    public required string Status { get; init; }

    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its status last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Where the problem is.</summary>
    public required ComplaintLocation Location { get; init; }

    /// <summary>Whether the reporter asked to stay anonymous; then <see cref="ReporterNik"/> is null.</summary>
    public required bool IsAnonymous { get; init; }

    /// <summary>The reporter's NIK, unless anonymous.</summary>
    public Nik? ReporterNik { get; init; }

    /// <summary>The agency the complaint is routed to, e.g. <c>DPUPKP</c>.</summary>
    public required string AgencyCode { get; init; }

    /// <summary>The status events, oldest first.</summary>
    public required IReadOnlyList<ComplaintEvent> History { get; init; }
}

/// <summary>Where a complaint's problem is.</summary>
/// <param name="Lat">Latitude.</param>
/// <param name="Lng">Longitude.</param>
/// <param name="Kecamatan">The kecamatan, upper case, when known.</param>
/// <param name="Desa">The desa, upper case, when known.</param>
public sealed record ComplaintLocation(double Lat, double Lng, string? Kecamatan, string? Desa);

/// <summary>One status change of a complaint.</summary>
/// <param name="Status">The new status.</param>
/// <param name="At">When.</param>
/// <param name="Note">The note shown to the reporter.</param>
public sealed record ComplaintEvent(string Status, DateTimeOffset At, string Note);
