-- Each entry's net on an owner's account in a building, with the day it falls due: what the arrears screen and
-- the open items read. Before, both regrouped every owner line of the firm per entry and looked each entry's call
-- up for its due date (index entry_lines_owner, 0143): 90-170 ms for the bench firm's 40,500 lines, most of it
-- spent on items long paid. Read in due order from this table's key, the arrears walk each owner's items from the
-- newest and stop at the oldest one still owed (queries/collection/arrears.py).
--
-- The table is kept by PostgreSQL from the lines themselves, which are never changed or deleted (0100): a
-- statement's new owner lines are added per (entry, owner); an owner's due date moves with the owner's override
-- (art. 19-2); a cancelled call's items and their reversal are taken out (a cancelled call and its reversal are
-- no item and no payment: what was paid on it stays a credit). The opening journal's carried
-- balances are left out: they repeat what earlier lines add up to. It holds no reference of its own: every row
-- mirrors lines that point at their entry, owner and building, and those rows are never deleted while a line
-- points at them. owner_items_rebuild(organisation) makes it again from the lines (the bench's seed, which
-- writes without triggers, and an organisation's import, whose calls come after their lines).
CREATE TABLE owner_items (
    organization_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    building_id uuid NOT NULL,
    due_date date NOT NULL,     -- the call's due date (or the owner's override), otherwise the entry's date
    entry_date date NOT NULL,
    entry_id uuid NOT NULL,
    net numeric(14,2) NOT NULL, -- the entry's debit - credit on the owner: > 0 owed, <= 0 paid or credited
    call_id uuid,               -- the call the entry issues or reverses
    PRIMARY KEY (organization_id, owner_id, building_id, due_date, entry_date, entry_id) INCLUDE (net)
);

-- The table made again from the lines: an organisation's (NULL: all), or only these entries' items; returns how
-- many rows it made.
CREATE FUNCTION owner_items_rebuild(in_org uuid, in_entries uuid[] DEFAULT NULL) RETURNS bigint LANGUAGE sql AS $$
    DELETE FROM owner_items
    WHERE (in_org IS NULL OR organization_id = in_org) AND (in_entries IS NULL OR entry_id = ANY(in_entries));
    WITH made AS (
        INSERT INTO owner_items (organization_id, owner_id, building_id, due_date, entry_date, entry_id, net, call_id)
        SELECT l.organization_id, l.owner_id, l.building_id, coalesce(x.due_date, c.due_date, l.entry_date),
               l.entry_date, l.entry_id, sum(l.debit - l.credit), c.id
        FROM entry_lines l
        JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
        LEFT JOIN calls c ON e.source_kind = 'call_for_funds' AND c.organization_id = e.organization_id
                         AND c.id = e.source_id
        LEFT JOIN call_due_overrides x ON x.organization_id = l.organization_id AND x.call_id = c.id
                                      AND x.owner_id = l.owner_id
        WHERE l.owner_id IS NOT NULL AND (in_org IS NULL OR l.organization_id = in_org)
          AND (in_entries IS NULL OR l.entry_id = ANY(in_entries))
          AND e.source_kind <> 'opening' AND c.status IS DISTINCT FROM 'cancelled'
        GROUP BY l.organization_id, l.owner_id, l.building_id, 4, l.entry_date, l.entry_id, c.id
        RETURNING 1)
    SELECT count(*) FROM made
$$;

-- A statement's owner lines, one row per (entry, owner), with the entry's call and the owner's due date on it. The
-- entries are looked up once each (MATERIALIZED: not once per line), and the rows are plainly inserted: the app
-- writes an entry's lines in one statement. Lines added to an entry that already had owner lines (another
-- statement's) meet its row's key: that entry's items are then made again from all its lines.
CREATE FUNCTION owner_items_of_new_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        WITH e AS MATERIALIZED (
            SELECT e.organization_id, e.id, c.id AS call_id, c.due_date
            FROM (SELECT DISTINCT organization_id, entry_id FROM new_lines WHERE owner_id IS NOT NULL) k
            JOIN journal_entries e ON e.organization_id = k.organization_id AND e.id = k.entry_id
            LEFT JOIN calls c ON e.source_kind = 'call_for_funds' AND c.organization_id = e.organization_id
                             AND c.id = e.source_id
            WHERE e.source_kind <> 'opening' AND c.status IS DISTINCT FROM 'cancelled')
        INSERT INTO owner_items (organization_id, owner_id, building_id, due_date, entry_date, entry_id, net, call_id)
        SELECT n.organization_id, n.owner_id, n.building_id, coalesce(x.due_date, e.due_date, n.entry_date),
               n.entry_date, n.entry_id, n.net, e.call_id
        FROM (SELECT organization_id, owner_id, building_id, entry_date, entry_id, sum(debit - credit) AS net
              FROM new_lines WHERE owner_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5) n
        JOIN e ON e.organization_id = n.organization_id AND e.id = n.entry_id
        LEFT JOIN call_due_overrides x ON x.organization_id = n.organization_id AND x.call_id = e.call_id
                                      AND x.owner_id = n.owner_id;
    EXCEPTION WHEN unique_violation THEN
        PERFORM owner_items_rebuild(k.organization_id, k.entries)
        FROM (SELECT organization_id, array_agg(DISTINCT entry_id) AS entries FROM new_lines
              WHERE owner_id IS NOT NULL GROUP BY organization_id) k;
    END;
    RETURN NULL;
END $$;
CREATE TRIGGER entry_lines_owner_items AFTER INSERT ON entry_lines REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION owner_items_of_new_lines();

-- A cancelled call: its items and its reversal's taken out, found by the owners its entries' lines name. (A call's
-- own due date is never changed once it is issued: no statement does; an owner's is, by an override, below.)
CREATE FUNCTION owner_items_follow_their_call() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM owner_items i
    WHERE i.organization_id = NEW.organization_id AND i.building_id = NEW.building_id AND i.call_id = NEW.id
      AND i.owner_id IN (SELECT l.owner_id FROM journal_entries e
                         JOIN entry_lines l ON l.organization_id = e.organization_id AND l.entry_id = e.id
                         WHERE e.organization_id = NEW.organization_id AND e.source_kind = 'call_for_funds'
                           AND e.source_id = NEW.id AND l.owner_id IS NOT NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER calls_owner_items AFTER UPDATE OF status ON calls FOR EACH ROW
    WHEN (NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM 'cancelled')
    EXECUTE FUNCTION owner_items_follow_their_call();

-- An owner's due date on a call's items: the override, else the call's.
CREATE FUNCTION owner_items_due_again(in_org uuid, in_call uuid, in_owner uuid) RETURNS void LANGUAGE sql AS $$
    UPDATE owner_items i
    SET due_date = coalesce((SELECT x.due_date FROM call_due_overrides x WHERE x.organization_id = in_org
                             AND x.call_id = in_call AND x.owner_id = in_owner), c.due_date)
    FROM calls c
    WHERE c.organization_id = in_org AND c.id = in_call
      AND i.organization_id = in_org AND i.owner_id = in_owner AND i.building_id = c.building_id
      AND i.call_id = in_call
$$;

CREATE FUNCTION owner_items_follow_their_override() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM owner_items_due_again(OLD.organization_id, OLD.call_id, OLD.owner_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM owner_items_due_again(NEW.organization_id, NEW.call_id, NEW.owner_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER call_due_overrides_owner_items AFTER INSERT OR UPDATE OR DELETE ON call_due_overrides
    FOR EACH ROW EXECUTE FUNCTION owner_items_follow_their_override();

SELECT owner_items_rebuild(NULL);
