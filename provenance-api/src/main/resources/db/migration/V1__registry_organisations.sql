-- The registry starts with organisations and the GS1 company prefixes they own: every later
-- table (locations, products, devices, events) is scoped to an organisation, and a prefix decides
-- which GTINs, GLNs and SSCCs an organisation may register.
CREATE TABLE organisation (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    country     char(2)     NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gs1_company_prefix (
    prefix          varchar(12) PRIMARY KEY CHECK (prefix ~ '^[0-9]{4,12}$'),
    organisation_id uuid NOT NULL REFERENCES organisation (id)
);

CREATE INDEX gs1_company_prefix_organisation ON gs1_company_prefix (organisation_id);
