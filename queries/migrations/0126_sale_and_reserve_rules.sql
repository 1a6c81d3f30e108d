-- The sale of a lot settled at its transfer date (the seller's working-fund share refunded, the buyer called for
-- it), once per transfer; and the Belgian reserve-fund rules recorded on a building (the AG's four-fifths waiver,
-- the provisional acceptance that starts the five-year grace; FR: the completion and the unanimous waiver).

CREATE TABLE sale_settlements (
    organization_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    transfer_date date NOT NULL,
    seller_id uuid NOT NULL,
    buyer_id uuid NOT NULL,
    -- the seller's share of the working fund at the transfer date, refunded to them and called from the buyer
    working_fund_share numeric(14, 2) NOT NULL CHECK (working_fund_share >= 0),
    refund_entry_id uuid,
    buyer_call_id uuid,
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, unit_id, transfer_date, seller_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, id),
    FOREIGN KEY (organization_id, seller_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, buyer_id) REFERENCES owners (organization_id, id),
    FOREIGN KEY (organization_id, refund_entry_id) REFERENCES journal_entries (organization_id, id),
    FOREIGN KEY (organization_id, buyer_call_id) REFERENCES calls (organization_id, id),
    CHECK (seller_id <> buyer_id),
    CHECK ((working_fund_share = 0) = (refund_entry_id IS NULL))
);
CREATE INDEX sale_settlements_building ON sale_settlements (organization_id, building_id, transfer_date);

CREATE TABLE reserve_rules (
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    -- BE: the AG's four-fifths decision not to constitute the reserve fund (FR: unanimity under ten lots)
    waiver_decided_on date,
    waiver_reference text CHECK (length(waiver_reference) BETWEEN 1 AND 200),
    waiver_resolution_id uuid,
    -- BE: the provisional acceptance of the common parts (the fund is due five years after at the latest);
    -- FR: the building's completion (the works fund from ten years after)
    provisional_acceptance_on date,
    updated_by uuid REFERENCES users,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, building_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id),
    FOREIGN KEY (organization_id, waiver_resolution_id) REFERENCES agenda_items (organization_id, id),
    CHECK ((waiver_decided_on IS NULL) = (waiver_reference IS NULL))
);
