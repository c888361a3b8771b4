// The silo host. `Observatory.Silo migrate` applies the database migrations and exits, `rebuild-rollups [--project P]`
// folds stored minutes into hourly and daily rollups and exits, `verify-derived [--project P]` compares trace summaries
// and rollups with a recomputation from the stored spans and exits; otherwise it runs a silo, by default all-in-one
// (silo + OTLP gateway + REST API in one process).
using Observatory.Silo.Hosting;

if (args is ["migrate", ..])
{
    return MigrateCommand.Run(args[1..]);
}

if (args is ["rebuild-rollups", ..])
{
    return await RebuildRollupsCommand.RunAsync(args[1..]);
}

if (args is ["verify-derived", ..])
{
    return await VerifyDerivedCommand.RunAsync(args[1..]);
}

await ObservatoryApp.Create(args).RunAsync();
return 0;
