// The OTLP gateway on its own (compose mode): an Orleans client that hands spans to the silo cluster.
// Settings come from environment variables (Otlp__GrpcPort, ConnectionStrings__Observatory, Orleans__ClusterId, …).
using Observatory.Gateway.Otlp;
using Observatory.Grains;
using Orleans.Configuration;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Observatory")
    ?? throw new InvalidOperationException("ConnectionStrings:Observatory is not set (environment: ConnectionStrings__Observatory).");
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureOtlpKestrel(builder.Configuration));
builder.Services.AddOtlpGateway(builder.Configuration);
builder.Services.AddObservatorySerialization();
builder.Services.AddGrainSpanIngestor();
builder.UseOrleansClient(client =>
{
    client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connectionString; });
    client.Services.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("observatory", "observatory"));
    client.Services.Configure<ClusterOptions>(builder.Configuration.GetSection("Orleans"));
});

var app = builder.Build();
app.MapOtlpGateway();
app.Run();
