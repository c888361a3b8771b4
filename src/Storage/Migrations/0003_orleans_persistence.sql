-- Observatory: Orleans ADO.NET providers, part 3 of 4 (grain state).
--
-- Written for this project to the public contract of Microsoft.Orleans.Persistence.AdoNet for Orleans 10.x
-- (checked against 10.4.2, invariant "Npgsql"); used by AddAdoNetGrainStorage(...).
--
-- Defines the OrleansQuery keys:
--   WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (required), DeleteStorageKey (needed only with
--   AdoNetGrainStorageOptions.DeleteStateOnClear = true)
-- and the function writetostorage(...) that WriteToStorageKey calls.
--
-- Parameters bound by the provider: @GrainIdHash, @GrainTypeHash (int hashes), @GrainIdN0, @GrainIdN1
-- (bigint halves of a Guid key, or 0 and the integer key), @GrainIdExtensionString (string key or key
-- extension, may be NULL), @GrainTypeString (the *state name*, not the grain class), @ServiceId,
-- @GrainStateVersion (the ETag as int, NULL when the grain has never seen a stored row) and
-- @PayloadBinary (the serialized state).
-- A state row is identified by (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString);
-- the hashes only narrow the index search.
--
-- Optimistic concurrency (ETag = Version):
--   * write  answers NewGrainStateVersion: the new version on success; on a conflict the unchanged
--            @GrainStateVersion (or NULL for a first write that lost), which Orleans turns into an
--            InconsistentStateException.
--   * read   answers PayloadBinary and Version; no row means "no state, no ETag".
--   * clear  keeps the row, nulls the payload and bumps Version; answers the new version, no row on a conflict.
--   * delete removes the row; answers a value different from the ETag, no row on a conflict.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer       NOT NULL,
    GrainIdN0              bigint        NOT NULL,
    GrainIdN1              bigint        NOT NULL,
    GrainTypeHash          integer       NOT NULL,
    GrainTypeString        varchar(512)  NOT NULL,
    GrainIdExtensionString varchar(512)  NULL,
    ServiceId              varchar(150)  NOT NULL,
    PayloadBinary          bytea         NULL,
    ModifiedOn             timestamptz   NOT NULL DEFAULT now(),
    Version                integer       NULL
);

CREATE INDEX IF NOT EXISTS IX_OrleansStorage
    ON OrleansStorage USING btree (GrainIdHash, GrainTypeHash);

-- Insert-or-update of one state row, guarded by the version (see above).
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash            integer,
    _grainidn0              bigint,
    _grainidn1              bigint,
    _graintypehash          integer,
    _graintypestring        varchar,
    _grainidextensionstring varchar,
    _serviceid              varchar,
    _grainstateversion      integer,
    _payloadbinary          bytea)
  RETURNS TABLE(newgrainstateversion integer)
  LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        -- The grain read (or wrote) version _grainstateversion: update exactly that version.
        UPDATE OrleansStorage
        SET    PayloadBinary = _payloadbinary,
               ModifiedOn = now(),
               Version = Version + 1
        WHERE  GrainIdHash = _grainidhash
          AND  GrainTypeHash = _graintypehash
          AND  GrainIdN0 = _grainidn0
          AND  GrainIdN1 = _grainidn1
          AND  GrainTypeString = _graintypestring
          AND  GrainIdExtensionString IS NOT DISTINCT FROM _grainidextensionstring
          AND  ServiceId = _serviceid
          AND  Version = _grainstateversion;

        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected > 0 THEN
            RETURN QUERY SELECT _grainstateversion + 1;
        ELSE
            RETURN QUERY SELECT _grainstateversion;
        END IF;
        RETURN;
    END IF;

    -- First write: only one writer may create the row. The table has no unique key (the extension string
    -- is nullable and long), so concurrent creators of the same key queue on a transaction-scoped
    -- advisory lock; the loser then sees the winner's row and inserts nothing.
    PERFORM pg_advisory_xact_lock(_grainidhash, _graintypehash);

    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring, _grainidextensionstring,
           _serviceid, _payloadbinary, now(), 1
    WHERE NOT EXISTS
    (
        SELECT 1
        FROM   OrleansStorage
        WHERE  GrainIdHash = _grainidhash
          AND  GrainTypeHash = _graintypehash
          AND  GrainIdN0 = _grainidn0
          AND  GrainIdN1 = _grainidn1
          AND  GrainTypeString = _graintypestring
          AND  GrainIdExtensionString IS NOT DISTINCT FROM _grainidextensionstring
          AND  ServiceId = _serviceid
    );

    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected > 0 THEN
        RETURN QUERY SELECT 1;
    ELSE
        RETURN QUERY SELECT NULL::integer;
    END IF;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'WriteToStorageKey',
    'SELECT newgrainstateversion AS NewGrainStateVersion
     FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                         @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);'
),
(
    'ReadFromStorageKey',
    'SELECT PayloadBinary, ModifiedOn, Version
     FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId;'
),
(
    'ClearStorageKey',
    'UPDATE OrleansStorage
     SET PayloadBinary = NULL,
         ModifiedOn = now(),
         Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
     RETURNING Version AS NewGrainStateVersion;'
),
(
    'DeleteStorageKey',
    'DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
     RETURNING Version + 1 AS NewGrainStateVersion;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
