-- Collection: each building's reminder ladder (the steps' delays after the due date, channel and cost; no row:
-- the defaults), the reminders sent (one letter per owner and step, the items it covers: never twice the same
-- item at the same step), and the holds that stop the ladder for an owner (a dispute, a payment plan, an estate).

-- The accounts the costs and interest charged to an owner are credited to (BE: under 74 other operating income
-- and 75 financial income; FR: under 714 produits divers).
INSERT INTO chart_accounts (jurisdiction, version, code, class, role, label_fr, label_nl, label_en) VALUES
    ('BE', 1, '7400', 7, 'recovery_costs', 'Frais de recouvrement récupérés', 'Teruggevorderde invorderingskosten',
     'Recovery costs charged'),
    ('BE', 1, '7500', 7, 'late_interest', 'Intérêts de retard', 'Verwijlinteresten', 'Late interest'),
    ('FR', 1, '7141', 7, 'late_interest', 'Intérêts dus par les copropriétaires', 'Interesten verschuldigd door mede-eigenaars',
     'Interest owed by co-owners'),
    ('FR', 1, '7142', 7, 'recovery_costs', 'Frais de recouvrement (art. 10-1)', 'Invorderingskosten (art. 10-1)',
     'Recovery costs (art. 10-1)');

CREATE TABLE reminder_policy_steps (
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    step smallint NOT NULL CHECK (step BETWEEN 1 AND 4),
    delay_days integer NOT NULL CHECK (delay_days BETWEEN 1 AND 730),
    channel text NOT NULL CHECK (channel IN ('email', 'registered', 'lawyer')),
    cost numeric(10, 2) NOT NULL DEFAULT 0 CHECK (cost >= 0 AND cost <= 10000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, building_id, step),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id)
);

CREATE TABLE reminders (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    step smallint NOT NULL CHECK (step BETWEEN 1 AND 4),
    channel text NOT NULL CHECK (channel IN ('email', 'registered', 'lawyer')),
    sent_on date NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount > 0),
    cost numeric(10, 2) NOT NULL DEFAULT 0,
    cost_entry_id uuid,
    outbox_id uuid,
    -- the registered letter: the post office's deposit date and tracking number, entered by the syndic
    registered_on date,
    tracking_number text CHECK (length(tracking_number) BETWEEN 1 AND 60),
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, cost_entry_id) REFERENCES journal_entries (organization_id, id),
    CHECK ((registered_on IS NULL) = (tracking_number IS NULL))
);
CREATE INDEX reminders_building ON reminders (organization_id, building_id, owner_id, sent_on);

-- Which of the owner's due items (the entry that debited them) a reminder covers: one item, one step, once.
CREATE TABLE reminder_items (
    organization_id uuid NOT NULL,
    reminder_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    entry_id uuid NOT NULL,
    step smallint NOT NULL,
    due_date date NOT NULL,
    outstanding numeric(14, 2) NOT NULL,
    PRIMARY KEY (organization_id, owner_id, entry_id, step),
    FOREIGN KEY (organization_id, reminder_id) REFERENCES reminders (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, entry_id) REFERENCES journal_entries (organization_id, id)
);

CREATE TABLE owner_holds (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('dispute', 'payment_plan', 'estate')),
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    ended_on date,
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    CHECK (ends_on >= starts_on),
    CHECK (ended_on IS NULL OR ended_on >= starts_on)
);
CREATE INDEX owner_holds_owner ON owner_holds (organization_id, owner_id, ends_on);
