-- Personal data (GDPR): consents with their history, the data-breach log, and the audit log reduced to ids for
-- personal data (what erasure removes is never kept there: see domain/privacy/erasure.py).

-- A consent (today: e-mail for legal notices, BE C. civ. art. 3.87 § 3 needs it in writing): who gave it,
-- when, how, and its withdrawal. owners.accepts_email_notices mirrors the consent in force.
CREATE TABLE consents (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('email_notices')),
    given_at timestamptz NOT NULL DEFAULT now(),
    given_by uuid REFERENCES users,
    method text NOT NULL CHECK (method IN ('portal', 'paper', 'syndic', 'api', 'import')),
    evidence text CHECK (length(evidence) <= 300),
    withdrawn_at timestamptz,
    withdrawn_by uuid REFERENCES users,
    withdrawn_method text CHECK (withdrawn_method IN ('portal', 'paper', 'syndic', 'api', 'erasure')),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_method IS NULL))
);
CREATE UNIQUE INDEX consents_in_force ON consents (organization_id, owner_id, purpose) WHERE withdrawn_at IS NULL;

-- The data-breach log (GDPR art. 33: the authority is told within 72 hours of awareness).
CREATE TABLE data_breaches (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    discovered_at timestamptz NOT NULL,
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
    data_concerned text CHECK (length(data_concerned) <= 1000),
    people_affected integer CHECK (people_affected >= 0),
    measures text CHECK (length(measures) <= 4000),
    authority_notified_at timestamptz,
    people_notified_at timestamptz,
    recorded_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id)
);

-- The audit log keeps ids, not personal values (queries/platform/audit.py PERSONAL): the entries written before
-- this migration lose their personal fields — an owner's names and contact, an invitation's address, a proxy's
-- name. The append-only trigger is lifted for these statements only, inside this migration's transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
UPDATE audit_log
   SET before = CASE WHEN jsonb_typeof(before) = 'object' THEN before - ARRAY['first_name', 'last_name',
                    'company_name', 'company_number', 'email', 'phone', 'address', 'city', 'postal_code', 'country']
                    ELSE before END,
       after = CASE WHEN jsonb_typeof(after) = 'object' THEN after - ARRAY['first_name', 'last_name',
                    'company_name', 'company_number', 'email', 'phone', 'address', 'city', 'postal_code', 'country']
                    ELSE after END
 WHERE entity = 'owner';
UPDATE audit_log SET after = after - 'email' WHERE entity = 'invitation' AND jsonb_typeof(after) = 'object';
UPDATE audit_log SET after = after - 'proxy_holder_name'
 WHERE entity = 'meeting' AND action = 'attendance' AND jsonb_typeof(after) = 'object';
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;
