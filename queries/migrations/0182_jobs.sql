-- Long tasks run off the request (today: the handover export): claimed with FOR UPDATE SKIP LOCKED, progress
-- shown on the page, the result file kept until expires_at and then removed by the daily clean-up.
CREATE TABLE jobs (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('export')),
    building_id uuid,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'expired')),
    step text CHECK (length(step) <= 100),
    progress integer NOT NULL DEFAULT 0 CHECK (progress >= 0),
    total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
    result_key text,
    result_size bigint,
    result_sha256 text CHECK (result_sha256 ~ '^[0-9a-f]{64}$'),
    error text CHECK (length(error) <= 1000),
    requested_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    expires_at timestamptz,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX jobs_pending ON jobs (created_at) WHERE status = 'pending';
CREATE INDEX jobs_org ON jobs (organization_id, created_at DESC);
