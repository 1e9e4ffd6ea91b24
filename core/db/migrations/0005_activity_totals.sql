-- Per-activity totals of all time, so an activity's overview and funnel read one row instead of
-- counting its reservations and purchases (tens of thousands of rows for a hot activity; README
-- "Marketing numbers", Summaries). Kept by triggers inside the writer's own transaction, like the
-- cohort change log (0003): a duplicate, a retried command or a restart changes them exactly as it
-- changes the rows they sum, never twice and never missed.

-- Holds taken (reservations with held_at) per activity and shopper: the activity's approved is the
-- sum of holds, its participants the shoppers with holds > 0. Rows whose holds fall to 0 stay.
CREATE TABLE activity_participants (
  campaign_activity_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  holds INT NOT NULL,
  PRIMARY KEY (campaign_activity_id, user_id)
) ENGINE=InnoDB;

-- One row per activity that has a hold or a promotion purchase: approved = reservations with
-- held_at, participants = distinct shoppers among them, purchases and revenue (Σ price × quantity)
-- of its promotion purchases.
CREATE TABLE activity_totals (
  campaign_activity_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  approved BIGINT NOT NULL DEFAULT 0,
  participants BIGINT NOT NULL DEFAULT 0,
  purchases BIGINT NOT NULL DEFAULT 0,
  revenue DECIMAL(19,2) NOT NULL DEFAULT 0
) ENGINE=InnoDB;

CREATE TRIGGER trg_activity_participants_insert AFTER INSERT ON activity_participants FOR EACH ROW
  INSERT INTO activity_totals (campaign_activity_id, approved, participants) VALUES (NEW.campaign_activity_id, NEW.holds, NEW.holds > 0)
  ON DUPLICATE KEY UPDATE approved = approved + VALUES(approved), participants = participants + VALUES(participants);

CREATE TRIGGER trg_activity_participants_update AFTER UPDATE ON activity_participants FOR EACH ROW
  INSERT INTO activity_totals (campaign_activity_id, approved, participants)
  VALUES (NEW.campaign_activity_id, NEW.holds - OLD.holds, (NEW.holds > 0) - (OLD.holds > 0))
  ON DUPLICATE KEY UPDATE approved = approved + VALUES(approved), participants = participants + VALUES(participants);

-- A reservation counts once its held_at is known (its taken event applied; events arrive in any
-- order). An update that changes neither that nor the row's activity or shopper touches nothing.
CREATE TRIGGER trg_reservations_totals_insert AFTER INSERT ON reservations FOR EACH ROW
  INSERT INTO activity_participants (campaign_activity_id, user_id, holds)
  SELECT NEW.campaign_activity_id, NEW.user_id, 1 FROM DUAL WHERE NEW.held_at IS NOT NULL
  ON DUPLICATE KEY UPDATE holds = holds + VALUES(holds);

CREATE TRIGGER trg_reservations_totals_update AFTER UPDATE ON reservations FOR EACH ROW
  INSERT INTO activity_participants (campaign_activity_id, user_id, holds)
  SELECT * FROM (
    SELECT OLD.campaign_activity_id AS activity, OLD.user_id AS shopper, -1 AS change_of_holds FROM DUAL WHERE OLD.held_at IS NOT NULL
    UNION ALL SELECT NEW.campaign_activity_id, NEW.user_id, 1 FROM DUAL WHERE NEW.held_at IS NOT NULL
  ) AS change_of_hold
  WHERE (OLD.held_at IS NULL) <> (NEW.held_at IS NULL) OR OLD.campaign_activity_id <> NEW.campaign_activity_id OR OLD.user_id <> NEW.user_id
  ON DUPLICATE KEY UPDATE holds = holds + VALUES(holds);

CREATE TRIGGER trg_reservations_totals_delete AFTER DELETE ON reservations FOR EACH ROW
  INSERT INTO activity_participants (campaign_activity_id, user_id, holds)
  SELECT OLD.campaign_activity_id, OLD.user_id, -1 FROM DUAL WHERE OLD.held_at IS NOT NULL
  ON DUPLICATE KEY UPDATE holds = holds + VALUES(holds);

CREATE TRIGGER trg_purchases_totals_insert AFTER INSERT ON purchases FOR EACH ROW
  INSERT INTO activity_totals (campaign_activity_id, purchases, revenue)
  SELECT NEW.campaign_activity_id, 1, NEW.price * NEW.quantity FROM DUAL WHERE NEW.campaign_activity_id IS NOT NULL
  ON DUPLICATE KEY UPDATE purchases = purchases + VALUES(purchases), revenue = revenue + VALUES(revenue);

CREATE TRIGGER trg_purchases_totals_update AFTER UPDATE ON purchases FOR EACH ROW
  INSERT INTO activity_totals (campaign_activity_id, purchases, revenue)
  SELECT * FROM (
    SELECT OLD.campaign_activity_id AS activity, -1 AS change_of_purchases, -(OLD.price * OLD.quantity) AS change_of_revenue FROM DUAL WHERE OLD.campaign_activity_id IS NOT NULL
    UNION ALL SELECT NEW.campaign_activity_id, 1, NEW.price * NEW.quantity FROM DUAL WHERE NEW.campaign_activity_id IS NOT NULL
  ) AS change_of_purchase
  WHERE NOT (OLD.campaign_activity_id <=> NEW.campaign_activity_id) OR OLD.price <> NEW.price OR OLD.quantity <> NEW.quantity
  ON DUPLICATE KEY UPDATE purchases = purchases + VALUES(purchases), revenue = revenue + VALUES(revenue);

CREATE TRIGGER trg_purchases_totals_delete AFTER DELETE ON purchases FOR EACH ROW
  INSERT INTO activity_totals (campaign_activity_id, purchases, revenue)
  SELECT OLD.campaign_activity_id, -1, -(OLD.price * OLD.quantity) FROM DUAL WHERE OLD.campaign_activity_id IS NOT NULL
  ON DUPLICATE KEY UPDATE purchases = purchases + VALUES(purchases), revenue = revenue + VALUES(revenue);

-- What was recorded before this migration (core applies it before its workers start): the holds
-- through activity_participants' trigger, the purchases directly.
INSERT INTO activity_participants (campaign_activity_id, user_id, holds)
  SELECT campaign_activity_id, user_id, COUNT(*) FROM reservations WHERE held_at IS NOT NULL GROUP BY campaign_activity_id, user_id;

INSERT INTO activity_totals (campaign_activity_id, purchases, revenue)
  SELECT campaign_activity_id, COUNT(*), SUM(price * quantity) FROM purchases WHERE campaign_activity_id IS NOT NULL GROUP BY campaign_activity_id
  ON DUPLICATE KEY UPDATE purchases = VALUES(purchases), revenue = VALUES(revenue);
