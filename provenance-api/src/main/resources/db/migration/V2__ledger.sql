-- The ledger: C2SP tlog-tiles stored one row per tile (level -1 holds entry bundles). A tile's
-- hashes never change once written, so a partial tile is a prefix of a wider one: only the widest
-- version is kept and the server cuts ".p/W" from it. The single state row is locked by every
-- commit, which makes the sequencer's check-and-append atomic.
CREATE TABLE ledger_tile (
    level  smallint NOT NULL CHECK (level BETWEEN -1 AND 63),
    idx    bigint   NOT NULL CHECK (idx >= 0),
    width  smallint NOT NULL CHECK (width BETWEEN 1 AND 256),
    data   bytea    NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE ledger_state (
    id              smallint    PRIMARY KEY CHECK (id = 1),
    size            bigint      NOT NULL CHECK (size >= 0),
    root            bytea       NOT NULL CHECK (length(root) = 32),
    -- The latest published signed checkpoint; never for a size above the committed one.
    checkpoint      bytea,
    checkpoint_size bigint      CHECK (checkpoint_size IS NULL OR checkpoint_size <= size),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The empty tree: RFC 9162's root of no entries is SHA-256 of the empty string.
INSERT INTO ledger_state (id, size, root) VALUES (1, 0, sha256(''::bytea));
