-- Charges: sharing keys, expenses (with their life cycle), the stored allocation to lots and owners,
-- and owners' payments. Foreign keys carry organization_id so no row can point at another organisation's.

-- A building's other sharing keys (the general key, the lots' quotas, is implicit: sharing_key_id NULL).
CREATE TABLE sharing_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations,
    building_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (building_id, name),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id)
);

-- A lot's weight under a key; a lot without a row is not covered by the key.
CREATE TABLE sharing_key_weights (
    organization_id uuid NOT NULL,
    key_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    weight numeric(14, 4) NOT NULL CHECK (weight > 0),
    PRIMARY KEY (key_id, unit_id),
    FOREIGN KEY (organization_id, key_id) REFERENCES sharing_keys (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id)
);

CREATE TABLE expenses (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations,
    building_id uuid NOT NULL,
    category text NOT NULL,
    account text NOT NULL CHECK (account ~ '^6[0-9]{1,5}$'),
    nature text NOT NULL CHECK (nature IN ('ordinary', 'works')),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    supplier text CHECK (length(supplier) <= 200),
    invoice_number text CHECK (length(invoice_number) <= 60),
    amount_excl_vat numeric(14, 2) NOT NULL,
    vat_rate numeric(5, 2) NOT NULL CHECK (vat_rate >= 0 AND vat_rate < 100),
    vat_amount numeric(14, 2) NOT NULL,
    total numeric(14, 2) NOT NULL CHECK (total = amount_excl_vat + vat_amount),
    invoice_date date NOT NULL,
    due_date date,
    sharing_key_id uuid,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'paid', 'cancelled')),
    cancel_reason text CHECK (length(cancel_reason) <= 500),
    -- a correcting entry (possibly negative) points at the approved expense it corrects
    corrects_id uuid,
    file_key text,
    file_name text CHECK (length(file_name) <= 200),
    file_type text,
    file_size integer CHECK (file_size BETWEEN 1 AND 10485760),
    approved_at timestamptz,
    approved_by uuid REFERENCES users,
    paid_on date,
    payment_reference text CHECK (length(payment_reference) <= 100),
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, sharing_key_id) REFERENCES sharing_keys (organization_id, id),
    FOREIGN KEY (organization_id, corrects_id) REFERENCES expenses (organization_id, id),
    CHECK (corrects_id IS NOT NULL OR total >= 0),
    CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL),
    CHECK (status NOT IN ('approved', 'paid') OR approved_at IS NOT NULL),
    CHECK (status <> 'paid' OR paid_on IS NOT NULL)
);
CREATE INDEX expenses_org_building_date ON expenses (organization_id, building_id, invoice_date DESC, id);
CREATE INDEX expenses_org_date ON expenses (organization_id, invoice_date DESC, id);

-- The allocation made at approval, stored once: each lot's part ...
CREATE TABLE expense_lot_shares (
    organization_id uuid NOT NULL,
    expense_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    unit_number text NOT NULL,
    weight numeric(14, 4) NOT NULL,
    key_total numeric(18, 4) NOT NULL CHECK (key_total > 0),
    amount numeric(14, 2) NOT NULL,
    adjustment numeric(14, 2) NOT NULL,
    PRIMARY KEY (expense_id, unit_id),
    FOREIGN KEY (organization_id, expense_id) REFERENCES expenses (organization_id, id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id)
);
CREATE INDEX expense_lot_shares_unit ON expense_lot_shares (organization_id, unit_id);

-- ... and each owner's part of a lot's part: the lines of the owners' accounts.
CREATE TABLE charge_lines (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    expense_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    kinds text[] NOT NULL,
    share_num integer NOT NULL CHECK (share_num > 0),
    share_den integer NOT NULL CHECK (share_den > 0),
    amount numeric(14, 2) NOT NULL,
    adjustment numeric(14, 2) NOT NULL,
    charge_date date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (expense_id, unit_id, owner_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, expense_id) REFERENCES expenses (organization_id, id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
CREATE INDEX charge_lines_owner ON charge_lines (organization_id, owner_id, building_id, charge_date);

-- Payments received from an owner (manual entry for now).
CREATE TABLE owner_payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount > 0),
    paid_on date NOT NULL,
    reference text CHECK (length(reference) <= 140),
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
CREATE INDEX owner_payments_owner ON owner_payments (organization_id, owner_id, building_id, paid_on);
