-- A settlement's balance to pay is its own due line for the owner (paid to the working fund with the owner's
-- structured communication): it has a due date, given by the syndic or 30 days after posting. The settlements
-- already posted get 30 days after their posting (or after their period, when posted before it ended).
ALTER TABLE settlements ADD COLUMN due_date date;
UPDATE settlements SET due_date = greatest(posted_at::date, period_end) + 30;
ALTER TABLE settlements ALTER COLUMN due_date SET NOT NULL;
ALTER TABLE settlements ADD CONSTRAINT settlements_due_after_period CHECK (due_date >= period_end);
