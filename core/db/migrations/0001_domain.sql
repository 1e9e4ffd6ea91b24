-- The domain: campaigns run FCFS activities on products; shoppers (users) enter them, and a
-- confirmed entry is a purchase. Outbox rows are events published to the bus after commit.

CREATE TABLE campaigns (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description VARCHAR(2000) NULL,
  -- acquisition spend of the campaign: the numerator of CAC and the denominator of ROAS
  budget DECIMAL(15,2) NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

CREATE TABLE products (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  -- list price; an activity sells at its own promotional price
  price DECIMAL(15,2) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

-- Shoppers, keyed by the storefront's user id (the `sub` of their token). A shopper first seen in
-- a confirmed entry is inserted then; created_at is the sign-up time when the storefront syncs it.
CREATE TABLE users (
  id BIGINT UNSIGNED PRIMARY KEY,
  grade VARCHAR(20) NOT NULL DEFAULT 'BRONZE',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

CREATE TABLE campaign_activities (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  campaign_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  activity_type VARCHAR(20) NOT NULL DEFAULT 'FCFS',
  product_id BIGINT UNSIGNED NOT NULL,
  price DECIMAL(15,2) NOT NULL,
  limit_count INT UNSIGNED NOT NULL,
  starts_at DATETIME(3) NOT NULL,
  ends_at DATETIME(3) NOT NULL,
  -- DRAFT | ACTIVE | PAUSED | ENDED; only ACTIVE inside [starts_at, ends_at) takes reservations
  status VARCHAR(20) NOT NULL DEFAULT 'DRAFT',
  -- eligibility rules, e.g. {"newCustomersOnly":true} or {"minPastPurchases":2,"memberGrades":["GOLD"]}
  rules JSON NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_activities_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id),
  CONSTRAINT fk_activities_product FOREIGN KEY (product_id) REFERENCES products (id),
  CONSTRAINT ck_activities_window CHECK (ends_at > starts_at),
  INDEX idx_activities_campaign (campaign_id),
  INDEX idx_activities_status_start (status, starts_at)
) ENGINE=InnoDB;

-- One row per confirmed (APPROVED) entry; the unique keys make applying a command idempotent.
CREATE TABLE campaign_activity_entries (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  campaign_activity_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  command_id VARCHAR(64) NOT NULL,
  reservation_token VARCHAR(128) NOT NULL,
  order_id VARCHAR(64) NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'APPROVED',
  confirmed_at DATETIME(3) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT uq_entries_command UNIQUE (command_id),
  CONSTRAINT uq_entries_activity_user UNIQUE (campaign_activity_id, user_id),
  CONSTRAINT fk_entries_activity FOREIGN KEY (campaign_activity_id) REFERENCES campaign_activities (id),
  CONSTRAINT fk_entries_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB;

-- Every purchase; campaign_activity_id is NULL for regular (non-promotion) purchases.
CREATE TABLE purchases (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  order_id VARCHAR(64) NOT NULL,
  campaign_activity_id BIGINT UNSIGNED NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  product_id BIGINT UNSIGNED NOT NULL,
  price DECIMAL(15,2) NOT NULL,
  quantity INT UNSIGNED NOT NULL DEFAULT 1,
  purchased_at DATETIME(3) NOT NULL,
  CONSTRAINT uq_purchases_order UNIQUE (order_id),
  CONSTRAINT fk_purchases_activity FOREIGN KEY (campaign_activity_id) REFERENCES campaign_activities (id),
  CONSTRAINT fk_purchases_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_purchases_product FOREIGN KEY (product_id) REFERENCES products (id),
  -- cohort queries (first purchase per user in an activity window) and repurchase lookups
  INDEX idx_purchases_cohort (campaign_activity_id, purchased_at, user_id),
  INDEX idx_purchases_user_time (user_id, purchased_at)
) ENGINE=InnoDB;

-- Transactional outbox: written in the same transaction as the state it describes, published to
-- the bus by the relay after commit, marked published afterwards (at-least-once; consumers dedupe).
CREATE TABLE outbox (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  topic VARCHAR(200) NOT NULL,
  message_key VARCHAR(200) NULL,
  payload LONGTEXT NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  published_at DATETIME(3) NULL,
  INDEX idx_outbox_unpublished (published_at, id)
) ENGINE=InnoDB;
