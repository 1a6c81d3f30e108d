-- A manual miscellaneous entry saved as a draft: no number, no effect on the books, edited at will, then posted
-- (numbered then, in the journal of its date's year) or deleted. A draft dated in a year blocks that year's closing.
CREATE TABLE entry_drafts (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    entry_date date NOT NULL,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 500),
    document_ref text CHECK (length(document_ref) <= 100),
    -- the lines as entered: [{account, debit, credit, owner_id, label}], amounts as decimal strings
    lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- the entry it became (then it is no longer a draft)
    posted_entry_id uuid,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, posted_entry_id) REFERENCES journal_entries (organization_id, id)
);
CREATE INDEX entry_drafts_open ON entry_drafts (organization_id, building_id, entry_date)
    WHERE posted_entry_id IS NULL;
