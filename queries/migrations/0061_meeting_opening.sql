-- The law at the opening of an assembly: the quorum as it stood at the opening (with its reasoning), every
-- arrival and departure with its time, the owners the syndic reached otherwise than by e-mail or letter.
ALTER TABLE meetings ADD COLUMN opening_quorum jsonb;

CREATE TABLE attendance_movements (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    meeting_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('present', 'represented', 'absent', 'postal')),
    proxy_holder_name text CHECK (length(proxy_holder_name) <= 200),
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
CREATE INDEX attendance_movements_meeting ON attendance_movements (organization_id, meeting_id, at);

-- An owner with neither an e-mail for legal notices nor a postal address, whom the syndic marked as convened
-- otherwise (by hand, through a relative …): convening is refused until each such owner is marked.
CREATE TABLE meeting_reached_otherwise (
    organization_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    note text NOT NULL CHECK (length(note) BETWEEN 1 AND 300),
    marked_by uuid NOT NULL REFERENCES users,
    marked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, meeting_id, owner_id),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);

ALTER TABLE meeting_mailings DROP CONSTRAINT meeting_mailings_channel_check;
ALTER TABLE meeting_mailings ADD CONSTRAINT meeting_mailings_channel_check
    CHECK (channel IN ('email', 'letter', 'other'));
