-- Every entry balances (debits = credits): checked once per statement on the lines it wrote, no longer by a
-- deferred trigger per entry and per line (a bank statement of 10,000 movements queued 30,000 checks of one entry
-- each, then ran them one by one at commit). The lines a statement adds to an entry must balance among
-- themselves: an entry then balances after every statement, whether its lines come with it (post_entry,
-- post_entries: one statement) or after it (the take-over of migration 0101, a handover's restore: the entries,
-- then all their lines in the next statement). A balanced set of lines, each a debit or a credit above zero, has
-- two lines at least; an entry written with no line at all (the posting code never writes one: `check` wants two)
-- sums to zero.

DROP TRIGGER entry_balanced ON journal_entries;
DROP TRIGGER entry_lines_balanced ON entry_lines;
DROP FUNCTION accounting_entry_balanced();

CREATE FUNCTION accounting_lines_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
    SELECT entry_id, sum(debit) AS d, sum(credit) AS c INTO bad FROM new_lines
    GROUP BY organization_id, entry_id HAVING sum(debit) <> sum(credit) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'unbalanced entry %: the lines written debit %, credit %', bad.entry_id, bad.d, bad.c
            USING ERRCODE = 'check_violation', CONSTRAINT = 'entry_balanced';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER entry_lines_balanced AFTER INSERT ON entry_lines REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION accounting_lines_balanced();

-- Nothing posts into a closed year, nor outside the year's dates: checked once per statement too (it was a
-- trigger before each row).
DROP TRIGGER journal_entries_year_open ON journal_entries;
DROP FUNCTION accounting_year_open();
CREATE FUNCTION accounting_years_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
    SELECT e.id, e.entry_date, y.id AS year_id, y.state = 'closed' AS closed INTO bad
    FROM new_entries e
    JOIN fiscal_years y ON y.organization_id = e.organization_id AND y.id = e.fiscal_year_id
    WHERE y.state = 'closed' OR e.entry_date NOT BETWEEN y.starts_on AND y.ends_on OR y.building_id <> e.building_id
    ORDER BY y.state = 'closed' DESC
    LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    ELSIF bad.closed THEN
        RAISE EXCEPTION 'fiscal year % is closed', bad.year_id USING ERRCODE = 'check_violation', CONSTRAINT = 'year_open';
    END IF;
    RAISE EXCEPTION 'entry dated % outside fiscal year %', bad.entry_date, bad.year_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'year_open';
END $$;
CREATE TRIGGER journal_entries_year_open AFTER INSERT ON journal_entries REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION accounting_years_open();
