-- A bank statement of 10,000 movements writes 10,000 entries: each foreign key and index an entry carries costs
-- 10,000 lookups or insertions. Three fewer, with nothing less guaranteed:
-- 1. An entry's year is its building's: one foreign key over (year, building) in place of the two an entry
--    checked one by one (its year, its building); the year's own foreign key checks the building. (An entry in
--    another building's year is now refused too.)
ALTER TABLE fiscal_years ADD CONSTRAINT fiscal_years_building_keys UNIQUE (organization_id, id, building_id);
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_of_their_year
    FOREIGN KEY (organization_id, fiscal_year_id, building_id)
    REFERENCES fiscal_years (organization_id, id, building_id);
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_organization_id_fiscal_year_id_fkey;
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_organization_id_building_id_fkey;
-- 2. "Reversed once" only concerns reversals: the entries reversing nothing (nearly all) leave the index alone;
--    a second reversal of the same entry is refused as before.
DROP INDEX journal_entries_reversed_once;
CREATE UNIQUE INDEX journal_entries_reversed_once ON journal_entries (organization_id, reverses_id)
    WHERE reverses_id IS NOT NULL;
-- 3. The entries of a source are looked up for expenses, calls and openings, never for a bank movement (a
--    movement names its entry): the bank's entries leave that index alone.
DROP INDEX journal_entries_source;
CREATE INDEX journal_entries_source ON journal_entries (organization_id, source_kind, source_id)
    WHERE source_kind <> 'bank_movement';
