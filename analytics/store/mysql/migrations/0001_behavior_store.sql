-- The behaviour store: every shopper action once (behavior_events, unique on event_id), plus
-- rollups that the dashboards read instead of the raw rows. A row of behavior_events and its
-- contribution to the rollups are written in one transaction (see analytics/store/mysql/write-events.ts).

-- One row per write transaction. Its id marks the raw rows that write inserted, so the write can
-- tell them from rows other writes stored first; an auto-increment id is never handed out twice.
CREATE TABLE behavior_writes (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  -- distinct events the write offered; written + duplicates of its result
  events INT UNSIGNED NOT NULL,
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

-- The raw events. The auto-increment key keeps inserts at the end of the clustered index; the
-- event id (the tracker's dedup key, case-sensitive) is a unique secondary key.
CREATE TABLE behavior_events (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  event_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  trigger_type VARCHAR(20) CHARACTER SET ascii NOT NULL,
  occurred_at DATETIME(3) NOT NULL,
  user_id BIGINT UNSIGNED NULL,
  anonymous_id VARCHAR(64) NULL,
  session_id VARCHAR(64) NULL,
  campaign_id BIGINT UNSIGNED NULL,
  activity_id BIGINT UNSIGNED NULL,
  page_url VARCHAR(2048) NULL,
  referrer VARCHAR(2048) NULL,
  user_agent VARCHAR(512) NULL,
  properties JSON NULL,
  write_id BIGINT UNSIGNED NOT NULL,
  received_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT uq_behavior_events_event UNIQUE (event_id),
  -- the latest events of an activity or campaign (the realtime feed)
  INDEX idx_behavior_events_activity_time (activity_id, occurred_at),
  INDEX idx_behavior_events_campaign_time (campaign_id, occurred_at)
) ENGINE=InnoDB;

-- Events per activity or campaign, UTC hour and trigger type. Counts over any range of hours are a
-- range scan of the primary key: a day of one activity is at most 24 × trigger types rows.
CREATE TABLE behavior_hourly_counts (
  scope ENUM('activity', 'campaign') NOT NULL,
  scope_id BIGINT UNSIGNED NOT NULL,
  hour DATETIME NOT NULL,
  trigger_type VARCHAR(20) CHARACTER SET ascii NOT NULL,
  events BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (scope, scope_id, hour, trigger_type)
) ENGINE=InnoDB;

-- The distinct visitors of an activity or campaign: `u:<userId>` when the shopper was known,
-- else `a:<anonymousId>`. Unique visitors are a count of one primary-key range.
CREATE TABLE behavior_visitors (
  scope ENUM('activity', 'campaign') NOT NULL,
  scope_id BIGINT UNSIGNED NOT NULL,
  visitor VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  PRIMARY KEY (scope, scope_id, visitor)
) ENGINE=InnoDB;
