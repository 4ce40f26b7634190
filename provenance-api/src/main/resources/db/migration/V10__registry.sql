-- The registry (issue 8): what producers register before they record events — who they are,
-- their locations (GLN), products (GTIN), lots, serials, logistic units (SSCC) and the devices
-- riding on them, and their certificates. Every row belongs to one organisation, and a GS1 key is
-- accepted only under one of that organisation's company prefixes, so the key itself says whose
-- it is. The API enforces both; the constraints here keep the data sane whatever writes it.

-- Organisations are registered, then verified (or rejected) by a platform admin. Rows that existed
-- before this migration were never checked by anyone: they start pending like new ones.
ALTER TABLE organisation
    ADD COLUMN status           text        NOT NULL DEFAULT 'pending'
                                            CHECK (status IN ('pending', 'verified', 'rejected')),
    ADD COLUMN registered_by    text,
    ADD COLUMN decided_at       timestamptz,
    ADD COLUMN decided_by       text,
    ADD COLUMN decision_checks  text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN decision_note    text        CHECK (length(decision_note) <= 2000),
    ADD CONSTRAINT organisation_decided CHECK ((status = 'pending') = (decided_at IS NULL));

-- Every verification decision, kept: the organisation row holds the latest, this the history
-- (who decided, when, what they checked), so a later rejection does not erase what was checked.
CREATE TABLE organisation_decision (
    id              bigserial   PRIMARY KEY,
    organisation_id uuid        NOT NULL REFERENCES organisation (id),
    outcome         text        NOT NULL CHECK (outcome IN ('verified', 'rejected')),
    checks          text[]      NOT NULL,
    note            text        CHECK (length(note) <= 2000),
    decided_by      text        NOT NULL,
    decided_at      timestamptz NOT NULL
);

CREATE INDEX organisation_decision_organisation ON organisation_decision (organisation_id, id);

-- A place: a GLN, or a GLN with an extension (SGLN, AI 254; '' = none) for a sub-location.
CREATE TABLE location (
    id              uuid             PRIMARY KEY,
    organisation_id uuid             NOT NULL REFERENCES organisation (id),
    gln             char(13)         NOT NULL CHECK (gln ~ '^[0-9]{13}$'),
    extension       varchar(20)      NOT NULL DEFAULT '',
    name            text             NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address         text             CHECK (length(address) <= 1000),
    country         char(2)          NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    -- WGS84 degrees; both or neither.
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    kind            text             NOT NULL CHECK (kind IN ('farm', 'vessel', 'port', 'warehouse',
                                         'mill', 'processing-plant', 'retail', 'other')),
    created_at      timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (gln, extension),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);

CREATE INDEX location_organisation ON location (organisation_id, id);

