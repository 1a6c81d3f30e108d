-- An issued call may be cancelled: its entry is reversed (never edited), so what the owners paid against it
-- becomes a credit on their account, taken by the next calls oldest first. The call keeps its shares and its
-- entry; the cancellation records who, when, why and the reversing entry.
DO $$
DECLARE name text;
BEGIN
    SELECT conname INTO name FROM pg_constraint
    WHERE conrelid = 'calls'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%issued_at IS NOT NULL%';
    EXECUTE format('ALTER TABLE calls DROP CONSTRAINT %I', name);
    SELECT conname INTO name FROM pg_constraint
    WHERE conrelid = 'calls'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%''draft''%''issued''%';
    EXECUTE format('ALTER TABLE calls DROP CONSTRAINT %I', name);
END $$;

ALTER TABLE calls
    ADD COLUMN cancelled_at timestamptz,
    ADD COLUMN cancelled_by uuid REFERENCES users,
    ADD COLUMN cancel_reason text CHECK (length(cancel_reason) BETWEEN 1 AND 500),
    ADD COLUMN cancel_entry_id uuid,
    ADD CONSTRAINT calls_status_check CHECK (status IN ('draft', 'issued', 'cancelled')),
    ADD CONSTRAINT calls_issued_check
        CHECK ((status IN ('issued', 'cancelled')) = (issued_at IS NOT NULL AND entry_id IS NOT NULL)),
    ADD CONSTRAINT calls_cancelled_check
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL
                                         AND cancel_entry_id IS NOT NULL)),
    ADD CONSTRAINT calls_cancel_entry_fkey
        FOREIGN KEY (organization_id, cancel_entry_id) REFERENCES journal_entries (organization_id, id);
