-- The bank: each statement imported from a CODA or CAMT.053 file (one account, one sequence, its balances), and
-- its movements, each with where it went: an owner (matched by the structured communication, or assigned by
-- hand), a proposal (the payer's IBAN known for an owner: a person confirms), or the suspense account (499).
-- A movement's current entry is in the account's bank journal; a change of match reverses it, never edits it.

CREATE TABLE bank_statements (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    fund_id uuid NOT NULL,
    iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
    format text NOT NULL CHECK (format IN ('coda', 'camt.053')),
    sequence integer NOT NULL CHECK (sequence >= 0),
    opening_balance numeric(16, 3) NOT NULL,
    opening_date date NOT NULL,
    closing_balance numeric(16, 3) NOT NULL,
    closing_date date NOT NULL,
    movements integer NOT NULL CHECK (movements >= 0),
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by uuid REFERENCES users,
    PRIMARY KEY (organization_id, id),
    -- CODA's three-digit numbers restart each year: a statement is its account, closing date and number
    UNIQUE (organization_id, building_id, iban, closing_date, sequence),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, fund_id) REFERENCES funds (organization_id, id)
);
CREATE INDEX bank_statements_building ON bank_statements (organization_id, building_id, closing_date DESC);

CREATE TABLE bank_movements (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    statement_id uuid NOT NULL,
    line_no integer NOT NULL CHECK (line_no > 0),
    building_id uuid NOT NULL,
    booking_date date NOT NULL,
    value_date date,
    amount numeric(14, 2) NOT NULL CHECK (amount <> 0),
    counterparty_name text NOT NULL DEFAULT '',
    counterparty_iban text NOT NULL DEFAULT '',
    structured_communication text NOT NULL DEFAULT '',
    free_communication text NOT NULL DEFAULT '',
    bank_reference text NOT NULL DEFAULT '',
    -- matched (to owner_id, or for money out to a supplier's approved expense_id), proposed (to proposed_owner_id,
    -- waiting in suspense), suspense
    state text NOT NULL CHECK (state IN ('matched', 'proposed', 'suspense')),
    -- how it was matched: structured, free_text, manual
    rule text CHECK (rule IN ('structured', 'free_text', 'invoice', 'manual')),
    owner_id uuid,
    expense_id uuid,
    proposed_owner_id uuid,
    payment_id uuid,
    entry_id uuid NOT NULL,
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, statement_id, line_no),
    FOREIGN KEY (organization_id, statement_id) REFERENCES bank_statements (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, expense_id) REFERENCES expenses (organization_id, id),
    FOREIGN KEY (organization_id, proposed_owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, payment_id) REFERENCES owner_payments (organization_id, id),
    FOREIGN KEY (organization_id, entry_id) REFERENCES journal_entries (organization_id, id),
    CHECK ((state = 'matched') = (owner_id IS NOT NULL OR expense_id IS NOT NULL)),
    CHECK (owner_id IS NULL OR expense_id IS NULL),
    CHECK ((state = 'proposed') = (proposed_owner_id IS NOT NULL))
);
CREATE INDEX bank_movements_open ON bank_movements (organization_id, building_id, booking_date)
    WHERE state <> 'matched';
