-- The period of the year in which the bylaws put each building's ordinary general assembly (BE C. civ.
-- art. 3.87 § 2: a fortnight fixed by the bylaws; FR: the bylaws' or the syndic's yearly date, within six months
-- of the year's end). The desk reminds the syndic to convene in time for it.
CREATE TABLE assembly_windows (
    organization_id uuid NOT NULL,
    building_id uuid NOT NULL,
    starts_month smallint NOT NULL CHECK (starts_month BETWEEN 1 AND 12),
    starts_day smallint NOT NULL CHECK (starts_day BETWEEN 1 AND 31),
    days smallint NOT NULL DEFAULT 15 CHECK (days BETWEEN 1 AND 92),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, building_id),
    FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id) ON DELETE CASCADE,
    -- a day every year has (no 29 February): the window's date exists whatever the year
    CHECK (starts_day <= extract(day FROM make_date(2001, starts_month, 1) + interval '1 month - 1 day'))
);
