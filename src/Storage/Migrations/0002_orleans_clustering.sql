-- Observatory: Orleans ADO.NET providers, part 2 of 4 (cluster membership).
--
-- Written for this project to the public contract of Microsoft.Orleans.Clustering.AdoNet for Orleans 10.x
-- (checked against 10.4.2, invariant "Npgsql"); used by silos (UseAdoNetClustering) and by clients for
-- gateway discovery.
--
-- Defines the OrleansQuery keys:
--   InsertMembershipVersionKey, InsertMembershipKey, UpdateMembershipKey, UpdateIAmAlivetimeKey,
--   MembershipReadRowKey, MembershipReadAllKey, GatewaysQueryKey, DeleteMembershipTableEntriesKey,
--   CleanupDefunctSiloEntriesKey, CleanupDefunctSiloEntryKey
-- (the first nine are required at provider start-up; CleanupDefunctSiloEntryKey is optional in 10.4.2 and,
-- when present, replaces the bulk cleanup with a per-row one).
--
-- Parameters bound by the provider: @DeploymentId (the ClusterId), @Address (text), @Port, @Generation,
-- @SiloName, @HostName, @Status (SiloStatus as int: 3 = Active, 6 = Dead), @ProxyPort, @StartTime,
-- @IAmAliveTime, @SuspectTimes ("silo,date|silo,date" or NULL) and @Version (the table version as int).
--
-- Optimistic concurrency: the membership table as a whole has one version row per deployment. Insert and
-- update succeed only when @Version still equals the stored version; they then bump it by one, and either
-- both the version bump and the row change happen or neither does. They answer a single column that is
-- > 0 on success and 0 when the version or the row did not match (Orleans then re-reads and retries).

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Creates the version row of a deployment once. Answers 1 when this call created it, 0 when it existed.
CREATE OR REPLACE FUNCTION insert_membership_version(
    DeploymentIdArg varchar)
  RETURNS TABLE(row_count integer)
  LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (DeploymentIdArg)
    ON CONFLICT (DeploymentId) DO NOTHING;

    GET DIAGNOSTICS affected = ROW_COUNT;
    RETURN QUERY SELECT affected;
END
$$;

-- Adds a silo row if the table version still matches; bumps the version in the same step.
-- A lost version race or an already existing row leaves both tables untouched and answers 0.
CREATE OR REPLACE FUNCTION insert_membership(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    SiloNameArg     varchar,
    HostNameArg     varchar,
    StatusArg       integer,
    ProxyPortArg    integer,
    StartTimeArg    timestamptz,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
  RETURNS TABLE(row_count integer)
  LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    -- The version row lock taken here serialises concurrent membership writers of the deployment.
    UPDATE OrleansMembershipVersionTable
    SET    Version = Version + 1,
           Timestamp = now()
    WHERE  DeploymentId = DeploymentIdArg
      AND  VersionArg IS NOT NULL
      AND  Version = VersionArg
      AND  Version < 2147483647;

    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg, StatusArg, ProxyPortArg,
         StartTimeArg, IAmAliveTimeArg)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        -- The row exists already: undo the version bump, the write did not happen.
        UPDATE OrleansMembershipVersionTable
        SET    Version = Version - 1
        WHERE  DeploymentId = DeploymentIdArg;
    END IF;

    RETURN QUERY SELECT affected;
END
$$;

-- Changes a silo row (status, suspicions, heartbeat) if the table version still matches; bumps the version
-- in the same step. A lost version race or a missing row leaves both tables untouched and answers 0.
CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    StatusArg       integer,
    SuspectTimesArg varchar,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
  RETURNS TABLE(row_count integer)
  LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET    Version = Version + 1,
           Timestamp = now()
    WHERE  DeploymentId = DeploymentIdArg
      AND  VersionArg IS NOT NULL
      AND  Version = VersionArg
      AND  Version < 2147483647;

    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    UPDATE OrleansMembershipTable
    SET    Status = StatusArg,
           SuspectTimes = SuspectTimesArg,
           -- a heartbeat that raced ahead of this write must not be moved back
           IAmAliveTime = GREATEST(IAmAliveTime, IAmAliveTimeArg)
    WHERE  DeploymentId = DeploymentIdArg
      AND  Address = AddressArg
      AND  Port = PortArg
      AND  Generation = GenerationArg;

    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        UPDATE OrleansMembershipVersionTable
        SET    Version = Version - 1
        WHERE  DeploymentId = DeploymentIdArg;
    END IF;

    RETURN QUERY SELECT affected;
END
$$;

-- Heartbeat: only moves IAmAliveTime forward; does not touch the table version. The result is not read.
CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    IAmAliveTimeArg timestamptz)
  RETURNS void
  LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE OrleansMembershipTable
    SET    IAmAliveTime = GREATEST(IAmAliveTime, IAmAliveTimeArg)
    WHERE  DeploymentId = DeploymentIdArg
      AND  Address = AddressArg
      AND  Port = PortArg
      AND  Generation = GenerationArg;
END
$$;

-- The query texts. Result columns are read by name; the membership reads must always yield the version
-- row (LEFT JOIN), with NULL silo columns when the deployment has no silo (yet).
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'InsertMembershipVersionKey',
    'SELECT row_count FROM insert_membership_version(@DeploymentId);'
),
(
    'InsertMembershipKey',
    'SELECT row_count FROM insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);'
),
(
    'UpdateMembershipKey',
    'SELECT row_count FROM update_membership(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);'
),
(
    'UpdateIAmAlivetimeKey',
    'SELECT update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);'
),
(
    'MembershipReadRowKey',
    'SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
            m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
     FROM OrleansMembershipVersionTable v
     LEFT JOIN OrleansMembershipTable m
            ON m.DeploymentId = v.DeploymentId
           AND m.Address = @Address
           AND m.Port = @Port
           AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;'
),
(
    'MembershipReadAllKey',
    'SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
            m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
     FROM OrleansMembershipVersionTable v
     LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;'
),
(
    'GatewaysQueryKey',
    'SELECT Address, ProxyPort, Generation
     FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Status = @Status
       AND ProxyPort > 0;'
),
(
    -- two statements in one text: Npgsql runs them as one batch (one implicit transaction)
    'DeleteMembershipTableEntriesKey',
    'DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
     DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'
),
(
    -- Bulk form, used only when CleanupDefunctSiloEntryKey is missing: drops Dead rows with no sign of
    -- life (start, heartbeat or suspicion) since @IAmAliveTime. Does not change the table version.
    'CleanupDefunctSiloEntriesKey',
    'DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Status = 6
       AND IAmAliveTime < @IAmAliveTime
       AND StartTime < @IAmAliveTime
       AND COALESCE(SuspectTimes, '''') = '''';'
),
(
    -- Per-row form: the provider picks Dead rows older than its cut-off from a read and passes the values
    -- it saw; the row goes only if none of them changed since. Does not change the table version.
    'CleanupDefunctSiloEntryKey',
    'DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address
       AND Port = @Port
       AND Generation = @Generation
       AND Status = 6
       AND StartTime = @StartTime
       AND IAmAliveTime = @IAmAliveTime
       AND COALESCE(SuspectTimes, '''') = COALESCE(@SuspectTimes, '''');'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
