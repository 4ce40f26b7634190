-- Recalls (issue 8): a producer recalls its own goods, or an authority (customs, admin) anyone's,
-- naming GTINs, lots or SSCCs and a reason. What is affected is not stored: it is the trace
-- downstream of the targets at the time it is asked, so goods shipped after the recall are
-- affected too.
CREATE TABLE recall (
    id               uuid        PRIMARY KEY,
    -- The recalling producer's organisation; NULL for an authority's recall.
    organisation_id  uuid        REFERENCES organisation (id),
    issued_by        text        NOT NULL,
    authority        boolean     NOT NULL,
    reason           text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Targets as canonical GS1 Digital Links: /01/{gtin} (every lot and item of it), /01/{gtin}/10/
-- {lot}, /01/{gtin}/21/{serial}, /00/{sscc}.
CREATE TABLE recall_target (
    recall_id   uuid NOT NULL REFERENCES recall (id),
    identifier  text NOT NULL CHECK (identifier LIKE 'https://id.gs1.org/%'),
    PRIMARY KEY (recall_id, identifier)
);

CREATE INDEX recall_target_identifier ON recall_target (identifier);
