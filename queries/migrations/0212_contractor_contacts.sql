-- A contractor's contacts beyond the main one kept on the contractor (the office, the site foreman, the
-- accounts department…): each a name, what they do, an e-mail and a phone.
CREATE TABLE contractor_contacts (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    contractor_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role text CHECK (length(role) <= 100),
    email text CHECK (length(email) <= 254),
    phone text CHECK (length(phone) <= 40),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, contractor_id) REFERENCES contractors (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX contractor_contacts_of ON contractor_contacts (organization_id, contractor_id);
