-- The log's Ed25519 signing key, shared by every sequencer of a deployment. The private key is
-- only ever stored as an encrypted PKCS#8 blob (AES-256-CBC, PBKDF2-HMAC-SHA256); the passphrase
-- lives outside the database (environment or a secret file).
CREATE TABLE ledger_key (
    id                    smallint    PRIMARY KEY CHECK (id = 1),
    origin                text        NOT NULL CHECK (length(origin) BETWEEN 1 AND 255),
    public_key            bytea       NOT NULL CHECK (length(public_key) = 32),
    encrypted_private_key bytea       NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now()
);
