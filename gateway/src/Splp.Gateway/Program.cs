using Splp.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddSplpGateway();

var app = builder.Build();
app.UseSplpGateway();
app.Run();
