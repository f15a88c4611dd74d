using Splp.Gateway;
using Splp.Gateway.Catalog;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddSplpGateway();

    var app = builder.Build();
    app.UseSplpGateway();
    app.Run();
    return 0;
}
catch (Exception ex) when (StartupProblems.From(ex) is { Count: > 0 } problems)
{
    // A bad configuration is an operator's mistake, not a crash: one line per problem and exit code 1.
    StartupProblems.Write(Console.Error, problems);
    return 1;
}
