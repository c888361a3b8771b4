// The OTLP gateway on its own (compose mode): an Orleans client that hands spans and log records to the silo cluster.
// Settings come from environment variables (Otlp__GrpcPort, ConnectionStrings__Observatory, Orleans__ClusterId, …).
using Observatory.Gateway.Otlp;
using Observatory.Grains;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureOtlpKestrel(builder.Configuration));
builder.Services.AddGrainIngestors();
builder.Services.AddOtlpGateway(builder.Configuration);
builder.UseObservatoryClusterClient();

var app = builder.Build();
app.MapOtlpGateway();
app.Run();
