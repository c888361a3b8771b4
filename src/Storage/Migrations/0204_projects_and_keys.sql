-- Projects and their API keys. A key is stored only as its SHA-256 hash; key_id is its public prefix.
CREATE TABLE projects (
    project_id text        PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO projects (project_id, name) VALUES ('default', 'Default project') ON CONFLICT DO NOTHING;

CREATE TABLE api_keys (
    key_id     text        PRIMARY KEY,
    project_id text        NOT NULL REFERENCES projects (project_id),
    key_hash   bytea       NOT NULL,
    role       text        NOT NULL CHECK (role IN ('viewer', 'developer', 'admin')),
    kind       text        NOT NULL CHECK (kind IN ('ingest', 'query', 'both')),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX api_keys_by_project ON api_keys (project_id);
