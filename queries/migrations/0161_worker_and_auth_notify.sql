-- The worker's scheduled jobs: one row per job, claimed with FOR UPDATE SKIP LOCKED so that several workers
-- run each job once per period; what the last run did is kept for /metrics and the operator.
CREATE TABLE job_runs (
    name text PRIMARY KEY,
    next_due_at timestamptz NOT NULL DEFAULT now(),
    last_started_at timestamptz,
    last_success_at timestamptz,
    last_status text CHECK (last_status IN ('ok', 'error')),
    last_error text,
    last_result text,
    runs bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE job_runs IS 'global: the platform''s scheduled jobs; Citus reference table';

-- Every process keeps a short in-memory cache of token -> actor. Anything that changes who a token's actor is
-- (a revoked token, a role switch, a role taken away, an account or organisation renamed) notifies
-- 'koprogo_auth', and every process listening evicts what it cached at once.
CREATE FUNCTION koprogo_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row record;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN  -- tokens deleted in bulk (the retention job): forget everything once
        PERFORM pg_notify('koprogo_auth', 'all');
        RETURN NULL;
    END IF;
    row := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    IF TG_TABLE_NAME = 'auth_tokens' THEN
        PERFORM pg_notify('koprogo_auth', 'token:' || row.id);
    ELSIF TG_TABLE_NAME = 'organizations' THEN
        PERFORM pg_notify('koprogo_auth', 'all');
    ELSIF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('koprogo_auth', 'user:' || row.id);
    ELSE  -- memberships
        PERFORM pg_notify('koprogo_auth', 'user:' || row.user_id);
        IF TG_OP = 'UPDATE' AND OLD.user_id <> NEW.user_id THEN
            PERFORM pg_notify('koprogo_auth', 'user:' || OLD.user_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER auth_tokens_changed AFTER UPDATE ON auth_tokens
    FOR EACH ROW EXECUTE FUNCTION koprogo_auth_changed();
CREATE TRIGGER auth_tokens_deleted AFTER DELETE ON auth_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION koprogo_auth_changed();
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION koprogo_auth_changed();
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION koprogo_auth_changed();
CREATE TRIGGER organizations_changed AFTER UPDATE OR DELETE ON organizations
    FOR EACH ROW EXECUTE FUNCTION koprogo_auth_changed();

-- what /metrics counts on every scrape: the messages not sent yet or given up
CREATE INDEX outbox_waiting ON outbox (created_at) WHERE status IN ('pending', 'failed');
