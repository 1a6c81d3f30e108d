-- The scopes of the access policy (domain/access.py): the buildings whose board a member sits on, with the
-- mandate's dates, and the buildings the syndic assigned to an accountant (none: the whole organisation).
-- A row belongs to the membership it narrows: removing the role removes its scope.
CREATE TABLE member_buildings (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    role text NOT NULL CHECK (role IN ('board_member', 'accountant')),
    building_id uuid NOT NULL,
    starts_on date NOT NULL DEFAULT current_date,
    ends_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, user_id, role) REFERENCES memberships (organization_id, user_id, role)
        ON DELETE CASCADE,
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id) ON DELETE CASCADE,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX member_buildings_user ON member_buildings (organization_id, user_id, role);
CREATE INDEX member_buildings_building ON member_buildings (organization_id, building_id);
