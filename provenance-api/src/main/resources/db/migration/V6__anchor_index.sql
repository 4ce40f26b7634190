-- The anchor index (issue 7): which (dev, boot, seq) ranges are in the ledger, and the SHA-256 of
-- the message holding them. It makes anchoring idempotent (a redelivered reading is recognised as
-- a duplicate, a different message for the same range as an equivocation) and rebuilds the
-- sequencer's replay window after a restart. The ledger is the source of truth: the index follows
-- it, and indexed_size says how far; after a crash between a ledger commit and its index rows the
-- sequencer re-reads the entries from indexed_size onwards before it appends anything.
CREATE TABLE anchored_reading (
    device_id    text     NOT NULL,
    boot         bigint   NOT NULL CHECK (boot >= 0),
    first_seq    bigint   NOT NULL CHECK (first_seq >= 0),
    last_seq     bigint   NOT NULL CHECK (last_seq >= first_seq),
    sha256       bytea    NOT NULL CHECK (length(sha256) = 32),
    ledger_index bigint   NOT NULL CHECK (ledger_index >= 0),
    PRIMARY KEY (device_id, boot, first_seq)
);

-- Window rebuilds read the newest ranges of each boot; proofs look a reading's entry up.
CREATE INDEX anchored_reading_high ON anchored_reading (device_id, boot, last_seq DESC);
CREATE INDEX anchored_reading_entry ON anchored_reading (ledger_index);

CREATE TABLE anchor_state (
    id           smallint PRIMARY KEY CHECK (id = 1),
    indexed_size bigint   NOT NULL CHECK (indexed_size >= 0)
);

INSERT INTO anchor_state (id, indexed_size) VALUES (1, 0);
