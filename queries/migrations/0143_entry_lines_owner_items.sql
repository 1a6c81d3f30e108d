-- An owner's lines in the order the arrears read them (owner, building, date, entry) with their amounts: the whole
-- firm's arrears and open items read this index alone (no heap, no hash of every item), streamed per entry. It
-- replaces entry_lines_owner, whose columns lead it (the ledgers read it as before).
CREATE INDEX entry_lines_owner_items ON entry_lines (organization_id, owner_id, building_id, entry_date, entry_id)
    INCLUDE (debit, credit) WHERE owner_id IS NOT NULL;
DROP INDEX entry_lines_owner;
ALTER INDEX entry_lines_owner_items RENAME TO entry_lines_owner;
