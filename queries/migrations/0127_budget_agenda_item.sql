-- A budget put on an assembly's agenda: the agenda item that carries it (its lines in the item's text); approving
-- the budget then takes that item's resolution when none is named.
ALTER TABLE budgets ADD COLUMN agenda_item_id uuid;
ALTER TABLE budgets ADD CONSTRAINT budgets_agenda_item_fkey
    FOREIGN KEY (organization_id, agenda_item_id) REFERENCES agenda_items (organization_id, id);
