-- Observatory: Orleans ADO.NET providers, part 1 of 4 (the query catalogue).
--
-- Written for this project to the public contract of the Orleans ADO.NET providers
-- (Microsoft.Orleans.Clustering.AdoNet, .Persistence.AdoNet and .Reminders.AdoNet, Orleans 10.x,
-- checked against 10.4.2, invariant "Npgsql"). The NuGet packages ship no SQL, so the project keeps its own.
--
-- Defines: table OrleansQuery (QueryKey -> QueryText). No query keys; 0002..0004 add them.
--
-- The contract, in short:
--   * At start-up every provider runs "SELECT QueryKey, QueryText FROM OrleansQuery" and from then on
--     executes only the stored texts, binding its values as named parameters (@Name).
--   * Parameter names, result column names and their meaning are fixed by the binaries; table layout,
--     helper functions and indexes are ours to choose.
--   * Versions (ETags) are integers; a write that loses a version race must change nothing and report
--     it as described next to each query.
--
-- Applied by DbUp (one transaction per script, journalled so each script runs once). Function bodies are
-- quoted with the untagged dollar quote only, because DbUp takes a tagged one for a variable to substitute.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
