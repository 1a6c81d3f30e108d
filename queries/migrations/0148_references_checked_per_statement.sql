-- The references of the rows written by the thousand — a bank statement's entries, lines, payments and movements,
-- a quarter's owner shares — checked once per statement instead of once per row.
--
-- A foreign key checks each row it writes on its own: one lookup and one lock of the row pointed at, per row. A CODA
-- statement of 10,000 movements wrote about 135,000 of them (its 10,000 entries point at the same journal, year and
-- user; its 20,000 lines at a handful of accounts and 25 owners), which was half the import's time. Here the same
-- references are checked by a trigger after each statement over the rows it wrote: the distinct keys are looked up
-- (and locked FOR KEY SHARE, as a foreign key locks them, so nobody deletes them before we commit) in one query,
-- and a missing one is refused as a foreign key refuses it (SQLSTATE 23503, the same constraint name). The other
-- side too: deleting (or re-keying) a row still pointed at is refused at the end of the statement, as NO ACTION.
-- Nothing less is guaranteed; the references still match organization_id with organization_id.
--
-- `references_present`, AFTER INSERT (or UPDATE) FOR EACH STATEMENT with the rows as `new_rows`; its arguments
-- come five by five: the reference's name, the row's columns, the table pointed at, its columns (in the same
-- order), and 'lock' — or 'final' when the rows pointed at can never be deleted nor changed (journal entries:
-- posted is final), so there is nothing to lock.
CREATE FUNCTION references_present() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i int := 0;
    cols text[];
    keys text[];
    picked text;
    present text;
    matched text;
    wanted bigint;
    found bigint;
    missing text;
BEGIN
    WHILE i < TG_NARGS LOOP
        cols := string_to_array(TG_ARGV[i + 1], ',');
        keys := string_to_array(TG_ARGV[i + 3], ',');
        -- the key's first two columns (organization_id, id: the primary key) are looked up, the others compared:
        -- so the lookup takes the primary key even when the statistics do not know the rows just written
        SELECT string_agg(format('%I', c), ', '), string_agg(format('%I IS NOT NULL', c), ' AND '),
               string_agg(format(CASE WHEN n <= 2 THEN 'p.%I = w.%I' ELSE 'p.%I IS NOT DISTINCT FROM w.%I' END, k, c),
                          ' AND ')
          INTO picked, present, matched
          FROM unnest(cols, keys) WITH ORDINALITY AS x(c, k, n);
        EXECUTE format('WITH w AS (SELECT DISTINCT %s FROM new_rows WHERE %s) '
                       'SELECT (SELECT count(*) FROM w), '
                       '(SELECT count(*) FROM (SELECT 1 FROM %I p JOIN w ON %s %s) f)',
                       picked, present, TG_ARGV[i + 2], matched,
                       CASE WHEN TG_ARGV[i + 4] = 'final' THEN '' ELSE 'FOR KEY SHARE OF p' END)
            INTO wanted, found;
        IF found < wanted THEN
            EXECUTE format('SELECT row(%s)::text FROM new_rows w WHERE %s AND NOT EXISTS '
                           '(SELECT 1 FROM %I p WHERE %s) LIMIT 1', picked, present, TG_ARGV[i + 2], matched)
                INTO missing;
            RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME,
                TG_ARGV[i]
                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[i], TABLE = TG_TABLE_NAME,
                      DETAIL = format('Key (%s)=%s is not present in table "%s".', TG_ARGV[i + 1], missing,
                                      TG_ARGV[i + 2]);
        END IF;
        i := i + 5;
    END LOOP;
    RETURN NULL;
END $$;

-- `references_absent`, AFTER DELETE OR UPDATE OF its key FOR EACH ROW on the table pointed at; arguments four by
-- four: the reference's name, the table pointing, its columns, and the columns pointed at (in the same order).
CREATE FUNCTION references_absent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i int := 0;
    matched text;
    changed boolean;
    held boolean;
