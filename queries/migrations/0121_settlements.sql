-- A posted charge settlement (décompte) of a period and kind: ONE regularisation entry (miscellaneous journal)
-- that brings each owner's account from the provisions called (and the charges already posted) to the actual
-- charges of the period. Never twice for the same building, kind and overlapping period.
CREATE TABLE settlements (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('ordinary', 'extraordinary')),
    period_start date NOT NULL,
    period_end date NOT NULL,
    posted_at timestamptz NOT NULL DEFAULT now(),
    posted_by uuid REFERENCES users,
    -- none when every owner's balance is zero (nothing to regularise)
    entry_id uuid,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, entry_id) REFERENCES journal_entries (organization_id, id),
    CHECK (period_end >= period_start)
);
CREATE INDEX settlements_building ON settlements (organization_id, building_id, kind, period_start);

-- Each owner's line: provisions called, charges allocated, the part of them already posted at approval, and the
-- balance to pay (negative: a credit), charges - provisions; the entry posted charges - already_posted - provisions.
CREATE TABLE settlement_lines (
    organization_id uuid NOT NULL,
    settlement_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    provisions numeric(14, 2) NOT NULL,
    charges numeric(14, 2) NOT NULL,
    already_posted numeric(14, 2) NOT NULL,
    balance numeric(14, 2) NOT NULL,
    PRIMARY KEY (organization_id, settlement_id, owner_id),
    FOREIGN KEY (organization_id, settlement_id) REFERENCES settlements (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    CHECK (balance = charges - provisions)
);
CREATE INDEX settlement_lines_owner ON settlement_lines (organization_id, owner_id);
