using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

// Bare YARP for the benchmark scripts: GET /bare/{**rest} is forwarded to --upstream (e.g. http://127.0.0.1:5202/)
// as /{rest}, with YARP's default transforms. Listens on ASPNETCORE_URLS.
var builder = WebApplication.CreateBuilder(args);
var upstream = builder.Configuration["upstream"] ?? throw new InvalidOperationException("Pass --upstream http://host:port/");
builder.Services.AddReverseProxy()
    .LoadFromMemory(
        [new RouteConfig { RouteId = "bare", ClusterId = "upstream", Match = new RouteMatch { Path = "/bare/{**rest}" } }.WithTransformPathRemovePrefix("/bare")],
        [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["a"] = new() { Address = upstream } } }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
