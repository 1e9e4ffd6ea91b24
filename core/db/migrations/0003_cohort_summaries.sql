-- Per-customer purchase summaries for cohort analysis (README "Marketing numbers", Cohorts), kept
-- by core's cohort job so the cohort API reads one row per customer instead of every purchase.
-- Only facts that depend on purchases alone are kept, never on the time of asking: a new purchase
-- changes them, the clock does not.

-- Whose purchases changed since the job last ran: one row per purchase inserted, changed or
-- deleted, written by the triggers below inside the writer's own transaction, so no change can be
-- missed whatever order transactions commit in. The job deletes the rows it has summarised.
CREATE TABLE cohort_purchase_changes (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  INDEX idx_cohort_changes_user (user_id)
) ENGINE=InnoDB;

CREATE TRIGGER trg_purchases_cohort_insert AFTER INSERT ON purchases FOR EACH ROW
  INSERT INTO cohort_purchase_changes (user_id) VALUES (NEW.user_id);

CREATE TRIGGER trg_purchases_cohort_update AFTER UPDATE ON purchases FOR EACH ROW
  INSERT INTO cohort_purchase_changes (user_id) VALUES (OLD.user_id), (NEW.user_id);

CREATE TRIGGER trg_purchases_cohort_delete AFTER DELETE ON purchases FOR EACH ROW
  INSERT INTO cohort_purchase_changes (user_id) VALUES (OLD.user_id);

-- the purchases recorded before this migration are summarised by the job's first runs
INSERT INTO cohort_purchase_changes (user_id) SELECT DISTINCT user_id FROM purchases;

-- One row per (activity, customer who bought in it). "Since first" = purchases of any kind (promotion
-- or normal, any product) at or after the customer's first purchase in the activity; money is
-- Σ price × quantity. Clustered by (activity, first purchase) so a cohort is one range read.
CREATE TABLE cohort_customers (
  campaign_activity_id BIGINT UNSIGNED NOT NULL,
  first_purchase_at DATETIME(3) NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  -- the shop-time-zone day of first_purchase_at (AXON_SHOP_TIME_ZONE when it was computed)
  acquisition_day DATE NOT NULL,
  purchases INT UNSIGNED NOT NULL,
  revenue DECIMAL(17,2) NOT NULL,
  -- revenue of the purchases with floor((t - first) / 24 h) <= 30, 90, 365
  revenue_30d DECIMAL(17,2) NOT NULL,
  revenue_90d DECIMAL(17,2) NOT NULL,
  revenue_365d DECIMAL(17,2) NOT NULL,
  -- the earliest other purchase since first (NULL: none yet), and its shop calendar-day offset
  next_purchase_at DATETIME(3) NULL,
  next_purchase_calendar_days INT UNSIGNED NULL,
  PRIMARY KEY (campaign_activity_id, first_purchase_at, user_id),
  UNIQUE KEY uq_cohort_customers_activity_user (campaign_activity_id, user_id),
  INDEX idx_cohort_customers_user (user_id)
) ENGINE=InnoDB;

-- The day offsets on which a customer bought again after the first purchase (offset >= 1), once
-- per offset, in both retention modes: R = floor((t - first) / 24 h), C = shop calendar days. The
-- retention matrix counts these per acquisition day in one range read.
CREATE TABLE cohort_repurchase_days (
  campaign_activity_id BIGINT UNSIGNED NOT NULL,
  mode CHAR(1) CHARACTER SET ascii NOT NULL,
  first_purchase_at DATETIME(3) NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  day_offset INT UNSIGNED NOT NULL,
  acquisition_day DATE NOT NULL,
  PRIMARY KEY (campaign_activity_id, mode, first_purchase_at, user_id, day_offset),
  INDEX idx_cohort_repurchase_user (user_id)
) ENGINE=InnoDB;

-- The shop time zone the summaries' days were computed in; the job recomputes every customer
-- when AXON_SHOP_TIME_ZONE no longer matches it.
CREATE TABLE cohort_summary_settings (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  time_zone VARCHAR(64) NOT NULL
) ENGINE=InnoDB;
