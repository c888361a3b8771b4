-- Observatory: Orleans ADO.NET providers, part 4 of 4 (reminders).
--
-- Written for this project to the public contract of Microsoft.Orleans.Reminders.AdoNet for Orleans 10.x
-- (checked against 10.4.2, invariant "Npgsql"); used by UseAdoNetReminderService(...).
--
-- Defines the OrleansQuery keys (all required at provider start-up):
--   UpsertReminderRowKey, ReadReminderRowKey, ReadReminderRowsKey, ReadRangeRows1Key, ReadRangeRows2Key,
--   DeleteReminderRowKey, DeleteReminderRowsKey
--
-- Parameters bound by the provider: @ServiceId, @GrainId (GrainId.ToString()), @ReminderName, @StartTime,
-- @Period (milliseconds, int or bigint), @GrainHash (the grain's uniform hash as a signed int),
-- @BeginHash and @EndHash (a ring range, signed ints) and @Version (the ETag as int).
-- Reads answer GrainId, ReminderName, StartTime, Period, Version.
--
-- Optimistic concurrency: every upsert bumps Version (a new reminder starts at 0) and answers it as the
-- ETag; delete removes the row only if Version still equals @Version and answers 1 or 0.
-- Range reads: the provider uses ReadRangeRows1Key when BeginHash < EndHash as signed ints, i.e.
-- (BeginHash, EndHash]; otherwise the range wraps around and ReadRangeRows2Key reads both ends.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads the reminders of its own hash ranges.
CREATE INDEX IF NOT EXISTS IX_RemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'UpsertReminderRowKey',
    'INSERT INTO OrleansRemindersTable AS r
         (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
     VALUES
         (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
     ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
     SET StartTime = EXCLUDED.StartTime,
         Period = EXCLUDED.Period,
         GrainHash = EXCLUDED.GrainHash,
         Version = r.Version + 1
     RETURNING r.Version AS Version;'
),
(
    'ReadReminderRowKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
     FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId
       AND ReminderName = @ReminderName;'
),
(
    'ReadReminderRowsKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
     FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId;'
),
(
    'ReadRangeRows1Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
     FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainHash > @BeginHash
       AND GrainHash <= @EndHash;'
),
(
    'ReadRangeRows2Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
     FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);'
),
(
    'DeleteReminderRowKey',
    'WITH deleted AS
     (
         DELETE FROM OrleansRemindersTable
         WHERE ServiceId = @ServiceId
           AND GrainId = @GrainId
           AND ReminderName = @ReminderName
           AND Version = @Version
         RETURNING 1
     )
     SELECT count(*)::integer AS row_count FROM deleted;'
),
(
    'DeleteReminderRowsKey',
    'DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
