-- In-app notifications (issue 17): a notice per event a member or owner should know of, written in the
-- event's transaction; its text is a French gettext template and its parameters, translated when read (and in
-- the e-mail, in the recipient's language). Each user chooses per kind whether an e-mail follows too; the legal
-- channels (a convocation, the minutes) are never governed by these preferences.
CREATE TABLE notices (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+\.[a-z_]+$'),
    template text NOT NULL CHECK (length(template) BETWEEN 1 AND 500),
    params jsonb NOT NULL DEFAULT '{}',
    path text NOT NULL CHECK (path ~ '^/' AND length(path) <= 300),
    building_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX notices_of_user ON notices (organization_id, user_id, created_at DESC);
CREATE INDEX notices_unread ON notices (organization_id, user_id) WHERE read_at IS NULL;

CREATE TABLE notice_preferences (
    organization_id uuid NOT NULL REFERENCES organizations,
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+\.[a-z_]+$'),
    email boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id, kind)
);
