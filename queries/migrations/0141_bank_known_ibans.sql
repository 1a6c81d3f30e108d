-- The payers' accounts already seen paying for an owner (the import's proposals) read by account, not by scanning
-- every matched movement of the building: an import after years of statements stays as fast as the first.
CREATE INDEX bank_movements_known_iban ON bank_movements (organization_id, building_id, counterparty_iban)
    WHERE state = 'matched' AND counterparty_iban <> '';
