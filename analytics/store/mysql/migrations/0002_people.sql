-- People: who is behind the events. A person is the shopper's user id when known, else the
-- tracker's anonymous id; an anonymous id seen on an event together with a user id belongs to that
-- user (an identity link), also for its events stored before the link. Links are applied when a
-- person figure is read, so a late link needs no rewrite of the rollups below.

-- One link per anonymous id: the user id of the earliest event (by occurredAt, then eventId) that
-- carried both. Kept by INSERT … ON DUPLICATE KEY UPDATE with that rule, so copies, writers
-- racing and events arriving out of order all end on the same link.
CREATE TABLE behavior_identities (
  -- `a:<anonymousId>`, as in behavior_visitors
  visitor VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  linked_at DATETIME(3) NOT NULL,
  event_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
) ENGINE=InnoDB;

-- The first time each visitor (`u:<userId>` or `a:<anonymousId>`) did each trigger type in each
-- UTC hour of an activity or campaign. People per step and first times over any range of hours
-- are one primary-key range per trigger type; a visitor is a handful of rows, not one per event.
CREATE TABLE behavior_people_hourly (
  scope ENUM('activity', 'campaign') NOT NULL,
  scope_id BIGINT UNSIGNED NOT NULL,
  trigger_type VARCHAR(20) CHARACTER SET ascii NOT NULL,
  hour DATETIME NOT NULL,
  visitor VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  first_at DATETIME(3) NOT NULL,
  PRIMARY KEY (scope, scope_id, trigger_type, hour, visitor)
) ENGINE=InnoDB;
