/**
 * Whether a MySQL error refuses the data of the statement (a value its column cannot hold, a
 * constraint it breaks) rather than saying the server is down or the schema is wrong. Only these
 * are worth splitting a batch to find the event at fault: an outage or a missing table would
 * refuse every event, and must be retried instead of dead-lettering the stream.
 */

/** Data errors whose SQLSTATE is the generic HY000 rather than class 22 or 23. */
const dataErrorCodes = new Set([
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', // "Incorrect string value" (text the column's charset cannot hold)
  'WARN_DATA_TRUNCATED',
  'ER_WRONG_VALUE_FOR_TYPE',
  'ER_INVALID_JSON_TEXT',
])

export function isDataRefusal(error: unknown): boolean {
  const { sqlState, code } = (error ?? {}) as { sqlState?: unknown; code?: unknown }
  // SQLSTATE class 22 is "data exception", 23 "integrity constraint violation" (NOT NULL, CHECK
  // json_valid on MariaDB's JSON columns)
  if (typeof sqlState === 'string' && (sqlState.startsWith('22') || sqlState.startsWith('23'))) return true
  return typeof code === 'string' && dataErrorCodes.has(code)
}
