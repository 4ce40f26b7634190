-- Devices and their certificates (DESIGN §2, issue 5). A device belongs to one organisation for
-- ever; it may hold several certificates over time (key rotation), each binding one key (kid).
-- Rows are never deleted: a revoked certificate still explains the readings it signed before.

-- The issuing (intermediate) CA the API signs device certificates with. Its key is encrypted
-- PKCS#8 (passphrase from TRACEMARK_CA_KEY_PASSPHRASE or the passphrase file); the root CA's key
-- is not here: it stays offline (tracemark-keys init-root) or, for the demo, under ~/.tracemark/ca.
CREATE TABLE device_ca (
    id                 smallint    PRIMARY KEY CHECK (id = 1),
    certificate        bytea       NOT NULL,
    root_certificate   bytea       NOT NULL,
    encrypted_key      text        NOT NULL,
    crl_number         bigint      NOT NULL DEFAULT 0 CHECK (crl_number >= 0),
    created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device (
    id              text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    organisation_id uuid        NOT NULL REFERENCES organisation (id),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX device_organisation ON device (organisation_id);

CREATE TABLE device_certificate (
    serial            numeric(40, 0) PRIMARY KEY CHECK (serial > 0),
    device_id         text        NOT NULL REFERENCES device (id),
    kid               bytea       NOT NULL UNIQUE CHECK (length(kid) = 32),
    algorithm         text        NOT NULL CHECK (algorithm IN ('EdDSA', 'ES256')),
    certificate       bytea       NOT NULL,
    not_before        timestamptz NOT NULL,
    not_after         timestamptz NOT NULL CHECK (not_after > not_before),
    revoked_at        timestamptz,
    revocation_reason text        CHECK (revocation_reason IN
                                    ('key-compromise', 'superseded', 'cessation-of-operation', 'unspecified')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);

CREATE INDEX device_certificate_device ON device_certificate (device_id);
-- Verifiers poll for revocations newer than the last they saw.
CREATE INDEX device_certificate_revoked ON device_certificate (revoked_at) WHERE revoked_at IS NOT NULL;
