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
