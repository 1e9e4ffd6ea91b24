-- The cohort summaries summed per activity and acquisition day (README "Marketing numbers",
-- Cohorts), kept by core's cohort job with every summary it replaces: a cohort's whole days are read
-- from here, only the customers of its two edge days from cohort_customers, so the cohort API reads
-- a few rows per day whatever the cohort's size. Column names as in common/cohort-days.ts.

-- Within how many 24-hour periods of the first purchase the next came (ceil((t - first) / 24 h)):
-- rolling retention DN counts the customers with this <= N, in the job and in MySQL alike.
ALTER TABLE cohort_customers ADD COLUMN next_purchase_rolling_days INT UNSIGNED NULL AFTER next_purchase_at;

UPDATE cohort_customers
   SET next_purchase_rolling_days = CEIL(TIMESTAMPDIFF(MICROSECOND, first_purchase_at, next_purchase_at) / 86400000000)
 WHERE next_purchase_at IS NOT NULL;

CREATE TABLE cohort_days (
  campaign_activity_id BIGINT UNSIGNED NOT NULL,
  acquisition_day DATE NOT NULL,
  customers INT NOT NULL,
  purchases INT NOT NULL,
  revenue DECIMAL(19,2) NOT NULL,
  revenue_30d DECIMAL(19,2) NOT NULL,
  revenue_90d DECIMAL(19,2) NOT NULL,
  revenue_365d DECIMAL(19,2) NOT NULL,
  repeaters INT NOT NULL,
  rolling_d1 INT NOT NULL,
  rolling_d7 INT NOT NULL,
  rolling_d30 INT NOT NULL,
  calendar_d1 INT NOT NULL,
  calendar_d7 INT NOT NULL,
  calendar_d30 INT NOT NULL,
  PRIMARY KEY (campaign_activity_id, acquisition_day)
) ENGINE=InnoDB;

-- cohort_repurchase_days counted per activity, mode, acquisition day and offset.
CREATE TABLE cohort_day_repurchases (
  campaign_activity_id BIGINT UNSIGNED NOT NULL,
  mode CHAR(1) CHARACTER SET ascii NOT NULL,
  acquisition_day DATE NOT NULL,
  day_offset INT UNSIGNED NOT NULL,
  customers INT NOT NULL,
  PRIMARY KEY (campaign_activity_id, mode, acquisition_day, day_offset)
) ENGINE=InnoDB;

-- the sums of the customers summarised before this migration; the job moves them from here on
INSERT INTO cohort_days
SELECT campaign_activity_id, acquisition_day, COUNT(*), SUM(purchases), SUM(revenue), SUM(revenue_30d), SUM(revenue_90d),
       SUM(revenue_365d), SUM(purchases >= 2),
       COALESCE(SUM(next_purchase_rolling_days <= 1), 0), COALESCE(SUM(next_purchase_rolling_days <= 7), 0),
       COALESCE(SUM(next_purchase_rolling_days <= 30), 0), COALESCE(SUM(next_purchase_calendar_days <= 1), 0),
       COALESCE(SUM(next_purchase_calendar_days <= 7), 0), COALESCE(SUM(next_purchase_calendar_days <= 30), 0)
  FROM cohort_customers GROUP BY campaign_activity_id, acquisition_day;

INSERT INTO cohort_day_repurchases
SELECT campaign_activity_id, mode, acquisition_day, day_offset, COUNT(*)
  FROM cohort_repurchase_days GROUP BY campaign_activity_id, mode, acquisition_day, day_offset;
