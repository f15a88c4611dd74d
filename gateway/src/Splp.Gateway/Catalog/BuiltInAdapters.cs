using Splp.Adapters;
using Splp.Adapters.Disdukcapil;

namespace Splp.Gateway.Catalog;

/// <summary>The adapters that ship with the gateway.</summary>
public static class BuiltInAdapters
{
    /// <summary>A new instance of every built-in adapter.</summary>
    public static IReadOnlyList<IServiceAdapter> Create() => [new KependudukanXmlAdapter()];
}
