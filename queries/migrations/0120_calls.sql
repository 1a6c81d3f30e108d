-- Calls for funds: a building's funds (working, reserve, FR works fund) with their bank accounts, the budgets the
-- AG votes (lines: account, key, amount), the calls made on them, each owner's share of an issued call, and the
-- structured communication each owner pays a fund with (stable, never two alike).

CREATE TABLE funds (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('working', 'reserve', 'works')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    purpose text CHECK (length(purpose) <= 300),
    sharing_key_id uuid,
    -- the fund's account in the building's books (100, 160, 1601 …)
    account_code text NOT NULL CHECK (account_code ~ '^1[0-9]{1,7}$'),
    holder text NOT NULL CHECK (length(holder) BETWEEN 1 AND 70),
    iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
    bic text CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, building_id, account_code),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, sharing_key_id) REFERENCES sharing_keys (organization_id, id)
);
CREATE UNIQUE INDEX funds_one_working ON funds (organization_id, building_id) WHERE kind = 'working';

CREATE TABLE budgets (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    year_start date NOT NULL,
    year_end date NOT NULL,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    frequency text NOT NULL DEFAULT 'quarterly' CHECK (frequency IN ('monthly', 'quarterly', 'half-yearly', 'yearly')),
    due_after_days integer NOT NULL DEFAULT 0 CHECK (due_after_days BETWEEN 0 AND 90),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'superseded')),
    -- the AG resolution (agenda item) that adopted it
    resolution_id uuid,
    approved_at timestamptz,
    approved_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, resolution_id) REFERENCES agenda_items (organization_id, id),
    CHECK (year_end > year_start AND year_end < year_start + interval '18 months'),
    CHECK ((status = 'draft') = (approved_at IS NULL)),
    CHECK (status = 'draft' OR resolution_id IS NOT NULL)
);
CREATE UNIQUE INDEX budgets_one_in_force ON budgets (organization_id, building_id, year_start)
    WHERE status = 'approved';
CREATE INDEX budgets_building ON budgets (organization_id, building_id, year_start);

CREATE TABLE budget_lines (
    organization_id uuid NOT NULL,
    budget_id uuid NOT NULL,
    line_no smallint NOT NULL CHECK (line_no BETWEEN 1 AND 500),
    section text NOT NULL CHECK (section IN ('ordinary', 'extraordinary', 'reserve')),
    account_code text NOT NULL CHECK (account_code ~ '^[1-7][0-9]{0,7}$'),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    sharing_key_id uuid,
    fund_id uuid,
    amount numeric(14, 2) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (organization_id, budget_id, line_no),
    FOREIGN KEY (organization_id, budget_id) REFERENCES budgets (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, sharing_key_id) REFERENCES sharing_keys (organization_id, id),
    FOREIGN KEY (organization_id, fund_id) REFERENCES funds (organization_id, id),
    CHECK ((section = 'reserve') = (fund_id IS NOT NULL))
);

CREATE TABLE calls (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    budget_id uuid,
    kind text NOT NULL CHECK (kind IN ('ordinary', 'extraordinary', 'working_fund', 'reserve_fund')),
    -- the fund whose bank account receives the payments (the working fund for provisions)
    fund_id uuid NOT NULL,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    period_start date,
    period_end date,
    call_date date NOT NULL,
    due_date date NOT NULL,
    total numeric(14, 2) NOT NULL CHECK (total > 0),
    sharing_key_id uuid,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
    issued_at timestamptz,
    issued_by uuid REFERENCES users,
    entry_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, budget_id) REFERENCES budgets (organization_id, id),
    FOREIGN KEY (organization_id, fund_id) REFERENCES funds (organization_id, id),
    FOREIGN KEY (organization_id, sharing_key_id) REFERENCES sharing_keys (organization_id, id),
    FOREIGN KEY (organization_id, entry_id) REFERENCES journal_entries (organization_id, id),
    CHECK ((period_start IS NULL) = (period_end IS NULL) AND period_end >= period_start),
    CHECK (due_date >= call_date),
    CHECK ((status = 'issued') = (issued_at IS NOT NULL AND entry_id IS NOT NULL))
);
CREATE INDEX calls_building ON calls (organization_id, building_id, call_date);
CREATE INDEX calls_budget ON calls (organization_id, budget_id);

-- Each owner's part of an issued call, per lot: the lot's weight under the key, the lot's amount, the days held in
-- the period and the owner's share, the rounding cent.
CREATE TABLE call_shares (
    organization_id uuid NOT NULL,
    call_id uuid NOT NULL,
    line_no integer NOT NULL CHECK (line_no > 0),
    building_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    unit_number text NOT NULL,
    owner_id uuid NOT NULL,
    weight numeric(18, 4) NOT NULL,
    key_total numeric(18, 4) NOT NULL,
    lot_amount numeric(14, 2) NOT NULL,
    days integer,
    amount numeric(14, 2) NOT NULL,
    adjustment numeric(14, 2) NOT NULL,
    PRIMARY KEY (organization_id, call_id, line_no),
    FOREIGN KEY (organization_id, call_id) REFERENCES calls (organization_id, id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
CREATE INDEX call_shares_owner ON call_shares (organization_id, owner_id);

-- The structured communication an owner pays a fund of a building with: ten digits, the check digits computed.
CREATE TABLE payment_references (
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    fund_id uuid NOT NULL,
    reference bigint NOT NULL CHECK (reference BETWEEN 1 AND 9999999999),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, building_id, owner_id, fund_id),
    UNIQUE (organization_id, reference),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, fund_id) REFERENCES funds (organization_id, id)
);
