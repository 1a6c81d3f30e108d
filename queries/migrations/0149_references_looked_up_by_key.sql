-- The references checked per statement (0148): looked up by the key of the rows pointed at, and two more tables a
-- quarter's calls write by the thousand checked so.
--
-- The rows a statement wrote are a transition table, which PostgreSQL has no statistics for: it guesses 200
-- distinct keys and, against 25,000 owners or 20,000 lots, hashes the whole table (7 ms a check at the bench's
-- scale) where looking the keys up in the primary key takes a millisecond or two. A statement writes at most a few
-- thousand distinct keys, for which the index lookups are always the better plan: the check is planned without hash
-- or merge joins.
ALTER FUNCTION references_present() SET enable_hashjoin = off;
ALTER FUNCTION references_present() SET enable_mergejoin = off;

-- A firm's first quarter gives each owner a payment reference per fund and a sub-account per owners' account:
-- about 1,000 rows of each for a firm of 20 buildings, 5,000 references checked one by one.
SELECT references_checked('payment_references', true,
    'payment_references_organization_id_building_id_fkey', 'organization_id,building_id', 'buildings',
        'organization_id,id', 'lock',
    'payment_references_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock',
    'payment_references_organization_id_fund_id_fkey', 'organization_id,fund_id', 'funds', 'organization_id,id',
        'lock');
SELECT references_checked('ledger_accounts', true,
    'ledger_accounts_organization_id_building_id_fkey', 'organization_id,building_id', 'buildings',
        'organization_id,id', 'lock',
    'ledger_accounts_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock');

-- The side pointed at: the owners' and buildings' guards made again with the new references, the funds' made.
SELECT references_guarded();

ALTER TABLE payment_references DROP CONSTRAINT payment_references_organization_id_building_id_fkey,
    DROP CONSTRAINT payment_references_organization_id_owner_id_fkey,
    DROP CONSTRAINT payment_references_organization_id_fund_id_fkey;
ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_organization_id_building_id_fkey,
    DROP CONSTRAINT ledger_accounts_organization_id_owner_id_fkey;
