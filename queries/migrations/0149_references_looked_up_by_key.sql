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
CREATE TRIGGER payment_references_references AFTER INSERT ON payment_references REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION references_present(
    'payment_references_organization_id_building_id_fkey', 'organization_id,building_id', 'buildings',
        'organization_id,id', 'lock',
    'payment_references_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock',
    'payment_references_organization_id_fund_id_fkey', 'organization_id,fund_id', 'funds', 'organization_id,id',
        'lock');
CREATE TRIGGER payment_references_references_changed AFTER UPDATE ON payment_references
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION references_present(
    'payment_references_organization_id_building_id_fkey', 'organization_id,building_id', 'buildings',
        'organization_id,id', 'lock',
    'payment_references_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock',
    'payment_references_organization_id_fund_id_fkey', 'organization_id,fund_id', 'funds', 'organization_id,id',
        'lock');
CREATE TRIGGER ledger_accounts_references AFTER INSERT ON ledger_accounts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION references_present(
    'ledger_accounts_organization_id_building_id_fkey', 'organization_id,building_id', 'buildings',
        'organization_id,id', 'lock',
    'ledger_accounts_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock');
CREATE TRIGGER ledger_accounts_references_changed AFTER UPDATE ON ledger_accounts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION references_present(
    'ledger_accounts_organization_id_building_id_fkey', 'organization_id,building_id', 'buildings',
        'organization_id,id', 'lock',
    'ledger_accounts_organization_id_owner_id_fkey', 'organization_id,owner_id', 'owners', 'organization_id,id',
        'lock');

-- The side pointed at: the owners' and buildings' guards take the new references (a trigger's arguments are fixed:
-- made again), the funds get theirs.
DROP TRIGGER owners_referenced ON owners;
CREATE TRIGGER owners_referenced AFTER DELETE OR UPDATE OF organization_id, id ON owners
    FOR EACH ROW EXECUTE FUNCTION references_absent(
    'entry_lines_organization_id_owner_id_fkey', 'entry_lines', 'organization_id,owner_id', 'organization_id,id',
    'owner_payments_organization_id_owner_id_fkey', 'owner_payments', 'organization_id,owner_id',
        'organization_id,id',
    'bank_movements_organization_id_proposed_owner_id_fkey', 'bank_movements', 'organization_id,proposed_owner_id',
        'organization_id,id',
    'call_shares_organization_id_owner_id_fkey', 'call_shares', 'organization_id,owner_id', 'organization_id,id',
    'payment_references_organization_id_owner_id_fkey', 'payment_references', 'organization_id,owner_id',
        'organization_id,id',
    'ledger_accounts_organization_id_owner_id_fkey', 'ledger_accounts', 'organization_id,owner_id',
        'organization_id,id');
DROP TRIGGER buildings_referenced ON buildings;
CREATE TRIGGER buildings_referenced AFTER DELETE OR UPDATE OF organization_id, id ON buildings
    FOR EACH ROW EXECUTE FUNCTION references_absent(
    'owner_payments_organization_id_building_id_fkey', 'owner_payments', 'organization_id,building_id',
        'organization_id,id',
    'payment_references_organization_id_building_id_fkey', 'payment_references', 'organization_id,building_id',
        'organization_id,id',
    'ledger_accounts_organization_id_building_id_fkey', 'ledger_accounts', 'organization_id,building_id',
        'organization_id,id');
CREATE TRIGGER funds_referenced AFTER DELETE OR UPDATE OF organization_id, id ON funds
    FOR EACH ROW EXECUTE FUNCTION references_absent(
    'payment_references_organization_id_fund_id_fkey', 'payment_references', 'organization_id,fund_id',
        'organization_id,id');

ALTER TABLE payment_references DROP CONSTRAINT payment_references_organization_id_building_id_fkey,
    DROP CONSTRAINT payment_references_organization_id_owner_id_fkey,
    DROP CONSTRAINT payment_references_organization_id_fund_id_fkey;
ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_organization_id_building_id_fkey,
    DROP CONSTRAINT ledger_accounts_organization_id_owner_id_fkey;
