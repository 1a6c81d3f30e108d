-- The board's register of decisions: each resolution adopted at an AG (or an action written by hand) with the
-- person responsible, a due date, a status, and its proofs (documents, tickets, expenses, works).
CREATE TABLE decisions (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    meeting_id uuid,
    agenda_item_id uuid,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text CHECK (length(description) <= 8000),
    responsible text CHECK (length(responsible) <= 200),
    due_on date,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    done_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, agenda_item_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, agenda_item_id) REFERENCES agenda_items (organization_id, id),
    CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX decisions_building ON decisions (organization_id, building_id, due_on);
CREATE INDEX decisions_open_due ON decisions (organization_id, due_on) WHERE status IN ('open', 'in_progress');

CREATE TABLE decision_proofs (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    decision_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('document', 'ticket', 'expense', 'work')),
    ref_id uuid NOT NULL,
    note text CHECK (length(note) <= 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, decision_id, kind, ref_id),
    FOREIGN KEY (organization_id, decision_id) REFERENCES decisions (organization_id, id) ON DELETE CASCADE
);
