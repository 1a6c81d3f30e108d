-- A payment plan's instalments: each with its own date and amount, summing to the debt planned. The plan (a hold
-- of kind payment_plan) stops the ladder while it is kept; an instalment short past its grace ends the hold (the
-- day it lapsed) and names the instalment missed, and the ladder resumes.
ALTER TABLE owner_holds ADD COLUMN missed_instalment smallint CHECK (missed_instalment > 0),
    ADD CONSTRAINT owner_holds_missed_check CHECK (missed_instalment IS NULL OR
                                                   (kind = 'payment_plan' AND ended_on IS NOT NULL));

CREATE TABLE hold_instalments (
    organization_id uuid NOT NULL,
    hold_id uuid NOT NULL,
    number smallint NOT NULL CHECK (number BETWEEN 1 AND 60),
    due_on date NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (organization_id, hold_id, number),
    FOREIGN KEY (organization_id, hold_id) REFERENCES owner_holds (organization_id, id) ON DELETE CASCADE
);
