using Microsoft.Extensions.Configuration;

namespace Splp.Adapters.Declarative;

/// <summary>
/// Builds declarative adapters from configuration, in the manner of YARP's transform factories: every problem of a
/// mapping is collected with its configuration path, and a mapping with any problem is refused whole.
/// </summary>
public static class DeclarativeAdapterFactory
{
    /// <summary>The configuration section that holds one child section per declarative adapter.</summary>
    public const string SectionName = "Splp:Adapters";

    /// <summary>
    /// Validates <paramref name="options"/> and compiles them into an immutable, thread-safe adapter named
    /// <paramref name="name"/>; on any problem adds each to <paramref name="errors"/> (as
    /// <c>Adapters:&lt;name&gt;:&lt;path&gt;: &lt;message&gt;</c>) and returns null.
    /// </summary>
    public static IServiceAdapter? TryBuild(string name, DeclarativeAdapterOptions options, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        return new MappingCompiler(name, options, errors).Compile();
    }

    /// <summary>
    /// Binds one adapter's options from its section (e.g. <c>Splp:Adapters:dpmptsp-oss</c>), refusing keys the options
    /// do not know (a misspelt key is an error, not a silently ignored setting); null with the problem in
    /// <paramref name="errors"/> when the section cannot be bound.
    /// </summary>
    public static DeclarativeAdapterOptions? TryBind(IConfigurationSection section, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(errors);
        var options = new DeclarativeAdapterOptions();
        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            return options;
        }
        catch (InvalidOperationException e)
        {
            errors.Add($"Adapters:{section.Key}: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Builds every adapter under <c>Splp:Adapters</c> of <paramref name="configuration"/>. All or nothing: when any
    /// adapter has a problem, returns an empty list and every problem is in <paramref name="errors"/>.
    /// </summary>
    public static IReadOnlyList<IServiceAdapter> TryBuildAll(IConfiguration configuration, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var adapters = new List<IServiceAdapter>();
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            if (TryBind(section, errors) is { } options && TryBuild(section.Key, options, errors) is { } adapter)
            {
                adapters.Add(adapter);
            }
        }

        return errors.Count == before ? adapters : [];
    }
}
