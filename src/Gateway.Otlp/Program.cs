// The OTLP gateway on its own (compose mode): an Orleans client that hands spans and log records to the silo cluster.
// Settings come from environment variables (Otlp__GrpcPort, ConnectionStrings__Observatory, Orleans__ClusterId, …).
using Observatory.Gateway.Otlp;
using Observatory.Grains.Client;
using Observatory.Storage;
using Observatory.Web;
using Observatory.Web.Auth;
using Observatory.Web.Health;
using Observatory.Web.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureOtlpKestrel(builder.Configuration));
builder.Services.AddGrainIngestors();
builder.Services.AddOtlpGateway(builder.Configuration);
builder.Services.AddObservatoryMetrics();
builder.Services.AddHealthChecks().AddObservatoryCluster();
// API keys are looked up in PostgreSQL (cached for seconds), so the gateway authenticates exporters itself.
builder.Services.AddObservatoryStorage(builder.Configuration.GetConnectionString("Observatory")
    ?? throw new InvalidOperationException("ConnectionStrings:Observatory is not set."));
builder.UseObservatoryClusterClient();

var app = builder.Build();
app.UseObservatoryAuth();
app.UseObservatoryEdge();
app.MapOtlpGateway();
app.MapObservatoryMetrics();
app.MapObservatoryHealth();
app.Run();
