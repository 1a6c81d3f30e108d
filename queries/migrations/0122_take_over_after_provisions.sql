-- The take-over of what the charges hold (0101) no longer posts to the owners the allocation of an expense funded
-- by issued provisions: the charge settlement does (domain/calls/settlement.py), else the owners would carry the
-- provisions and the charges. The same view otherwise.
CREATE OR REPLACE VIEW accounting_unposted_lines AS
WITH unposted_expenses AS (
    SELECT e.* FROM expenses e WHERE e.approved_at IS NOT NULL AND e.total <> 0
), allocated_expenses AS (
    -- an expense dated in the period of an issued provisions call of its kind reaches the owners through the
    -- settlement (posted already, or to come), never through this view
    SELECT e.* FROM unposted_expenses e
    WHERE NOT EXISTS (SELECT 1 FROM calls k WHERE k.organization_id = e.organization_id
                        AND k.building_id = e.building_id AND k.status = 'issued'
                        AND k.kind = CASE e.nature WHEN 'works' THEN 'extraordinary' ELSE 'ordinary' END
                        AND e.invoice_date BETWEEN k.period_start AND k.period_end)
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
JOIN allocated_expenses e ON e.organization_id = c.organization_id AND e.id = c.expense_id
JOIN units u ON u.organization_id = c.organization_id AND u.id = c.unit_id
WHERE c.amount <> 0 AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.organization_id = e.organization_id
                                    AND j.source_kind = 'expense_allocation' AND j.source_id = e.id)
UNION ALL
SELECT e.organization_id, e.building_id, 'expense_allocation', e.id, 'OD', e.invoice_date, e.description,
       e.invoice_number, (SELECT count(*) FROM charge_lines c WHERE c.organization_id = e.organization_id
                          AND c.expense_id = e.id AND c.amount <> 0)::int + 1,
       'charges_called', NULL, NULL, NULL, NULL, -t.total, NULL
FROM allocated_expenses e
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
