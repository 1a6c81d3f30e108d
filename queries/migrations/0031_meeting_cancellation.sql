-- Owners convened to an assembly that is then cancelled are told so, like the convocation (e-mail or letter).
ALTER TABLE meeting_mailings DROP CONSTRAINT meeting_mailings_document_check;
ALTER TABLE meeting_mailings ADD CONSTRAINT meeting_mailings_document_check
    CHECK (document IN ('convocation', 'minutes', 'cancellation'));
