-- The register's invariants held by the database itself, whatever the code path.
-- On every date, the full + bare ownership shares of a lot sum to exactly 1 and usufruct equals bare
-- ownership (or the lot has no right at all that day). Shares are fractions share_num/share_den, summed
-- exactly over the least common multiple of their denominators. Checked at commit (deferred) so that a
-- sale can end and open rows in any order; the unit row is locked first so that two transactions writing
-- rights of the same lot are serialised and the second one sees the first one's rows.

CREATE AGGREGATE register_lcm(numeric) (sfunc = lcm, stype = numeric, initcond = '1');

CREATE FUNCTION register_unit_problem(p_org uuid, p_unit uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH r AS (
        SELECT right_kind, share_num::numeric AS n, share_den::numeric AS d, start_date, end_date
        FROM unit_owners WHERE organization_id = p_org AND unit_id = p_unit
    ), base AS (SELECT register_lcm(d) AS l FROM r),
    days AS (SELECT start_date AS day FROM r UNION SELECT end_date FROM r WHERE end_date IS NOT NULL),
    sums AS (
        SELECT days.day, base.l,
               sum(CASE WHEN r.right_kind IN ('full', 'bare') THEN r.n * base.l / r.d ELSE 0 END) AS owned,
               sum(CASE WHEN r.right_kind = 'usufruct' THEN r.n * base.l / r.d ELSE 0 END) AS usufruct,
               sum(CASE WHEN r.right_kind = 'bare' THEN r.n * base.l / r.d ELSE 0 END) AS bare
        FROM days CROSS JOIN base
        JOIN r ON r.start_date <= days.day AND (r.end_date IS NULL OR r.end_date > days.day)
        GROUP BY days.day, base.l
    )
    SELECT format('on %s: full + bare = %s/%s, usufruct = %s/%s, bare = %s/%s',
                  day, owned, l, usufruct, l, bare, l)
    FROM sums WHERE owned <> l OR usufruct <> bare
    ORDER BY day LIMIT 1
$$;

-- The shares-sum trigger locks the lot FOR NO KEY UPDATE rather than FOR UPDATE: inserting a right already holds
-- a KEY SHARE lock on the unit (its foreign key), which FOR UPDATE would wait on in the other transaction
-- (a deadlock between two writers of the same lot); NO KEY UPDATE still serialises the two checks.
CREATE OR REPLACE FUNCTION register_check_unit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_org uuid;
    v_unit uuid;
    v_problem text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v_org := OLD.organization_id; v_unit := OLD.unit_id;
    ELSE
        v_org := NEW.organization_id; v_unit := NEW.unit_id;
    END IF;
    PERFORM 1 FROM units WHERE organization_id = v_org AND id = v_unit FOR NO KEY UPDATE;
    v_problem := register_unit_problem(v_org, v_unit);
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'unit % ownership shares do not add up %', v_unit, v_problem
            USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_owners_shares_sum';
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.unit_id <> NEW.unit_id) THEN
        v_problem := register_unit_problem(OLD.organization_id, OLD.unit_id);
        IF v_problem IS NOT NULL THEN
            RAISE EXCEPTION 'unit % ownership shares do not add up %', OLD.unit_id, v_problem
                USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_owners_shares_sum';
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER unit_owners_shares_sum
    AFTER INSERT OR UPDATE OR DELETE ON unit_owners
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION register_check_unit();

-- The rights in force now, per lot and per owner (the portal, the lots table, "my lots").
CREATE INDEX unit_owners_open_unit ON unit_owners (organization_id, unit_id) WHERE end_date IS NULL;
CREATE INDEX unit_owners_open_owner ON unit_owners (organization_id, owner_id) WHERE end_date IS NULL;
