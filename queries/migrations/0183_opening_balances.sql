-- An owner's balance taken over from the previous syndic's books (the CSV import of a building): what they owed
-- (positive) or had paid in advance (negative) on a date, per building. The owners' accounts start from it.
CREATE TABLE opening_balances (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount <> 0),
    as_of date NOT NULL,
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, building_id, owner_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
