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
        var command = new Command("validate-config", "Check a service catalog the way the gateway does before applying it; lists every problem.") { files };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = new ConfigurationBuilder();
            foreach (var file in parse.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    stderr.WriteLine($"{file.FullName}: no such file.");
                    return UsageError;
                }

                builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
            }

            IConfigurationRoot configuration;
            try
            {
                configuration = builder.Build();
            }
            catch (InvalidDataException ex)
            {
                stderr.WriteLine(ex.Message);
                return ProblemsFound;
            }

            var contracts = await ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot, cancellationToken);
            var result = ServiceCatalogLoader.Load(configuration, BuiltInAdapters.Create(), contracts, revision: 1, TimeProvider.System.GetUtcNow());
            if (result.Catalog is null)
            {
                foreach (var error in result.Errors)
                {
                    stderr.WriteLine(error);
                }

                stderr.WriteLine($"{result.Errors.Count} problem(s); the gateway would refuse this catalog.");
                return ProblemsFound;
            }

            stdout.WriteLine($"OK: {result.Catalog.Services.Count} services.");
            return 0;
        });
        return command;
    }
}
