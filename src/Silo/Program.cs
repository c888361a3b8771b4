// The silo host. `Observatory.Silo migrate` applies the database migrations and exits;
// otherwise it runs a silo, by default all-in-one (silo + OTLP gateway + REST API in one process).
using Observatory.Silo.Hosting;

if (args is ["migrate", ..])
{
    return MigrateCommand.Run(args[1..]);
}

await ObservatoryApp.Create(args).RunAsync();
return 0;
