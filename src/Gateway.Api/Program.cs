// Gateway.Api on its own (compose): an Orleans client of the silo cluster serving the REST API.
using Observatory.Gateway.Api.Hosting;
using Observatory.Grains.Client;
using Observatory.Web;
using Observatory.Web.Auth;
using Observatory.Web.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.ListenApi(builder.Configuration));
builder.Services.AddObservatoryApi(builder.Configuration);
builder.Services.AddObservatoryMetrics();
builder.UseObservatoryClusterClient();
builder.UseOrleansClient(client => client.AddObservatoryLiveStreams());

var app = builder.Build();
app.UseExceptionHandler();
app.UseObservatoryAuth();
app.UseObservatoryEdge();
app.UseApiErrorBodies(); // after the query cache, which starts every GET response it passes on
app.MapObservatoryApi(app.Configuration);
app.MapObservatoryMetrics();
app.Run();