-- A trade item, keyed by its GTIN in 14 digits whatever length it was written in.
CREATE TABLE product (
    gtin            char(14)    PRIMARY KEY CHECK (gtin ~ '^[0-9]{14}$'),
    organisation_id uuid        NOT NULL REFERENCES organisation (id),
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category        text        NOT NULL CHECK (category IN ('grain', 'fish', 'other')),
    species         text        CHECK (length(species) <= 200),
    description     text        CHECK (length(description) <= 5000),
    image_urls      text[]      NOT NULL DEFAULT '{}',
    -- What a consumer scanning the pack may see (the rest stays with the producer, auditors,
    -- customs and admins): names of the fields above, e.g. {name,category,imageUrls}.
    public_fields   text[]      NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX product_organisation ON product (organisation_id, gtin);

-- A batch/lot (AI 10) of one product.
CREATE TABLE lot (
    id              uuid          PRIMARY KEY,
    organisation_id uuid          NOT NULL REFERENCES organisation (id),
    gtin            char(14)      NOT NULL REFERENCES product (gtin),
    lot             varchar(20)   NOT NULL CHECK (length(lot) >= 1),
    production_date date,
    expiry_date     date,
    origin_id       uuid          REFERENCES location (id),
    -- Free text: a FAO fishing area, a field, a region ("FAO 71", "Lampung, field 7").
    harvest_area    text          CHECK (length(harvest_area) <= 500),
    quantity        numeric(20, 6) CHECK (quantity > 0),
    -- UN/CEFACT Recommendation 20 unit code (KGM, TNE, LTR, H87, ...).
    unit            varchar(3)    CHECK (unit ~ '^[A-Z0-9]{2,3}$'),
    public          boolean       NOT NULL DEFAULT false,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (gtin, lot),
    CHECK (expiry_date >= production_date),
    CHECK ((quantity IS NULL) = (unit IS NULL))
);

CREATE INDEX lot_organisation ON lot (organisation_id, id);

-- Serial numbers (AI 21) of a product, kept compactly: a numeric range of one width is one row
-- ("000001".."250000" is 250,000 serials in one row), a list of serials is one row holding them.
CREATE TABLE serial_block (
    id              uuid        PRIMARY KEY,
    organisation_id uuid        NOT NULL REFERENCES organisation (id),
    gtin            char(14)    NOT NULL REFERENCES product (gtin),
    -- A range: first..last, digits of one width (compared as text, which then orders as numbers).
    first_serial    varchar(20),
    last_serial     varchar(20),
    -- A list: the serials themselves.
    serials         text[],
    count           bigint      NOT NULL CHECK (count > 0),
    status          text        NOT NULL CHECK (status IN ('commissioned', 'decommissioned', 'destroyed')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((serials IS NULL) = (first_serial IS NOT NULL)),
    CHECK ((first_serial IS NULL) = (last_serial IS NULL)),
    CHECK (first_serial ~ '^[0-9]{1,20}$' AND length(last_serial) = length(first_serial)
           AND last_serial >= first_serial)
);

CREATE INDEX serial_block_gtin ON serial_block (gtin, first_serial);

-- A logistic unit (pallet, container, tote), keyed by its SSCC (AI 00).
CREATE TABLE logistic_unit (
    sscc            char(18)    PRIMARY KEY CHECK (sscc ~ '^[0-9]{18}$'),
    organisation_id uuid        NOT NULL REFERENCES organisation (id),
    content         text        CHECK (length(content) <= 2000),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX logistic_unit_organisation ON logistic_unit (organisation_id, sscc);

-- Which device rode on which logistic unit when: [valid_from, valid_to), open while valid_to is
-- NULL. One device is on one unit at a time (the API checks overlaps under a lock on the device
-- row); a unit may carry several devices.
CREATE TABLE logistic_unit_device (
    id              uuid        PRIMARY KEY,
    sscc            char(18)    NOT NULL REFERENCES logistic_unit (sscc),
    device_id       text        NOT NULL REFERENCES device (id),
    valid_from      timestamptz NOT NULL,
    valid_to        timestamptz CHECK (valid_to > valid_from),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX logistic_unit_device_unit ON logistic_unit_device (sscc, valid_from);
CREATE INDEX logistic_unit_device_device ON logistic_unit_device (device_id, valid_from);

-- A certificate (organic, MSC, halal, ...) held by an organisation for some of its products or
-- lots. The document itself stays with the producer; its SHA-256 pins which document it was.
CREATE TABLE certificate (
    id                uuid        PRIMARY KEY,
    organisation_id   uuid        NOT NULL REFERENCES organisation (id),
    type              text        NOT NULL CHECK (type IN ('organic', 'msc', 'halal', 'phytosanitary',
                                      'catch-certificate', 'other')),
    issuer_name       text        NOT NULL CHECK (length(issuer_name) BETWEEN 1 AND 200),
    issuer_gln        char(13)    CHECK (issuer_gln ~ '^[0-9]{13}$'),
    valid_from        date        NOT NULL,
    valid_to          date        NOT NULL CHECK (valid_to >= valid_from),
    document_sha256   char(64)    NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
    document_url      text        CHECK (length(document_url) <= 2000),
    status            text        NOT NULL CHECK (status IN ('valid', 'revoked')),
    revoked_at        timestamptz,
    revocation_reason text        CHECK (length(revocation_reason) <= 2000),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);

CREATE INDEX certificate_organisation ON certificate (organisation_id, id);

CREATE TABLE certificate_gtin (
    certificate_id  uuid     NOT NULL REFERENCES certificate (id),
    gtin            char(14) NOT NULL REFERENCES product (gtin),
    PRIMARY KEY (certificate_id, gtin)
);

CREATE INDEX certificate_gtin_gtin ON certificate_gtin (gtin);

CREATE TABLE certificate_lot (
    certificate_id  uuid NOT NULL REFERENCES certificate (id),
    lot_id          uuid NOT NULL REFERENCES lot (id),
    PRIMARY KEY (certificate_id, lot_id)
);

CREATE INDEX certificate_lot_lot ON certificate_lot (lot_id);
