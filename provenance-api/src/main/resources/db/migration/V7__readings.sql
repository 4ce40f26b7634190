-- Readings projected from the ledger (issue 8): one row per reading, a batch entry expanding into
-- one row per reading of its r array. The ledger stays the source of truth; this table is a
-- follower's copy for queries and can be rebuilt from the log at any time.
--
-- Keyed by where the reading sits in the log, (ledger_index, pos), not by (device_id, boot, seq):
-- the projector inserts with ON CONFLICT DO NOTHING, so projecting an entry twice (after a crash
-- between reading the log and committing, or a replay) is harmless. (device_id, boot, seq) is unique
-- too, because ingest anchors each of them once, but the log is what we key the copy by.
--
-- Sensor values are columns rather than one jsonb of m: customs rules query temperature (and the
-- other five contract measurements) by time and position, which wants plain typed columns that
-- btree indexes and range predicates work on directly. Measurement names outside the six of the
-- contract are kept in extra_measurements so that nothing the device signed is dropped.
--
-- device_id is not a foreign key to device: the ledger only holds readings of enrolled devices,
-- but a projector must never wedge on a row it cannot insert.
CREATE TABLE reading (
    ledger_index        bigint           NOT NULL CHECK (ledger_index >= 0),
    -- The reading's offset within a batch entry (its seq is the batch's seq + pos); 0 for single.
    pos                 integer          NOT NULL CHECK (pos BETWEEN 0 AND 999),
    device_id           text             NOT NULL,
    boot                bigint           NOT NULL CHECK (boot >= 0),
    seq                 bigint           NOT NULL CHECK (seq >= 0),
    -- The device's clock (its own ts, for a batch reading), and the platform's receive time (rx).
    device_ts           timestamptz      NOT NULL,
    received_at         timestamptz      NOT NULL,
    kind                text             NOT NULL CHECK (kind IN ('sensor', 'scan')),
    temperature         double precision, -- °C
    humidity            double precision, -- %RH
    mass                double precision, -- kg
    lat                 double precision, -- WGS84 degrees
    lon                 double precision, -- WGS84 degrees
    shock               double precision, -- g
    extra_measurements  jsonb,
    -- Scans: what was scanned, the CBV business step, where.
    epc                 text,
    biz_step            text,
    location            text,
    -- EPCs the reading is about (obj); empty when the device named none.
    obj                 text[]           NOT NULL DEFAULT '{}',
    PRIMARY KEY (ledger_index, pos)
);

-- A device's timeline, newest first (GET /api/devices/{id}/readings), paged by (device_ts, key).
CREATE INDEX reading_device_timeline ON reading (device_id, device_ts DESC, ledger_index DESC, pos DESC);
-- Everything measured about an object (MATCH_epc / MATCH_anyEPC, trace): array containment.
CREATE INDEX reading_obj ON reading USING gin (obj);
-- Scans by what was scanned and where (MATCH_epc / MATCH_anyEPC also look at epc, EQ_readPoint
-- at location); partial, because sensor readings have neither.
CREATE INDEX reading_epc ON reading (epc) WHERE epc IS NOT NULL;
CREATE INDEX reading_location ON reading (location) WHERE location IS NOT NULL;
-- EPCIS queries by eventTime across devices (GE_eventTime / LT_eventTime), in page order.
CREATE INDEX reading_event_time ON reading (device_ts, ledger_index, pos);
-- Cold-chain rules: temperature over a time window, only rows that measured it.
CREATE INDEX reading_temperature_time ON reading (device_ts, temperature) WHERE temperature IS NOT NULL;

-- How far the projector has got: the next ledger index to project. It moves in the same
-- transaction as the rows it covers, so after a crash the projector resumes exactly where its
-- last commit left off. One row; locked by the projector for each chunk, so two instances of the
-- application never project the same chunk at the same time.
CREATE TABLE projector_state (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    watermark   bigint      NOT NULL CHECK (watermark >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO projector_state (id, watermark) VALUES (1, 0);
