-- Citus-ready: every tenant table can be distributed by organization_id. Citus enforces a primary key or a
-- unique constraint only when it contains the distribution column, and joins and foreign keys stay on one
-- shard only when they carry it; so every key of a tenant table starts with organization_id. Tables shared by
-- every organisation are marked as global (Citus reference tables: copied to every node) by a comment that
-- starts with "global:". tests/queries/test_citus_ready.py reads the catalog and fails on any table that
-- breaks this, including tables added later.

COMMENT ON TABLE organizations IS 'global: one row per organisation; Citus reference table';
COMMENT ON TABLE users IS 'global: an account may hold roles in several organisations; Citus reference table';
COMMENT ON TABLE auth_tokens IS 'global: looked up by token hash before the organisation is known; Citus reference table';
COMMENT ON TABLE login_attempts IS 'global: throttling by e-mail and address, before any organisation; Citus reference table';

DO $$
DECLARE
    t record;
    fk record;
    u record;
    saved text[];
    saved_on regclass[];
    saved_name text[];
    org smallint;
    i int;
BEGIN
    -- 1. primary keys without organization_id: (organization_id, <the old key>) becomes the key; the
    --    (organization_id, id) unique constraints that foreign keys pointed at are folded into it
    FOR t IN
        SELECT c.oid, c.relname, con.conname, con.conkey,
               (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                  FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS cols
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_constraint con ON con.conrelid = c.oid AND con.contype = 'p'
        JOIN pg_attribute oa ON oa.attrelid = c.oid AND oa.attname = 'organization_id' AND NOT oa.attisdropped
        WHERE c.relkind = 'r' AND NOT oa.attnum = ANY (con.conkey)
          AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE 'global:%'
    LOOP
        SELECT attnum INTO org FROM pg_attribute WHERE attrelid = t.oid AND attname = 'organization_id';
        saved := '{}'; saved_on := '{}'; saved_name := '{}';
        FOR fk IN
            SELECT conname, conrelid::regclass AS on_table, pg_get_constraintdef(oid) AS def
            FROM pg_constraint WHERE contype = 'f' AND confrelid = t.oid
        LOOP
            saved := saved || fk.def; saved_on := saved_on || fk.on_table; saved_name := saved_name || fk.conname;
            EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.on_table, fk.conname);
        END LOOP;
        FOR u IN
            SELECT conname FROM pg_constraint
            WHERE conrelid = t.oid AND contype = 'u'
              AND conkey @> (t.conkey || org) AND (t.conkey || org) @> conkey
        LOOP
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, u.conname);
        END LOOP;
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, t.conname);
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (organization_id, %s)',
                       t.relname, t.relname || '_pkey', t.cols);
        FOR i IN 1 .. coalesce(array_length(saved, 1), 0) LOOP
            EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', saved_on[i], saved_name[i], saved[i]);
        END LOOP;
    END LOOP;

    -- 2. unique constraints without organization_id: the same columns after it (DEFERRABLE kept)
    FOR u IN
        SELECT con.conname, c.relname, pg_get_constraintdef(con.oid) AS def
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute oa ON oa.attrelid = c.oid AND oa.attname = 'organization_id' AND NOT oa.attisdropped
        WHERE con.contype = 'u' AND NOT oa.attnum = ANY (con.conkey)
          AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE 'global:%'
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', u.relname, u.conname);
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', u.relname, u.conname,
                       regexp_replace(u.def, '^UNIQUE \(', 'UNIQUE (organization_id, '));
    END LOOP;

    -- 3. unique indexes (not constraints) without organization_id: rebuilt with it first
    FOR u IN
        SELECT ic.relname AS index_name, pg_get_indexdef(ix.indexrelid) AS def
        FROM pg_index ix
        JOIN pg_class c ON c.oid = ix.indrelid
        JOIN pg_class ic ON ic.oid = ix.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute oa ON oa.attrelid = c.oid AND oa.attname = 'organization_id' AND NOT oa.attisdropped
        WHERE ix.indisunique AND NOT ix.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = ix.indexrelid)
          AND NOT oa.attnum = ANY (ix.indkey::smallint[])
          AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE 'global:%'
    LOOP
        EXECUTE format('DROP INDEX %I', u.index_name);
        EXECUTE regexp_replace(u.def, ' USING (\w+) \(', ' USING \1 (organization_id, ');
    END LOOP;
END $$;

-- an invitation is found by its token before its organisation is known
CREATE INDEX invitations_token_hash ON invitations (token_hash);
