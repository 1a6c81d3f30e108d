-- Maintenance: the firm's contractors, tickets reported by owners and the board, works with their quotes and the
-- chain order → work report → invoice → expense, and each building's competition threshold set by the AG.

-- A contractor of the firm (shared by its buildings): identifiers checked by domain/rules/identifiers.py.
CREATE TABLE contractors (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_name text NOT NULL CHECK (length(company_name) BETWEEN 1 AND 200),
    country text NOT NULL DEFAULT 'BE' CHECK (country IN ('BE', 'FR')),
    enterprise_number text CHECK (enterprise_number ~ '^[0-9]{9,10}$'),  -- BCE/KBO (BE) or SIREN (FR), digits
    vat_number text CHECK (vat_number ~ '^(BE|FR)[0-9]{10,11}$'),
    iban text CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
    trades text[] NOT NULL DEFAULT '{}',
    contact_name text CHECK (length(contact_name) <= 200),
    email text CHECK (length(email) <= 254),
    phone text CHECK (length(phone) <= 40),
    insurer text CHECK (length(insurer) <= 200),
    insurance_expires_on date,
    certificate_key text,  -- the insurance certificate's file in the document store
    certificate_name text CHECK (length(certificate_name) <= 200),
    certificate_type text CHECK (length(certificate_type) <= 120),
    notes text CHECK (length(notes) <= 4000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, enterprise_number)
);
CREATE INDEX contractors_insurance ON contractors (organization_id, insurance_expires_on)
    WHERE insurance_expires_on IS NOT NULL;

-- A problem reported in a building: on a common part (unit_id NULL) or one of the reporter's lots.
CREATE TABLE tickets (
    organization_id uuid NOT NULL REFERENCES organizations,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    unit_id uuid,
    location text CHECK (length(location) <= 200),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'in_progress', 'done', 'closed')),
    urgency text CHECK (urgency IN ('low', 'normal', 'high', 'emergency')),
    due_on date,
    contractor_id uuid,
    reported_by uuid REFERENCES users,
    reporter_email text CHECK (length(reporter_email) <= 254),
    reporter_name text CHECK (length(reporter_name) <= 200),
    reporter_locale text NOT NULL DEFAULT 'fr' CHECK (reporter_locale IN ('fr', 'nl', 'de', 'en')),
    photo_key text,
    photo_name text CHECK (length(photo_name) <= 200),
    photo_type text CHECK (length(photo_type) <= 120),
    photo_size integer CHECK (photo_size > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id),
    FOREIGN KEY (organization_id, contractor_id) REFERENCES contractors (organization_id, id),
    CHECK ((photo_key IS NULL) = (photo_size IS NULL))
);
CREATE INDEX tickets_building ON tickets (organization_id, building_id, created_at DESC);
CREATE INDEX tickets_open_due ON tickets (organization_id, due_on) WHERE status IN ('new', 'assigned', 'in_progress');
CREATE INDEX tickets_reporter ON tickets (organization_id, reported_by);

-- What was said on a ticket: 'internal' (the firm and the board) or 'public' (also the reporter).
CREATE TABLE ticket_comments (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    ticket_id uuid NOT NULL,
    author_id uuid REFERENCES users,
    author_name text CHECK (length(author_name) <= 200),
    visibility text NOT NULL CHECK (visibility IN ('internal', 'public')),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    move text CHECK (move IN ('assign', 'start', 'finish', 'close', 'reopen', 'triage')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, ticket_id) REFERENCES tickets (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_comments_ticket ON ticket_comments (organization_id, ticket_id, created_at);

-- The AG's decision on compulsory competition for a building (BE art. 3.88 §1 1° c; FR art. 21 al. 2): the amount
-- including VAT above which an order needs `quotes_required` quotes, and the resolution that set it.
CREATE TABLE competition_thresholds (
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount >= 0),
    quotes_required integer NOT NULL DEFAULT 3 CHECK (quotes_required BETWEEN 2 AND 10),
    meeting_id uuid,
    agenda_item_id uuid,
    decided_on date NOT NULL,
    reference text CHECK (length(reference) <= 300),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, building_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, meeting_id) REFERENCES meetings (organization_id, id),
    FOREIGN KEY (organization_id, agenda_item_id) REFERENCES agenda_items (organization_id, id)
);

-- A job in a building (from a ticket or not): quotes are asked for it, one accepted, then the order, the
-- contractor's work report, the invoice and the expense it becomes keep their chain here.
CREATE TABLE works (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    ticket_id uuid,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text CHECK (length(description) <= 4000),
    category text NOT NULL DEFAULT 'repairs',
    status text NOT NULL DEFAULT 'quoting'
        CHECK (status IN ('quoting', 'ordered', 'reported', 'invoiced', 'expensed', 'cancelled')),
    accepted_quote_id uuid,
    ordered_on date,
    order_reference text CHECK (length(order_reference) <= 100),
    work_report text CHECK (length(work_report) <= 4000),
    work_done_on date,
    invoice_number text CHECK (length(invoice_number) <= 100),
    invoice_date date,
    invoice_excl_vat numeric(14, 2),  -- the invoice's amount excluding VAT when it differs from the quote
    expense_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, ticket_id) REFERENCES tickets (organization_id, id),
    FOREIGN KEY (organization_id, expense_id) REFERENCES expenses (organization_id, id),
    UNIQUE (organization_id, expense_id)
);
CREATE INDEX works_building ON works (organization_id, building_id, created_at DESC);

-- A contractor's quote (devis) for a job: requested, then received with its amounts, then accepted or rejected.
CREATE TABLE quotes (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    work_id uuid NOT NULL,
    contractor_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'received', 'accepted', 'rejected')),
    requested_on date NOT NULL DEFAULT current_date,
    received_on date,
    valid_until date,
    amount_excl_vat numeric(14, 2),
    vat_rate numeric(5, 2),
    total numeric(14, 2),
    details text CHECK (length(details) <= 4000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, work_id, contractor_id),
    FOREIGN KEY (organization_id, work_id) REFERENCES works (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, contractor_id) REFERENCES contractors (organization_id, id),
    CHECK ((status = 'requested') = (total IS NULL))
);
ALTER TABLE works ADD FOREIGN KEY (organization_id, accepted_quote_id) REFERENCES quotes (organization_id, id);
