-- Several photos per ticket (at most five, numbered from 1). The ticket's own photo_* columns keep the first
-- one, as before (the API's photo_url); every photo, the first included, is a row here. Existing photos copied.
CREATE TABLE ticket_photos (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    ticket_id uuid NOT NULL,
    position integer NOT NULL CHECK (position BETWEEN 1 AND 5),
    storage_key text NOT NULL,
    name text NOT NULL CHECK (length(name) <= 200),
    content_type text NOT NULL CHECK (length(content_type) <= 120),
    size integer NOT NULL CHECK (size > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, ticket_id, position),
    FOREIGN KEY (organization_id, ticket_id) REFERENCES tickets (organization_id, id) ON DELETE CASCADE
);

INSERT INTO ticket_photos (organization_id, ticket_id, position, storage_key, name, content_type, size)
SELECT organization_id, id, 1, photo_key, coalesce(photo_name, 'photo'), coalesce(photo_type, 'image/jpeg'),
       photo_size
  FROM tickets WHERE photo_key IS NOT NULL;
