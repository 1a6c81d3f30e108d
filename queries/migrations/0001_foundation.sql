-- Organisations, accounts, roles, sessions, invitations, audit log, buildings.

CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL DEFAULT 'syndic_firm' CHECK (kind IN ('syndic_firm', 'self_managed')),
    email text,
    phone text,
    address text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    password_hash text NOT NULL,
    full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'nl', 'de', 'en')),
    is_superadmin boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
    organization_id uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('syndic', 'accountant', 'board_member', 'owner')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id, role)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Browser sessions and API bearer tokens: only a SHA-256 of the token is stored.
CREATE TABLE auth_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash bytea NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('session', 'bearer')),
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    organization_id uuid REFERENCES organizations ON DELETE CASCADE,
    active_role text CHECK (active_role IN ('syndic', 'accountant', 'board_member', 'owner', 'superadmin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

CREATE TABLE invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
    email text NOT NULL,
    role text NOT NULL CHECK (role IN ('syndic', 'accountant', 'board_member', 'owner')),
    token_hash bytea NOT NULL UNIQUE,
    invited_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_user_id uuid REFERENCES users,
    UNIQUE (organization_id, id)
);

CREATE TABLE login_attempts (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    ip text NOT NULL,
    succeeded boolean NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (lower(email), at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

-- Append-only: who (user, active role), when, what, the values before and after.
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations,
    user_id uuid REFERENCES users,
    role text,
    at timestamptz NOT NULL DEFAULT now(),
    action text NOT NULL,
    entity text NOT NULL,
    entity_id uuid,
    before jsonb,
    after jsonb
);
CREATE INDEX audit_log_org_at ON audit_log (organization_id, at DESC);
CREATE INDEX audit_log_entity ON audit_log (organization_id, entity, entity_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

CREATE TABLE buildings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address text NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
    city text NOT NULL CHECK (length(city) BETWEEN 1 AND 120),
    postal_code text NOT NULL CHECK (length(postal_code) BETWEEN 1 AND 20),
    country text NOT NULL CHECK (length(country) BETWEEN 1 AND 80),
    total_units integer NOT NULL CHECK (total_units BETWEEN 1 AND 100000),
    construction_year integer CHECK (construction_year BETWEEN 1000 AND 2100),
    jurisdiction text NOT NULL DEFAULT 'BE' CHECK (jurisdiction IN ('BE', 'FR')),
    total_quota integer NOT NULL DEFAULT 1000 CHECK (total_quota BETWEEN 1 AND 10000000),
    -- bylaw override of the legal convocation notice (NULL: the legal minimum of the jurisdiction)
    notice_days integer CHECK (notice_days BETWEEN 1 AND 120),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);
CREATE INDEX buildings_org_name ON buildings (organization_id, lower(name), id);
