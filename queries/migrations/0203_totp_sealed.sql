-- TOTP secrets encrypted at rest (domain/platform/sealing.py: AES-256-GCM, `v1:` + base64url). Rows written
-- before hold the secret itself: each web process seals those at start-up (web/app.py, one UPDATE per row left,
-- none once done); until then they are read as they are.
ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_check;
ALTER TABLE user_totp ADD CONSTRAINT user_totp_secret_check
    CHECK (secret ~ '^[A-Z2-7]{32}$' OR secret ~ '^v1:[A-Za-z0-9_-]{60,120}$');
