-- The document library: a building's (or the firm's own, building_id NULL) documents, each with its versions.
-- Visibility: 'syndic' (the firm: syndic and accountants), 'board' (also the board of owners and its
-- commissaire), 'owners' (also every owner of the building), 'owner' (the firm and one owner: owner_id).
-- Links: a meeting, an expense, and one generic typed reference (a call for funds, a ticket … of later areas).
CREATE TABLE documents (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid,
    category text NOT NULL CHECK (category IN ('bylaws', 'minutes', 'convocation', 'insurance', 'contract', 'plan',
        'invoice', 'bank_statement', 'statement', 'call_notice', 'reminder', 'correspondence', 'other')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    document_date date NOT NULL,
    visibility text NOT NULL CHECK (visibility IN ('syndic', 'board', 'owners', 'owner')),
    owner_id uuid,
    meeting_id uuid,
    expense_id uuid,
    ref_kind text CHECK (ref_kind ~ '^[a-z_]{1,40}$'),
    ref_id uuid,
    source text NOT NULL DEFAULT 'upload' CHECK (source IN ('upload', 'generated', 'import')),
    -- a generated document is filed once: e.g. 'convocation:<meeting id>'
    generated_key text CHECK (length(generated_key) <= 200),
    current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, generated_key),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, expense_id) REFERENCES expenses (organization_id, id),
    CHECK ((visibility = 'owner') = (owner_id IS NOT NULL)),
    CHECK ((ref_kind IS NULL) = (ref_id IS NULL))
);
CREATE INDEX documents_building ON documents (organization_id, building_id, document_date DESC, id);
CREATE INDEX documents_owner ON documents (organization_id, owner_id) WHERE owner_id IS NOT NULL;

-- Every version of a document: a new upload adds one, the old ones stay.
CREATE TABLE document_versions (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    storage_key text NOT NULL,
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type text NOT NULL CHECK (length(content_type) <= 120),
    size integer NOT NULL CHECK (size > 0),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by uuid REFERENCES users,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, document_id, version),
    FOREIGN KEY (organization_id, document_id) REFERENCES documents (organization_id, id) ON DELETE CASCADE
);
