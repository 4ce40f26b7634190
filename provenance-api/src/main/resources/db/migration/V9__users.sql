-- Users of the built-in token issuer (issue 8; embedded mode, and any deployment without an
-- external OIDC provider): POST /api/auth/token exchanges a username and password for a Bearer
-- token carrying the user's role and organisation. Passwords are kept as bcrypt hashes only.

CREATE TABLE app_user (
    username         text        PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{2,99}$'),
    password_hash    text        NOT NULL CHECK (password_hash LIKE '$2%'),
    role             text        NOT NULL CHECK (role IN ('producer', 'customs', 'auditor', 'admin')),
    -- Producers act for an organisation; customs, auditors and admins may too (a customs
    -- authority registered as one), or not.
    organisation_id  uuid        REFERENCES organisation (id),
    CHECK (role <> 'producer' OR organisation_id IS NOT NULL),
    disabled         boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_login_at    timestamptz
);
