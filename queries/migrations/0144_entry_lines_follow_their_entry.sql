-- An entry's lines repeat its building, year and date (so the ledgers read one index); one foreign key now says
-- they are the entry's own, in place of the two a line checked one by one (its entry, its year): a bank
-- statement of 10,000 movements writes 20,000 lines, and each lookup saved is 20,000 fewer. The year itself is
-- the entry's, whose own foreign key checks it.
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_line_keys
    UNIQUE (organization_id, id, building_id, fiscal_year_id, entry_date);
ALTER TABLE entry_lines ADD CONSTRAINT entry_lines_of_their_entry
    FOREIGN KEY (organization_id, entry_id, building_id, fiscal_year_id, entry_date)
    REFERENCES journal_entries (organization_id, id, building_id, fiscal_year_id, entry_date);
ALTER TABLE entry_lines DROP CONSTRAINT entry_lines_organization_id_entry_id_fkey;
ALTER TABLE entry_lines DROP CONSTRAINT entry_lines_organization_id_fiscal_year_id_fkey;
