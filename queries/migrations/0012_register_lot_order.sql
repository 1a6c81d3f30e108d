-- Lots in human order ("2" before "10", "A2" before "A10"), in SQL too, so that pages of lots follow the same
-- order as the rule domain.rules.allocation.natural_key.
CREATE COLLATION lot_number (provider = icu, locale = 'und-u-kn-true');
CREATE INDEX units_org_building_natural ON units (organization_id, building_id, (number COLLATE lot_number), id);