BEGIN
    WHILE i < TG_NARGS LOOP
        SELECT string_agg(format('c.%I = ($1).%I', c, k), ' AND '),
               bool_or(to_jsonb(OLD) -> k IS DISTINCT FROM to_jsonb(NEW) -> k)
          INTO matched, changed
          FROM unnest(string_to_array(TG_ARGV[i + 2], ','), string_to_array(TG_ARGV[i + 3], ',')) AS x(c, k);
        IF TG_OP = 'DELETE' OR changed THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I c WHERE %s)', TG_ARGV[i + 1], matched)
                INTO held USING OLD;
            IF held THEN
                RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"',
                    TG_TABLE_NAME, TG_ARGV[i], TG_ARGV[i + 1]
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[i], TABLE = TG_ARGV[i + 1],
                          DETAIL = format('Key (%s) is still referenced from table "%s".', TG_ARGV[i + 3],
                                          TG_ARGV[i + 1]);
            END IF;
        END IF;
        i := i + 4;
    END LOOP;
    RETURN NULL;
END $$;

-- `references_checked(table, also_updates, reference...)` makes a table's rows-side trigger: AFTER INSERT, and AFTER
-- UPDATE too for a table whose rows are changed after they are written (PostgreSQL takes a transition table on a
-- trigger of one event only: two triggers then, with the same references).
CREATE FUNCTION references_checked(tbl text, also_updates boolean, VARIADIC refs text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    args text := (SELECT string_agg(quote_literal(r), ', ' ORDER BY n) FROM unnest(refs) WITH ORDINALITY AS x(r, n));
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
                   'EXECUTE FUNCTION references_present(%s)', tbl || '_references', tbl, args);
    IF also_updates THEN
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
                       'EXECUTE FUNCTION references_present(%s)', tbl || '_references_changed', tbl, args);
    END IF;
END $$;

-- The rows side, table by table (the constraints they replace dropped below, by the same names).
SELECT references_checked('journal_entries', false,
    'journal_entries_organization_id_journal_id_fkey', 'organization_id,journal_id', 'journals',
        'organization_id,id', 'lock',
    'journal_entries_of_their_year', 'organization_id,fiscal_year_id,building_id', 'fiscal_years',
        'organization_id,id,building_id', 'lock',
    'journal_entries_posted_by_fkey', 'posted_by', 'users', 'id', 'lock');

SELECT references_checked('entry_lines', false,
    'entry_lines_of_their_entry', 'organization_id,entry_id,building_id,fiscal_year_id,entry_date',
        'journal_entries', 'organization_id,id,building_id,fiscal_year_id,entry_date', 'final',
    'entry_lines_organization_id_account_id_fkey', 'organization_id,account_id', 'ledger_accounts',
        'organization_id,id', 'lock',
    'entry_lines_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id', 'lock',
    'entry_lines_organization_id_unit_id_fkey', 'organization_id,unit_id', 'units', 'organization_id,id', 'lock',
    'entry_lines_organization_id_key_id_fkey', 'organization_id,key_id', 'sharing_keys', 'organization_id,id',
        'lock');

SELECT references_checked('owner_payments', true,
    'owner_payments_organization_id_building_id_fkey', 'organization_id,building_id', 'buildings',
        'organization_id,id', 'lock',
    'owner_payments_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock',
    'owner_payments_created_by_fkey', 'created_by', 'users', 'id', 'lock');

SELECT references_checked('bank_movements', true,
    'bank_movements_of_their_statement', 'organization_id,statement_id,building_id', 'bank_statements',
        'organization_id,id,building_id', 'lock',
    'bank_movements_of_their_payment', 'organization_id,payment_id,owner_id', 'owner_payments',
        'organization_id,id,owner_id', 'lock',
    'bank_movements_organization_id_entry_id_fkey', 'organization_id,entry_id', 'journal_entries',
        'organization_id,id', 'final',
    'bank_movements_organization_id_proposed_owner_id_fkey', 'organization_id,proposed_owner_id', 'owners',
        'organization_id,id', 'lock',
    'bank_movements_organization_id_expense_id_fkey', 'organization_id,expense_id', 'expenses',
        'organization_id,id', 'lock');

