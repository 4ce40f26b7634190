-- Quarantined messages (DESIGN §2, issue 7): every message that does not become a ledger entry
-- for a reason other than being a duplicate is kept here with its raw bytes, for admins to list
-- and for evidence. Rows are never updated or deleted by the application.
CREATE TABLE quarantine (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at  timestamptz NOT NULL,
    topic        text        NOT NULL CHECK (length(topic) <= 1024),
    reason       text        NOT NULL CHECK (reason IN ('malformed', 'oversize', 'unknown-kid',
                               'bad-signature', 'revoked', 'not-yet-valid',
                               'device-topic-mismatch', 'stale', 'equivocation')),
    detail       text        NOT NULL CHECK (length(detail) <= 2000),
    -- Who and what the message claims to be, when it decoded that far: not authentic.
    device_id    text,
    boot         bigint,
    seq          bigint,
    message      bytea       NOT NULL,
    sha256       bytea       NOT NULL CHECK (length(sha256) = 32)
);

CREATE INDEX quarantine_received ON quarantine (received_at DESC);
CREATE INDEX quarantine_device ON quarantine (device_id, received_at DESC) WHERE device_id IS NOT NULL;
CREATE INDEX quarantine_reason ON quarantine (reason, received_at DESC);

-- A device that signed two different messages for one (boot, seq) is flagged: its key may be
-- copied. Set by ingest on the first equivocation, cleared only by an admin.
ALTER TABLE device ADD COLUMN equivocating_since timestamptz;
