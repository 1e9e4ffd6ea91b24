-- What the marketing numbers need that the domain did not record: every reservation's life (the
-- APPROVED step of the funnel is "units won at reservation", not entries paid), an activity's own
-- acquisition budget, and the runs of core's scheduled jobs.

-- One row per reservation token, written by core's command workers from the life events the
-- gateway's scripts append to the command outbox (taken, confirmed, cancelled, expired). Events of
-- one token may be applied in any order: held_at is NULL until its taken event is applied, and a
-- terminal status is never replaced by HELD.
CREATE TABLE reservations (
  token VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  campaign_activity_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  held_at DATETIME(3) NULL,
  expires_at DATETIME(3) NULL,
  -- HELD | CONFIRMED | CANCELLED | EXPIRED
  status VARCHAR(12) CHARACTER SET ascii NOT NULL,
  ended_at DATETIME(3) NULL,
  -- approved per activity and period; first hold per shopper (the people funnel)
  INDEX idx_reservations_activity_held (campaign_activity_id, held_at, user_id),
  INDEX idx_reservations_user (user_id, held_at)
) ENGINE=InnoDB;

-- An activity's own acquisition budget; NULL: it shares its campaign's budget (see the README's
-- definition of CAC).
ALTER TABLE campaign_activities ADD COLUMN budget DECIMAL(15,2) NULL AFTER price;

-- Each run of a scheduled job: what the jobs page shows (last run, duration, rows).
CREATE TABLE job_runs (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  job VARCHAR(100) NOT NULL,
  started_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NULL,
  -- rows the run read or wrote, as the job counts them
  rows_processed BIGINT UNSIGNED NOT NULL DEFAULT 0,
  -- NULL while running or when it succeeded; the error's message when it failed
  error VARCHAR(2000) NULL,
  INDEX idx_job_runs_job_started (job, started_at)
) ENGINE=InnoDB;