SELECT references_checked('call_shares', true,
    'call_shares_organization_id_call_id_fkey', 'organization_id,call_id', 'calls', 'organization_id,id', 'lock',
    'call_shares_organization_id_unit_id_fkey', 'organization_id,unit_id', 'units', 'organization_id,id', 'lock',
    'call_shares_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock');

-- The side pointed at, derived from the rows side: `references_guarded()` (re)makes, on every table a 'lock'
-- reference points at, one trigger `<table>_referenced` AFTER DELETE OR UPDATE OF the columns pointed at, with
-- every such reference (journal entries get none: posted is final, never deleted nor changed). A migration that
-- adds references calls it again.
CREATE FUNCTION references_guarded() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    g record;
BEGIN
    FOR g IN
        WITH args AS (
            SELECT DISTINCT c.relname AS child, x.args[i] AS name, x.args[i + 1] AS cols, x.args[i + 2] AS parent,
                   x.args[i + 3] AS keys, x.args[i + 4] AS mode
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
            CROSS JOIN LATERAL (SELECT string_to_array(encode(t.tgargs, 'escape'), '\000') AS args) x
            CROSS JOIN LATERAL generate_series(1, t.tgnargs, 5) AS i
            WHERE p.proname = 'references_present' AND NOT t.tgisinternal)
        SELECT parent,
               (SELECT string_agg(DISTINCT format('%I', k), ', ')
                  FROM args a2, unnest(string_to_array(a2.keys, ',')) k WHERE a2.parent = a.parent AND a2.mode = 'lock')
                   AS key_columns,
               string_agg(format('%L, %L, %L, %L', name, child, cols, keys), ', ' ORDER BY name) AS refs
        FROM args a WHERE mode = 'lock' GROUP BY parent
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', g.parent || '_referenced', g.parent);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE OR UPDATE OF %s ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION references_absent(%s)', g.parent || '_referenced', g.key_columns, g.parent,
                       g.refs);
    END LOOP;
END $$;
SELECT references_guarded();

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_organization_id_journal_id_fkey,
    DROP CONSTRAINT journal_entries_of_their_year, DROP CONSTRAINT journal_entries_posted_by_fkey;
ALTER TABLE entry_lines DROP CONSTRAINT entry_lines_of_their_entry,
    DROP CONSTRAINT entry_lines_organization_id_account_id_fkey, DROP CONSTRAINT entry_lines_organization_id_owner_id_fkey,
    DROP CONSTRAINT entry_lines_organization_id_unit_id_fkey, DROP CONSTRAINT entry_lines_organization_id_key_id_fkey;
ALTER TABLE owner_payments DROP CONSTRAINT owner_payments_organization_id_building_id_fkey,
    DROP CONSTRAINT owner_payments_organization_id_owner_id_fkey, DROP CONSTRAINT owner_payments_created_by_fkey;
ALTER TABLE bank_movements DROP CONSTRAINT bank_movements_of_their_statement,
    DROP CONSTRAINT bank_movements_of_their_payment, DROP CONSTRAINT bank_movements_organization_id_entry_id_fkey,
    DROP CONSTRAINT bank_movements_organization_id_proposed_owner_id_fkey,
    DROP CONSTRAINT bank_movements_organization_id_expense_id_fkey;
ALTER TABLE call_shares DROP CONSTRAINT call_shares_organization_id_call_id_fkey,
    DROP CONSTRAINT call_shares_organization_id_unit_id_fkey, DROP CONSTRAINT call_shares_organization_id_owner_id_fkey;
