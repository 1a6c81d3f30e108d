-- Login throttling per account and address pair: an attempt refused by the throttle is logged but never
-- counted (it must not extend the delay), and the pair's failures are read by one index.
ALTER TABLE login_attempts ADD COLUMN throttled boolean NOT NULL DEFAULT false;
CREATE INDEX login_attempts_pair ON login_attempts (lower(email), ip, at);
