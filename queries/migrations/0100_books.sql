-- The books: the chart of accounts per jurisdiction (data files, loaded below), each building's accounts with the
-- owners' and suppliers' sub-accounts, fiscal years, journals, entries numbered without gaps per journal and year,
-- and their lines. Debits equal credits per entry and posted entries never change: PostgreSQL enforces both.

-- The minimum charts (BE: AR 12.07.2012; FR: décret 2005-240), versioned data.
CREATE TABLE chart_accounts (
    jurisdiction text NOT NULL CHECK (jurisdiction IN ('BE', 'FR')),
    version integer NOT NULL CHECK (version > 0),
    code text NOT NULL CHECK (code ~ '^[1-7][0-9]{0,7}$'),
    class smallint NOT NULL CHECK (class BETWEEN 1 AND 7),
    -- what the application posts to (owners, suppliers, bank_working…); NULL for an account chosen by hand
    role text,
    label_fr text NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    PRIMARY KEY (jurisdiction, version, code),
    UNIQUE (jurisdiction, version, role),
    CHECK (left(code, 1)::smallint = class)
);
COMMENT ON TABLE chart_accounts IS 'global: the legal charts of accounts, the same for every organisation';
-- load: data/chart_be_v1.csv into chart_accounts set jurisdiction=BE, version=1
-- load: data/chart_fr_v1.csv into chart_accounts set jurisdiction=FR, version=1

-- Which charge account an expense category posts to, per jurisdiction.
CREATE TABLE chart_categories (
    jurisdiction text NOT NULL,
    version integer NOT NULL,
    category text NOT NULL,
    code text NOT NULL,
    PRIMARY KEY (jurisdiction, version, category),
    FOREIGN KEY (jurisdiction, version, code) REFERENCES chart_accounts (jurisdiction, version, code)
);
COMMENT ON TABLE chart_categories IS 'global: the expense categories mapped onto the legal charts';
-- load: data/categories_v1.csv into chart_categories set version=1

-- A building's accounts: the chart's accounts it uses, its own sub-accounts, and one sub-account per owner and per
-- supplier under their control account (`party`: '' for a general account, 'o:<owner id>', 's:<supplier name>').
CREATE TABLE ledger_accounts (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    code text NOT NULL CHECK (code ~ '^[1-7][0-9]{0,7}$'),
    party text NOT NULL DEFAULT '' CHECK (length(party) <= 210),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    owner_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, building_id, code, party),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    CHECK ((owner_id IS NOT NULL) = (party LIKE 'o:%'))
);

CREATE TABLE fiscal_years (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'pre_closed', 'closed')),
    closed_at timestamptz,
    closed_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, building_id, starts_on),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    -- twelve months, the first up to eighteen
    CHECK (ends_on > starts_on AND ends_on < starts_on + interval '18 months'),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);

CREATE TABLE journals (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9]{1,5}$'),
    kind text NOT NULL CHECK (kind IN ('purchases', 'calls', 'bank', 'misc', 'opening')),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    -- a bank journal's account (550, 551…)
    bank_code text CHECK (bank_code ~ '^5[0-9]{1,7}$'),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, building_id, code),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    CHECK ((kind = 'bank') = (bank_code IS NOT NULL))
);

-- The last number given per journal and year: the row lock of the increment serialises concurrent postings and a
-- rolled-back posting rolls its number back, so numbers have no gaps.
CREATE TABLE journal_sequences (
    organization_id uuid NOT NULL,
    journal_id uuid NOT NULL,
    fiscal_year_id uuid NOT NULL,
    last_number integer NOT NULL CHECK (last_number > 0),
    PRIMARY KEY (organization_id, journal_id, fiscal_year_id),
    FOREIGN KEY (organization_id, journal_id) REFERENCES journals (organization_id, id),
    FOREIGN KEY (organization_id, fiscal_year_id) REFERENCES fiscal_years (organization_id, id)
);

CREATE TABLE journal_entries (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    journal_id uuid NOT NULL,
    fiscal_year_id uuid NOT NULL,
    number integer NOT NULL CHECK (number > 0),
    entry_date date NOT NULL,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 500),
    document_ref text CHECK (length(document_ref) <= 100),
    -- what the entry comes from (expense, expense_payment, owner_payment, opening_balance, manual…)
    source_kind text NOT NULL CHECK (source_kind ~ '^[a-z_]{1,40}$'),
    source_id uuid,
    reverses_id uuid,
    posted_at timestamptz NOT NULL DEFAULT now(),
    posted_by uuid REFERENCES users,
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, journal_id, fiscal_year_id, number),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, journal_id) REFERENCES journals (organization_id, id),
    FOREIGN KEY (organization_id, fiscal_year_id) REFERENCES fiscal_years (organization_id, id),
    FOREIGN KEY (organization_id, reverses_id) REFERENCES journal_entries (organization_id, id)
);
CREATE INDEX journal_entries_source ON journal_entries (organization_id, source_kind, source_id);
CREATE INDEX journal_entries_building ON journal_entries (organization_id, building_id, entry_date, id);
CREATE UNIQUE INDEX journal_entries_reversed_once ON journal_entries (organization_id, reverses_id);

