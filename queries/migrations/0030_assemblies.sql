-- General assemblies: meetings, agenda items (resolutions), owners' requests, attendance, votes,
-- convocations, and the outbox of messages written in the same transaction as the change that sends them.

CREATE TABLE meetings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations,
    building_id uuid NOT NULL,
    meeting_type text NOT NULL CHECK (meeting_type IN ('ordinary', 'extraordinary')),
    session integer NOT NULL DEFAULT 1 CHECK (session IN (1, 2)),
    first_session_id uuid,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text CHECK (length(description) <= 4000),
    scheduled_at timestamp NOT NULL,  -- local time of the building
    location text NOT NULL CHECK (length(location) BETWEEN 1 AND 300),
    video_url text CHECK (length(video_url) <= 500),
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'convened', 'open', 'closed', 'cancelled')),
    convened_on date,
    opened_at timestamptz,
    closed_at timestamptz,
    quorum_met boolean,
    minutes_sent_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, first_session_id) REFERENCES meetings (organization_id, id),
    CHECK ((session = 2) = (first_session_id IS NOT NULL))
);
CREATE INDEX meetings_org_building ON meetings (organization_id, building_id, scheduled_at DESC);

-- An agenda item; one with a majority is a resolution put to the vote.
CREATE TABLE agenda_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    position integer NOT NULL CHECK (position BETWEEN 1 AND 999),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text CHECK (length(description) <= 4000),
    decision_kind text,
    draft_resolution text CHECK (length(draft_resolution) <= 8000),
    majority text CHECK (majority IN ('absolute', 'two_thirds', 'four_fifths', 'unanimity',
                                      'art24', 'art25', 'art26')),
    vote_status text NOT NULL DEFAULT 'pending' CHECK (vote_status IN ('pending', 'open', 'closed')),
    opened_at timestamptz,
    closed_at timestamptz,
    adopted boolean,
    result jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (meeting_id, position) DEFERRABLE INITIALLY IMMEDIATE,
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    CHECK ((majority IS NULL) = (draft_resolution IS NULL))
);

-- An owner's written request for an item; answered or accepted onto an agenda, never dropped.
CREATE TABLE agenda_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text CHECK (length(description) <= 4000),
    requested_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'answered')),
    answer text CHECK (length(answer) <= 4000),
    agenda_item_id uuid,
    handled_at timestamptz,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, agenda_item_id) REFERENCES agenda_items (organization_id, id),
    CHECK ((status = 'pending') = (handled_at IS NULL))
);
CREATE INDEX agenda_requests_building ON agenda_requests (organization_id, building_id, requested_at);

-- Co-owners who are not a lot's contact but asked to receive the convocations themselves.
CREATE TABLE convocation_subscriptions (
    organization_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, owner_id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);

CREATE TABLE attendance (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('present', 'represented', 'absent', 'postal')),
    proxy_holder_owner_id uuid,
    proxy_holder_name text CHECK (length(proxy_holder_name) <= 200),
    postal_received_on date,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (meeting_id, owner_id),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, proxy_holder_owner_id) REFERENCES owners (organization_id, id),
    CHECK ((status = 'represented') = (proxy_holder_name IS NOT NULL)),
    CHECK ((status = 'postal') = (postal_received_on IS NOT NULL))
);

-- One vote per voter (a lot's contact, for all the lots they vote for) and resolution; quota from the register.
CREATE TABLE votes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    agenda_item_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    choice text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    quota integer NOT NULL CHECK (quota >= 0),
    cast_by uuid NOT NULL REFERENCES users,
    cast_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (agenda_item_id, owner_id),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, agenda_item_id) REFERENCES agenda_items (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
CREATE INDEX votes_owner ON votes (organization_id, owner_id);

-- Messages to send, written in the transaction that decides to send them; a worker drains them.
CREATE TABLE outbox (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations,
    recipient text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    subject text NOT NULL CHECK (length(subject) <= 300),
    body text NOT NULL,
    attachment_name text,
    attachment bytea,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

-- Who was sent a meeting's convocation (or minutes), how, and through which outbox message.
CREATE TABLE meeting_mailings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    document text NOT NULL CHECK (document IN ('convocation', 'minutes')),
    channel text NOT NULL CHECK (channel IN ('email', 'letter')),
    outbox_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (meeting_id, owner_id, document),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, outbox_id) REFERENCES outbox (organization_id, id)
);
