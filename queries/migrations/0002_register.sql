-- The building's register: lots (units), owners, and ownership rights with history.
-- Foreign keys carry organization_id so that no row can point at another organisation's row.

CREATE TABLE units (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations,
    building_id uuid NOT NULL,
    number text NOT NULL CHECK (length(number) BETWEEN 1 AND 20),
    unit_type text NOT NULL CHECK (unit_type IN
        ('apartment', 'commercial', 'office', 'parking', 'cellar', 'storage', 'other')),
    floor integer CHECK (floor BETWEEN -10 AND 200),
    surface_area numeric(10, 2) CHECK (surface_area >= 0),
    quota integer NOT NULL CHECK (quota > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (building_id, number),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id)
);
CREATE INDEX units_org_building ON units (organization_id, building_id, number);

CREATE TABLE owners (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations,
    kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'company', 'association')),
    first_name text CHECK (length(first_name) <= 100),
    last_name text CHECK (length(last_name) <= 100),
    company_name text CHECK (length(company_name) <= 200),
    company_number text CHECK (length(company_number) <= 30),
    email text CHECK (length(email) <= 254),
    phone text CHECK (length(phone) <= 40),
    address text CHECK (length(address) <= 300),
    city text CHECK (length(city) <= 120),
    postal_code text CHECK (length(postal_code) <= 20),
    country text CHECK (length(country) <= 80),
    language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'nl', 'de', 'en')),
    accepts_email_notices boolean NOT NULL DEFAULT false,
    -- an owner may agree that co-owners see their phone and e-mail in the portal
    shares_contact boolean NOT NULL DEFAULT false,
    user_id uuid REFERENCES users,
    anonymized_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, user_id),
    CHECK (anonymized_at IS NOT NULL
           OR (kind = 'person' AND last_name IS NOT NULL)
           OR (kind <> 'person' AND company_name IS NOT NULL))
);
CREATE INDEX owners_org_name ON owners (organization_id, lower(coalesce(last_name, company_name)), id);
CREATE INDEX owners_org_email ON owners (organization_id, lower(email));

-- A right of one owner on one lot over [start_date, end_date). Nothing is deleted: a sale ends rows.
-- share = share_num / share_den of the lot, exact. On every date, full + bare shares sum to 1 and
-- usufruct shares equal bare shares (checked by the use case under a lock on the unit, and by a trigger).
CREATE TABLE unit_owners (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    right_kind text NOT NULL DEFAULT 'full' CHECK (right_kind IN ('full', 'usufruct', 'bare')),
    share_num integer NOT NULL CHECK (share_num > 0),
    share_den integer NOT NULL CHECK (share_den > 0 AND share_num <= share_den),
    start_date date NOT NULL,
    end_date date CHECK (end_date > start_date),
    is_contact boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id)
);
CREATE INDEX unit_owners_unit ON unit_owners (organization_id, unit_id, start_date);
CREATE INDEX unit_owners_owner ON unit_owners (organization_id, owner_id, start_date);
