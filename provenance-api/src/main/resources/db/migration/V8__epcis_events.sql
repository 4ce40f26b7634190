-- Captured EPCIS 2.0 events (issue 8). A capture commits its events here, all of a document in one
-- transaction, before it answers; the anchorer then appends each as an `epcis` ledger entry in
-- capture order and records where it landed (ledger_index). Until then ledger_index is NULL: the
-- unanchored rows are the anchorer's outbox, so a capture acknowledged is never lost, whatever
-- crashes, and never anchored twice (the anchorer recognises its own entries in the log by hash
-- after a crash between the append and the update).
-- The ledger entry is a function of the row (hash, event, organisation_id, record_time in ms).
CREATE TABLE epcis_event (
    -- Capture order: the outbox order, and the tiebreak of events with the same eventTime.
    seq              bigserial   PRIMARY KEY,
    event_id         text        NOT NULL UNIQUE CHECK (length(event_id) BETWEEN 1 AND 2000),
    -- The GS1 event hash (CBV 2.0), ni:///sha-256;…?ver=CBV2.0, also the eventID of an event
    -- captured without one, so a document captured twice does not store its events twice.
    event_hash       text        NOT NULL,
    event_type       text        NOT NULL CHECK (event_type IN ('ObjectEvent', 'AggregationEvent',
                                     'TransactionEvent', 'TransformationEvent', 'AssociationEvent')),
    event_time       timestamptz NOT NULL,
    record_time      timestamptz NOT NULL,
    action           text        CHECK (action IN ('ADD', 'OBSERVE', 'DELETE')),
    -- Vocabulary as bare CBV 2.0 names where it is standard (shipping), else the URI given.
    biz_step         text,
    disposition      text,
    read_point       text,
    biz_location     text,
    organisation_id  uuid        NOT NULL REFERENCES organisation (id),
    capture_id       uuid        NOT NULL,
    -- The event's JSON as captured (with the document's @context when it had none of its own):
    -- what the ledger entry holds and what queries return.
    event            text        NOT NULL,
    ledger_index     bigint      UNIQUE CHECK (ledger_index >= 0)
);

-- SimpleEventQuery in page order (eventTime, then capture order).
CREATE INDEX epcis_event_time ON epcis_event (event_time, seq);
CREATE INDEX epcis_event_record_time ON epcis_event (record_time);
CREATE INDEX epcis_event_biz_step ON epcis_event (biz_step, event_time);
CREATE INDEX epcis_event_read_point ON epcis_event (read_point) WHERE read_point IS NOT NULL;
CREATE INDEX epcis_event_biz_location ON epcis_event (biz_location) WHERE biz_location IS NOT NULL;
CREATE INDEX epcis_event_organisation ON epcis_event (organisation_id, event_time);
CREATE INDEX epcis_event_hash ON epcis_event (event_hash);
-- The anchorer's outbox.
CREATE INDEX epcis_event_unanchored ON epcis_event (seq) WHERE ledger_index IS NULL;

-- Every identifier an event names, by the part it plays: the MATCH_* parameters and the trace graph
-- (parent -> child for aggregation, input -> output for transformation) read this table. EPCs are
-- held as canonical GS1 Digital Link URIs on id.gs1.org where they are GS1 keys, so an EPC URN and
-- a Digital Link of the same object meet; anything else as given.
CREATE TABLE epcis_event_epc (
    event_seq  bigint NOT NULL REFERENCES epcis_event (seq),
    role       text   NOT NULL CHECK (role IN ('epc', 'parent', 'child', 'input', 'output',
                          'quantity', 'child_quantity', 'input_quantity', 'output_quantity')),
    epc        text   NOT NULL,
    PRIMARY KEY (event_seq, role, epc)
);

CREATE INDEX epcis_event_epc_lookup ON epcis_event_epc (epc, role);

-- Capture jobs (EPCIS 2.0 REST binding: POST /epcis/capture -> 202 + Location of the job).
CREATE TABLE capture_job (
    id               uuid        PRIMARY KEY,
    organisation_id  uuid        NOT NULL REFERENCES organisation (id),
    subject          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('running', 'success', 'failed')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    event_count      integer     NOT NULL CHECK (event_count >= 0),
    -- Events the document held that were already captured (same eventID and content), not stored
    -- again.
    duplicate_count  integer     NOT NULL DEFAULT 0 CHECK (duplicate_count >= 0),
    -- The eventID of every event of the document, in document order, stored or already there.
    event_ids        text[]      NOT NULL,
    errors           jsonb
);

-- Where the anchorer's last append started (the log size before it): after a crash between an
-- append and the ledger_index update, the anchorer reads the log from here on to find its own
-- entries, instead of from the beginning. Moved before every append.
CREATE TABLE epcis_anchor_state (
    id         smallint PRIMARY KEY CHECK (id = 1),
    scan_from  bigint   NOT NULL CHECK (scan_from >= 0)
);

INSERT INTO epcis_anchor_state (id, scan_from) VALUES (1, 0);
