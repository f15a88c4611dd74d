namespace Splp.Gateway.Samples;

/// <summary>
/// The sample agency apps the embedded default starts inside the gateway process, bound from
/// <c>Splp:Samples</c>. Off by default; the Development environment turns them on.
/// </summary>
public sealed class EmbeddedSamplesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Samples";

    /// <summary>Whether the sample agency apps start with the gateway. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The address each sample app listens on, by agency (<c>disdukcapil</c>, <c>dpmptsp</c>, <c>bapenda</c>,
    /// <c>lapor</c>). Defaults: ports 5101-5104 on 127.0.0.1. Use port 0 for an ephemeral port.
    /// </summary>
    public Dictionary<string, string> Urls { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disdukcapil"] = "http://127.0.0.1:5101",
        ["dpmptsp"] = "http://127.0.0.1:5102",
        ["bapenda"] = "http://127.0.0.1:5103",
        ["lapor"] = "http://127.0.0.1:5104",
    };
}
