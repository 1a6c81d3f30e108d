-- Users and access (issue 17): invitations cancelled or linked to the owner record they are for, password
-- resets by e-mail, two-factor login (TOTP) with recovery codes and login challenges, and the organisation's
-- choice to require two-factor for its syndics and accountants.

-- An invitation may be cancelled before it is used; an owner's invitation names the owner record the new
-- account is linked to when it is accepted (their portal is not empty).
ALTER TABLE invitations ADD COLUMN cancelled_at timestamptz;
ALTER TABLE invitations ADD COLUMN owner_id uuid;
ALTER TABLE invitations ADD CONSTRAINT invitations_owner_fk
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id);
ALTER TABLE invitations ADD CONSTRAINT invitations_owner_role CHECK (owner_id IS NULL OR role = 'owner');
CREATE INDEX invitations_pending ON invitations (organization_id, created_at)
    WHERE accepted_at IS NULL AND cancelled_at IS NULL;

-- The organisation requires two-factor login of its syndics and accountants (and of a platform administrator
-- who is a member of it).
ALTER TABLE organizations ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false;

-- A password reset: a single-use link e-mailed to the account's address; only the token's hash is kept.
CREATE TABLE password_resets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX password_resets_user ON password_resets (user_id);
COMMENT ON TABLE password_resets IS 'global: an account''s reset links, looked up by token hash before any organisation; Citus reference table';

-- A user's TOTP secret (RFC 6238); confirmed once a first code was checked. last_step is the time step of the
-- last code accepted: a code of that step or an earlier one is refused (no replay).
CREATE TABLE user_totp (
    user_id uuid PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    secret text NOT NULL CHECK (secret ~ '^[A-Z2-7]{32}$'),
    confirmed_at timestamptz,
    last_step bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE user_totp IS 'global: a second factor belongs to the account, whichever organisations it serves; Citus reference table';

-- Single-use recovery codes, stored as argon2 hashes.
CREATE TABLE user_recovery_codes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id) WHERE used_at IS NULL;
COMMENT ON TABLE user_recovery_codes IS 'global: belongs to the account (see user_totp); Citus reference table';

-- Between the password and the code: a short-lived, single-use challenge (its hash only), with the wrong codes
-- tried on it counted.
CREATE TABLE login_challenges (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('session', 'bearer')),
    failures integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
COMMENT ON TABLE login_challenges IS 'global: a login in progress, before any organisation; Citus reference table';
