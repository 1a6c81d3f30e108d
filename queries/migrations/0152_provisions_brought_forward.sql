-- France (loi 1965 art. 19-2): after a formal notice unanswered for 30 days, the year's remaining provisions fall
-- due. The syndic's action brings forward, for that owner only, the due date of each issued call of the year not
-- yet due; the owner's items are then read with this date.
CREATE TABLE call_due_overrides (
    organization_id uuid NOT NULL,
    call_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    due_date date NOT NULL,
    reason text NOT NULL CHECK (reason IN ('fr_19_2')),
    decided_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, call_id, owner_id),
    FOREIGN KEY (organization_id, call_id) REFERENCES calls (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
