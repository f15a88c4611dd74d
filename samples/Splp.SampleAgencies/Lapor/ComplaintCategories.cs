namespace Splp.SampleAgencies.Lapor;

/// <summary>A complaint category and the agency complaints in it are routed to.</summary>
internal sealed record ComplaintCategory(string Code, string AgencyCode, int Weight);

/// <summary>The category codes and statuses of the complaint app.</summary>
internal static class ComplaintCategories
{
    public const string Submitted = "SUBMITTED";
    public const string Verified = "VERIFIED";
    public const string InProgress = "IN_PROGRESS";
    public const string Resolved = "RESOLVED";
    public const string Closed = "CLOSED";
    public const string Rejected = "REJECTED";

    public static IReadOnlyList<string> Statuses { get; } = [Submitted, Verified, InProgress, Resolved, Closed, Rejected];

    public static IReadOnlyList<ComplaintCategory> All { get; } =
    [
        new("INFRA", "DPUPKP", 30),
        new("KESEHATAN", "DINKES", 10),
        new("PENDIDIKAN", "DISDIK", 8),
        new("ADMINDUK", "DISDUKCAPIL", 12),
        new("PERIZINAN", "DPMPTSP", 7),
        new("LINGKUNGAN", "DLH", 15),
        new("SOSIAL", "DINSOS", 10),
        new("KEAMANAN", "SATPOLPP", 8),
    ];

    private static readonly Dictionary<string, ComplaintCategory> ByCode = All.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    public static ComplaintCategory? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var category) ? category : null;
}
