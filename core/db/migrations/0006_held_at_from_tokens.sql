-- Since taking a hold writes nothing but the hold (README, "Domain records behind the numbers"),
-- a reservation token carries the time its hold was taken: `<activityId>.<epoch ms in base 36, 8
-- or 9 digits><16 random base64url characters>`, and core records a hold from its end alone. A
-- core older than that, running beside an upgraded gateway, recorded such ends without held_at,
-- so they counted nowhere. This fills held_at from the token for those rows (the totals triggers
-- of 0005 count them as they change). Arithmetic from the epoch, not FROM_UNIXTIME: no session
-- time zone is involved.
UPDATE reservations
   SET held_at = DATE_ADD('1970-01-01 00:00:00.000',
                          INTERVAL CAST(CONV(SUBSTRING(token, LOCATE('.', token) + 1, CHAR_LENGTH(token) - LOCATE('.', token) - 16), 36, 10) AS UNSIGNED) * 1000 MICROSECOND)
 WHERE held_at IS NULL AND token REGEXP '^[0-9]+[.][0-9a-z]{8,9}[A-Za-z0-9_-]{16}$';
