-- What the charges kept before the books, posted into them once: approved expenses (purchases journal), their
-- allocation to the owners (miscellaneous journal), suppliers paid and owners' payments (bank journal), balances
-- taken over from the previous syndic (opening journal). Each source posts once: the function skips what is
-- posted already, so a handover import or a spreadsheet's opening balances call it again for what they added.

-- Remap the expense accounts kept so far onto the Belgian chart for associations (6130 is the syndic's fees,
-- not insurance); French buildings' expenses take the French chart's accounts.
UPDATE expenses e SET account = c.code
FROM buildings b, chart_categories c
WHERE b.organization_id = e.organization_id AND b.id = e.building_id
  AND c.jurisdiction = b.jurisdiction AND c.version = 1 AND c.category = e.category AND e.account <> c.code;

-- The lines still to post (the balances taken over are added by the function), signed (positive: debit), with the account as post_entry takes it (a role, a code or
-- "cat:<category>"), numbered within their entry. The same shapes as domain/accounting/charges.py posts.
CREATE VIEW accounting_unposted_lines AS
WITH unposted_expenses AS (
    SELECT e.* FROM expenses e WHERE e.approved_at IS NOT NULL AND e.total <> 0
)
SELECT e.organization_id, e.building_id, 'expense' AS source_kind, e.id AS source_id, 'ACH' AS journal,
       e.invoice_date AS entry_date, e.description AS label, e.invoice_number AS document_ref, x.line_no,
       x.account, NULL::uuid AS owner_id, x.supplier, NULL::uuid AS unit_id, NULL::uuid AS key_id, x.amount,
       x.vat_amount
FROM unposted_expenses e
CROSS JOIN LATERAL (VALUES (1, 'cat:' || e.category, NULL::text, e.total, e.vat_amount),
                           (2, 'suppliers', e.supplier, -e.total, NULL::numeric))
    AS x(line_no, account, supplier, amount, vat_amount)
WHERE NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.organization_id = e.organization_id
                  AND j.source_kind = 'expense' AND j.source_id = e.id)
UNION ALL
SELECT c.organization_id, c.building_id, 'expense_allocation', c.expense_id, 'OD', e.invoice_date, e.description,
       e.invoice_number, row_number() OVER (PARTITION BY c.expense_id ORDER BY u.number, c.unit_id, c.owner_id)::int,
       'owners', c.owner_id, NULL, c.unit_id, e.sharing_key_id, c.amount, NULL
FROM charge_lines c
JOIN unposted_expenses e ON e.organization_id = c.organization_id AND e.id = c.expense_id
JOIN units u ON u.organization_id = c.organization_id AND u.id = c.unit_id
WHERE c.amount <> 0 AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.organization_id = e.organization_id
                                    AND j.source_kind = 'expense_allocation' AND j.source_id = e.id)
UNION ALL
SELECT e.organization_id, e.building_id, 'expense_allocation', e.id, 'OD', e.invoice_date, e.description,
       e.invoice_number, (SELECT count(*) FROM charge_lines c WHERE c.organization_id = e.organization_id
                          AND c.expense_id = e.id AND c.amount <> 0)::int + 1,
       'charges_called', NULL, NULL, NULL, NULL, -t.total, NULL
FROM unposted_expenses e
CROSS JOIN LATERAL (SELECT sum(c.amount) AS total FROM charge_lines c
                    WHERE c.organization_id = e.organization_id AND c.expense_id = e.id AND c.amount <> 0) t
WHERE t.total IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.organization_id = e.organization_id
                                          AND j.source_kind = 'expense_allocation' AND j.source_id = e.id)
UNION ALL
SELECT e.organization_id, e.building_id, 'expense_payment', e.id, 'BQ1', e.paid_on,
       e.description, coalesce(e.payment_reference, e.invoice_number), x.line_no, x.account, NULL, x.supplier,
       NULL, NULL, x.amount, NULL
FROM unposted_expenses e
CROSS JOIN LATERAL (VALUES (1, 'suppliers', e.supplier, e.total), (2, 'bank_working', NULL, -e.total))
    AS x(line_no, account, supplier, amount)
WHERE e.paid_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.organization_id = e.organization_id
                                            AND j.source_kind = 'expense_payment' AND j.source_id = e.id)
