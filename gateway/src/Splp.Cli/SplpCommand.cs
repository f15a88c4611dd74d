using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Splp.Contracts.Loading;
using Splp.Gateway.Auth;
using Splp.Gateway.Catalog;

namespace Splp.Cli;

/// <summary>The <c>splp</c> operator tool's commands.</summary>
internal static class SplpCommand
{
    /// <summary>Exit code for a command that ran and found problems (e.g. an invalid configuration).</summary>
    public const int ProblemsFound = 1;

    /// <summary>Exit code for bad arguments.</summary>
    public const int UsageError = 2;

    public static RootCommand Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("SPLP Gateway operator tool.");
        root.Subcommands.Add(TokenCommand(stdout, stderr));
        root.Subcommands.Add(ValidateConfigCommand(stdout, stderr));
        root.Subcommands.Add(ApiKeyCommand(stdout, stderr));
        root.Subcommands.Add(ExchangeLogCommands.VerifyLog(stdout, stderr));
        root.Subcommands.Add(ExchangeLogCommands.LogPublicKey(stdout, stderr));
        return root;
    }

    private static Command ApiKeyCommand(TextWriter stdout, TextWriter stderr)
    {
        var consumer = new Option<string>("--consumer") { Description = "The consumer the key belongs to (Splp:Consumers:<id>).", Required = true };
        var keyId = new Option<string?>("--key-id") { Description = "The key's id, unique for the consumer. Default: the current UTC date and time, yyyyMMdd-HHmmss." };
        var command = new Command("apikey", "Generate an API key: prints the key once (line 1; give it to the consumer, it is not stored) and the configuration that stores only its hash.")
        {
            consumer, keyId,
        };
        command.SetAction(parse =>
        {
            var id = parse.GetValue(consumer)!;
            var key = parse.GetValue(keyId) ?? TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            if (!IsConfigName(id) || !IsConfigName(key))
            {
                stderr.WriteLine("--consumer and --key-id must be letters, digits, '-' or '.' (they become configuration keys).");
                return UsageError;
            }

            var apiKey = ApiKeyHash.Generate();
            var hash = ApiKeyHash.Hash(apiKey);
            stdout.WriteLine(apiKey);
            stdout.WriteLine($"Splp__Consumers__{id}__ApiKeys__{key}__Hash={hash}");
            stdout.WriteLine($"{{ \"Splp\": {{ \"Consumers\": {{ \"{id}\": {{ \"ApiKeys\": {{ \"{key}\": {{ \"Hash\": \"{hash}\" }} }} }} }} }} }}");
            return 0;
        });
        return command;
    }

    private static bool IsConfigName(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static Command TokenCommand(TextWriter stdout, TextWriter stderr)
    {
        var consumer = new Option<string>("--consumer") { Description = "The consumer id the token is issued to (sub, client_id, azp).", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A scope to grant; repeat the option or separate scopes with spaces.",
            AllowMultipleArgumentsPerToken = true,
        };
        var lifetime = new Option<TimeSpan>("--lifetime") { Description = "How long the token is valid, e.g. 01:00:00.", DefaultValueFactory = _ => TimeSpan.FromHours(1) };
        var key = new Option<string?>("--key") { Description = $"The development signing key file. Default: ${DevSigningKey.PathVariable} or ~/.splp/dev-issuer-key.json." };
        var issuer = new Option<string>("--issuer") { Description = "The iss claim.", DefaultValueFactory = _ => DevTokenMinter.DefaultIssuer };
        var audience = new Option<string>("--audience") { Description = "The aud claim.", DefaultValueFactory = _ => DevTokenMinter.DefaultAudience };

        var command = new Command("token", "Mint a development token that a gateway with the development issuer enabled trusts.")
        {
            consumer, scopes, lifetime, key, issuer, audience,
        };
        command.SetAction(parse =>
        {
            var granted = (parse.GetValue(scopes) ?? []).SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            var validFor = parse.GetValue(lifetime);
            if (validFor <= TimeSpan.Zero || validFor > TimeSpan.FromDays(30))
            {
                stderr.WriteLine("--lifetime must be between one second and 30 days.");
                return UsageError;
            }

            var signingKey = DevSigningKey.LoadOrCreate(parse.GetValue(key));
            var minter = new DevTokenMinter(signingKey, TimeProvider.System, parse.GetValue(issuer)!, parse.GetValue(audience)!);
            stdout.WriteLine(minter.Mint(parse.GetValue(consumer)!, granted, validFor));
            return 0;
        });
        return command;
    }

    private static Command ValidateConfigCommand(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "JSON configuration files, applied in order as the gateway would (e.g. appsettings.json appsettings.Production.json).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate-config", "Check configuration files the way the gateway does at start and on reload (catalog, adapters, cache rules, consumers, plans); one line per problem.") { files };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = new ConfigurationBuilder();
            var paths = new List<string>();
            foreach (var file in parse.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    stderr.WriteLine($"{file.FullName}: no such file.");
                    return UsageError;
                }

                builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
                paths.Add(file.FullName);
            }

            IConfigurationRoot configuration;
            try
            {
                configuration = builder.Build();
            }
            catch (InvalidDataException ex)
            {
                stderr.WriteLine(GuardedJsonConfigurationProvider.Describe(ex));
                return ProblemsFound;
            }

            // The gateway's own loader: every section (catalog, adapters, cache rules, consumers, plans) and the
            // checks between them, as at start and on every reload.
            var contracts = await ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot, cancellationToken);
            var result = GatewayConfigurationLoader.Load(configuration, BuiltInAdapters.Create(), contracts, revision: 1, TimeProvider.System.GetUtcNow());
            if (result.Configuration is null)
            {
                foreach (var error in result.Errors)
                {
                    stderr.WriteLine($"{FileOf(configuration, paths, error)}: {error}");
                }

                stderr.WriteLine($"{result.Errors.Count} problem(s); the gateway would refuse this configuration.");
                return ProblemsFound;
            }

            var snapshot = result.Configuration;
            stdout.WriteLine($"OK: {snapshot.Catalog.Services.Count} services, {snapshot.Consumers.Consumers.Count} consumers.");
            return 0;
        });
        return command;
    }

    /// <summary>The last of the files (they apply in order) that sets the key a problem names, or its nearest section.</summary>
    private static string FileOf(IConfigurationRoot configuration, List<string> paths, string error)
    {
        var key = error.Split(' ', 2)[0].TrimEnd(':', '.');
        for (var at = key; at.Length > 0; at = at.Contains(':', StringComparison.Ordinal) ? at[..at.LastIndexOf(':')] : string.Empty)
        {
            for (var i = configuration.Providers.Count() - 1; i >= 0; i--)
            {
                var provider = configuration.Providers.ElementAt(i);
                if (provider.TryGet(at, out _) || provider.GetChildKeys([], at).Any())
                {
                    return paths[i];
                }
            }
        }

        return paths[^1];
    }
}
