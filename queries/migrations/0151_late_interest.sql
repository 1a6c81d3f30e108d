-- Late interest: a building's bylaws clause (its own rate, the clause cited), and each interest charged to an owner
-- for a span of days (the next charge starts where the last one ended: never twice for the same days).
CREATE TABLE interest_settings (
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    bylaws_rate numeric(6, 3) NOT NULL CHECK (bylaws_rate > 0 AND bylaws_rate <= 30),
    bylaws_clause text NOT NULL CHECK (length(bylaws_clause) BETWEEN 1 AND 200),
    PRIMARY KEY (organization_id, building_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id)
);

CREATE TABLE interest_charges (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    from_date date NOT NULL,
    to_date date NOT NULL,  -- exclusive: the next charge starts here
    amount numeric(14, 2) NOT NULL CHECK (amount > 0),
    entry_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, building_id, owner_id, to_date),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, entry_id) REFERENCES journal_entries (organization_id, id),
    CHECK (to_date > from_date)
);
