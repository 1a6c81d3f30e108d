-- Documents a syndic sends: the association's number and the bank account owners pay to (a building setting until
-- the books hold the association's accounts), and who held the assembly (chair, secretary, tellers chosen there).
ALTER TABLE buildings ADD COLUMN association_number text CHECK (length(association_number) BETWEEN 1 AND 30);
ALTER TABLE buildings ADD COLUMN iban text CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$');
ALTER TABLE meetings ADD COLUMN chair text CHECK (length(chair) BETWEEN 1 AND 200);
ALTER TABLE meetings ADD COLUMN secretary text CHECK (length(secretary) BETWEEN 1 AND 200);
ALTER TABLE meetings ADD COLUMN tellers text CHECK (length(tellers) BETWEEN 1 AND 400);