UNION ALL
SELECT p.organization_id, p.building_id, 'owner_payment', p.id, 'BQ1', p.paid_on,
       coalesce(p.reference, 'Paiement'), p.reference, x.line_no, x.account, x.owner_id, NULL, NULL, NULL,
       x.amount, NULL
FROM owner_payments p
CROSS JOIN LATERAL (VALUES (1, 'bank_working', NULL::uuid, p.amount), (2, 'owners', p.owner_id, -p.amount))
    AS x(line_no, account, owner_id, amount)
WHERE NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.organization_id = p.organization_id
                  AND j.source_kind = 'owner_payment' AND j.source_id = p.id);

-- Post every unposted line of one organisation (NULL: of all), set-based; returns the entries posted.
CREATE FUNCTION accounting_take_over(org uuid) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE posted integer;
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS accounting_take_over_lines ON COMMIT DROP AS
        SELECT * FROM accounting_unposted_lines WITH NO DATA;
    TRUNCATE accounting_take_over_lines;
    INSERT INTO accounting_take_over_lines
        SELECT * FROM accounting_unposted_lines WHERE org IS NULL OR organization_id = org;
    -- balances taken over (migration 0183, which a new database applies after this one)
    IF to_regclass('opening_balances') IS NOT NULL THEN
        INSERT INTO accounting_take_over_lines
        SELECT o.organization_id, o.building_id, 'opening_balance', o.id, 'AN', o.as_of, 'Solde repris', NULL, x.line_no,
               x.account, x.owner_id, NULL, NULL, NULL, x.amount, NULL
        FROM opening_balances o
        CROSS JOIN LATERAL (VALUES (1, 'owners', o.owner_id, o.amount), (2, 'suspense', NULL::uuid, -o.amount))
            AS x(line_no, account, owner_id, amount)
        WHERE NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.organization_id = o.organization_id
                          AND j.source_kind = 'opening_balance' AND j.source_id = o.id)
          AND (org IS NULL OR o.organization_id = org);
    END IF;
    -- the calendar years the dates fall in, where no year covers them
    INSERT INTO fiscal_years (organization_id, building_id, starts_on, ends_on)
    SELECT DISTINCT l.organization_id, l.building_id, make_date(extract(year FROM l.entry_date)::int, 1, 1),
           make_date(extract(year FROM l.entry_date)::int, 12, 31)
    FROM accounting_take_over_lines l
    WHERE NOT EXISTS (SELECT 1 FROM fiscal_years y WHERE y.organization_id = l.organization_id
                      AND y.building_id = l.building_id AND l.entry_date BETWEEN y.starts_on AND y.ends_on)
    ON CONFLICT DO NOTHING;
    INSERT INTO journals (organization_id, building_id, code, kind, label, bank_code)
    SELECT DISTINCT l.organization_id, l.building_id, l.journal,
           CASE l.journal WHEN 'ACH' THEN 'purchases' WHEN 'OD' THEN 'misc' WHEN 'AN' THEN 'opening' ELSE 'bank' END,
           CASE l.journal WHEN 'ACH' THEN 'Achats' WHEN 'OD' THEN 'Opérations diverses' WHEN 'AN' THEN 'À-nouveaux'
                ELSE 'Banque – fonds de roulement' END,
           CASE l.journal WHEN 'BQ1' THEN c.code END
    FROM accounting_take_over_lines l
    JOIN buildings b ON b.organization_id = l.organization_id AND b.id = l.building_id
    LEFT JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction AND c.version = 1 AND c.role = 'bank_working'
    ON CONFLICT DO NOTHING;
    -- the accounts, with the owners' and suppliers' sub-accounts
    INSERT INTO ledger_accounts (organization_id, building_id, code, party, label, owner_id)
    SELECT DISTINCT ON (l.organization_id, l.building_id, c.code, r.party)
           l.organization_id, l.building_id, c.code, r.party,
           left(coalesce(nullif(btrim(l.supplier), ''), c.label_fr), 200), l.owner_id
    FROM accounting_take_over_lines l
    JOIN buildings b ON b.organization_id = l.organization_id AND b.id = l.building_id
    LEFT JOIN chart_categories cc ON cc.jurisdiction = b.jurisdiction AND cc.version = 1
                                 AND 'cat:' || cc.category = l.account
    JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction AND c.version = 1
                         AND (c.code = coalesce(cc.code, l.account) OR c.role = l.account)
    CROSS JOIN LATERAL (SELECT CASE WHEN l.owner_id IS NOT NULL THEN 'o:' || l.owner_id
                                    WHEN coalesce(btrim(l.supplier), '') <> '' THEN 's:' || lower(btrim(l.supplier))
                                    ELSE '' END AS party) r
    ON CONFLICT DO NOTHING;
    -- the entries, numbered after the journal's last number in their year, in date order
    CREATE TEMP TABLE IF NOT EXISTS accounting_take_over_entries (
        organization_id uuid, id uuid, building_id uuid, journal_id uuid, fiscal_year_id uuid, number integer,
        entry_date date, label text, document_ref text, source_kind text, source_id uuid) ON COMMIT DROP;
    TRUNCATE accounting_take_over_entries;
    INSERT INTO accounting_take_over_entries
    SELECT h.organization_id, gen_random_uuid(), h.building_id, h.journal_id, h.fiscal_year_id,
           coalesce(s.last_number, 0) + row_number() OVER (PARTITION BY h.journal_id, h.fiscal_year_id
                                                           ORDER BY h.entry_date, h.source_kind, h.source_id)::int,
           h.entry_date, left(h.label, 500), left(h.document_ref, 100), h.source_kind, h.source_id
    FROM (SELECT DISTINCT l.organization_id, l.building_id, j.id AS journal_id, y.id AS fiscal_year_id,
                 l.entry_date, l.label, l.document_ref, l.source_kind, l.source_id
          FROM accounting_take_over_lines l
          JOIN journals j ON j.organization_id = l.organization_id AND j.building_id = l.building_id
                         AND j.code = l.journal
          JOIN fiscal_years y ON y.organization_id = l.organization_id AND y.building_id = l.building_id
                             AND l.entry_date BETWEEN y.starts_on AND y.ends_on) h
    LEFT JOIN journal_sequences s ON s.organization_id = h.organization_id AND s.journal_id = h.journal_id
                                 AND s.fiscal_year_id = h.fiscal_year_id;
    INSERT INTO journal_entries (organization_id, id, building_id, journal_id, fiscal_year_id, number, entry_date,
                                 label, document_ref, source_kind, source_id)
    SELECT organization_id, id, building_id, journal_id, fiscal_year_id, number, entry_date, label, document_ref,
           source_kind, source_id FROM accounting_take_over_entries;
    GET DIAGNOSTICS posted = ROW_COUNT;
    INSERT INTO entry_lines (organization_id, entry_id, line_no, building_id, fiscal_year_id, entry_date,
                             account_id, debit, credit, vat_amount, owner_id, unit_id, key_id)
    SELECT e.organization_id, e.id, l.line_no, e.building_id, e.fiscal_year_id, e.entry_date, a.id,
           greatest(l.amount, 0), greatest(-l.amount, 0), l.vat_amount, l.owner_id, l.unit_id, l.key_id
    FROM accounting_take_over_entries e
    JOIN accounting_take_over_lines l ON l.organization_id = e.organization_id AND l.source_kind = e.source_kind
                                     AND l.source_id = e.source_id
    JOIN buildings b ON b.organization_id = l.organization_id AND b.id = l.building_id
    LEFT JOIN chart_categories cc ON cc.jurisdiction = b.jurisdiction AND cc.version = 1
                                 AND 'cat:' || cc.category = l.account
    JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction AND c.version = 1
                         AND (c.code = coalesce(cc.code, l.account) OR c.role = l.account)
    JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.building_id = l.building_id
                          AND a.code = c.code
                          AND a.party = CASE WHEN l.owner_id IS NOT NULL THEN 'o:' || l.owner_id
                                             WHEN coalesce(btrim(l.supplier), '') <> ''
                                                 THEN 's:' || lower(btrim(l.supplier)) ELSE '' END;
    INSERT INTO journal_sequences AS s (organization_id, journal_id, fiscal_year_id, last_number)
    SELECT organization_id, journal_id, fiscal_year_id, max(number) FROM accounting_take_over_entries
    GROUP BY organization_id, journal_id, fiscal_year_id
    ON CONFLICT (organization_id, journal_id, fiscal_year_id) DO UPDATE SET last_number = EXCLUDED.last_number;
    RETURN posted;
END $$;

SELECT accounting_take_over(NULL);