-- An entry's lines; building, year and date repeated from the entry so the ledgers read one index.
CREATE TABLE entry_lines (
    organization_id uuid NOT NULL,
    entry_id uuid NOT NULL,
    line_no smallint NOT NULL CHECK (line_no > 0),
    building_id uuid NOT NULL,
    fiscal_year_id uuid NOT NULL,
    entry_date date NOT NULL,
    account_id uuid NOT NULL,
    debit numeric(14, 2) NOT NULL DEFAULT 0 CHECK (debit >= 0),
    credit numeric(14, 2) NOT NULL DEFAULT 0 CHECK (credit >= 0),
    -- for information: a Belgian association is not a VAT taxable person, the charge includes it
    vat_amount numeric(14, 2),
    label text CHECK (length(label) <= 500),
    owner_id uuid,
    unit_id uuid,
    key_id uuid,
    PRIMARY KEY (organization_id, entry_id, line_no),
    FOREIGN KEY (organization_id, entry_id) REFERENCES journal_entries (organization_id, id),
    FOREIGN KEY (organization_id, account_id) REFERENCES ledger_accounts (organization_id, id),
    FOREIGN KEY (organization_id, fiscal_year_id) REFERENCES fiscal_years (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id),
    FOREIGN KEY (organization_id, key_id) REFERENCES sharing_keys (organization_id, id),
    CHECK ((debit = 0) <> (credit = 0))
);
CREATE INDEX entry_lines_year_account ON entry_lines (organization_id, building_id, fiscal_year_id, account_id);
CREATE INDEX entry_lines_account_date ON entry_lines (organization_id, account_id, entry_date);
CREATE INDEX entry_lines_owner ON entry_lines (organization_id, owner_id, building_id, entry_date)
    WHERE owner_id IS NOT NULL;

-- Debits = credits, at least two lines: checked at commit (or when the posting asks for it), per entry.
CREATE FUNCTION accounting_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org uuid := NEW.organization_id;
    entry uuid;
    d numeric; c numeric; n integer;
BEGIN
    IF TG_TABLE_NAME = 'journal_entries' THEN
        entry := NEW.id;
    ELSE
        entry := NEW.entry_id;
    END IF;
    SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) INTO d, c, n
    FROM entry_lines WHERE organization_id = org AND entry_id = entry;
    IF n < 2 OR d <> c THEN
        RAISE EXCEPTION 'unbalanced entry %: debits %, credits %, % lines', entry, d, c, n
            USING ERRCODE = 'check_violation', CONSTRAINT = 'entry_balanced';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER entry_balanced AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION accounting_entry_balanced();
CREATE CONSTRAINT TRIGGER entry_lines_balanced AFTER INSERT ON entry_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION accounting_entry_balanced();

-- Posted entries are never edited or deleted: a correction is a reversing entry.
CREATE FUNCTION accounting_posted_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a posted entry cannot be changed (%): post a reversing entry', TG_OP
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER journal_entries_final BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION accounting_posted_is_final();
CREATE TRIGGER entry_lines_final BEFORE UPDATE OR DELETE ON entry_lines
    FOR EACH ROW EXECUTE FUNCTION accounting_posted_is_final();

-- Nothing posts into a closed year, nor outside the year's dates.
CREATE FUNCTION accounting_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE y fiscal_years;
BEGIN
    SELECT * INTO y FROM fiscal_years WHERE organization_id = NEW.organization_id AND id = NEW.fiscal_year_id;
    IF y.state = 'closed' THEN
        RAISE EXCEPTION 'fiscal year % is closed', y.id USING ERRCODE = 'check_violation', CONSTRAINT = 'year_open';
    END IF;
    IF NEW.entry_date NOT BETWEEN y.starts_on AND y.ends_on OR y.building_id <> NEW.building_id THEN
        RAISE EXCEPTION 'entry dated % outside fiscal year %', NEW.entry_date, y.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'year_open';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER journal_entries_year_open BEFORE INSERT ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION accounting_year_open();
