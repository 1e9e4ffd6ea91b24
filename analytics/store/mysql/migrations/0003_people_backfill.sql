-- The events stored before 0002 get their people, links and purchase counts as 0002's writes
-- keep them, and the visitor sets retire: unique visitors are counted from behavior_people_hourly,
-- which every write keeps anyway (one table fewer on the write path).
--
-- Re-adding events is harmless: first times keep the least, links the earliest event, and the
-- PURCHASE counts are rebuilt whole. One pass over the raw events, when analytics starts.

INSERT INTO behavior_identities (visitor, user_id, linked_at, event_id)
SELECT * FROM (
  SELECT CONCAT('a:', anonymous_id) COLLATE utf8mb4_bin AS link_visitor, user_id AS link_user, occurred_at AS link_at, event_id AS link_event
    FROM behavior_events WHERE user_id IS NOT NULL AND NULLIF(anonymous_id, '') IS NOT NULL
) AS l
ON DUPLICATE KEY UPDATE
  user_id = IF((VALUES(linked_at), VALUES(event_id)) < (linked_at, event_id), VALUES(user_id), user_id),
  event_id = IF((VALUES(linked_at), VALUES(event_id)) < (linked_at, event_id), VALUES(event_id), event_id),
  linked_at = LEAST(linked_at, VALUES(linked_at));

INSERT INTO behavior_people_hourly (scope, scope_id, trigger_type, hour, visitor, first_at)
SELECT * FROM (
  SELECT scope, scope_id, trigger_type, hour, visitor, MIN(occurred_at) AS earliest FROM (
    SELECT 'activity' AS scope, activity_id AS scope_id, trigger_type, DATE_FORMAT(occurred_at, '%Y-%m-%d %H:00:00') AS hour,
           COALESCE(CONCAT('u:', user_id) COLLATE utf8mb4_bin, CONCAT('a:', NULLIF(anonymous_id, '')) COLLATE utf8mb4_bin) AS visitor, occurred_at
      FROM behavior_events
     WHERE activity_id IS NOT NULL AND (trigger_type <> 'PURCHASE' OR JSON_UNQUOTE(JSON_EXTRACT(properties, '$.source')) = 'backend')
    UNION ALL
    SELECT 'campaign', campaign_id, trigger_type, DATE_FORMAT(occurred_at, '%Y-%m-%d %H:00:00'),
           COALESCE(CONCAT('u:', user_id) COLLATE utf8mb4_bin, CONCAT('a:', NULLIF(anonymous_id, '')) COLLATE utf8mb4_bin), occurred_at
      FROM behavior_events
     WHERE campaign_id IS NOT NULL AND (trigger_type <> 'PURCHASE' OR JSON_UNQUOTE(JSON_EXTRACT(properties, '$.source')) = 'backend')
  ) AS c WHERE visitor IS NOT NULL GROUP BY scope, scope_id, trigger_type, hour, visitor
) AS f
ON DUPLICATE KEY UPDATE first_at = LEAST(first_at, VALUES(first_at));

-- a tracker's PURCHASE was counted before 0002; the backend's alone count
DELETE FROM behavior_hourly_counts WHERE trigger_type = 'PURCHASE';

INSERT INTO behavior_hourly_counts (scope, scope_id, hour, trigger_type, events)
SELECT * FROM (
  SELECT scope, scope_id, hour, 'PURCHASE' AS purchase, COUNT(*) AS n FROM (
    SELECT 'activity' AS scope, activity_id AS scope_id, DATE_FORMAT(occurred_at, '%Y-%m-%d %H:00:00') AS hour
      FROM behavior_events WHERE activity_id IS NOT NULL AND trigger_type = 'PURCHASE' AND JSON_UNQUOTE(JSON_EXTRACT(properties, '$.source')) = 'backend'
    UNION ALL
    SELECT 'campaign', campaign_id, DATE_FORMAT(occurred_at, '%Y-%m-%d %H:00:00')
      FROM behavior_events WHERE campaign_id IS NOT NULL AND trigger_type = 'PURCHASE' AND JSON_UNQUOTE(JSON_EXTRACT(properties, '$.source')) = 'backend'
  ) AS p GROUP BY scope, scope_id, hour
) AS h
ON DUPLICATE KEY UPDATE events = VALUES(events);

DROP TABLE behavior_visitors;
