/**
 * The one error type a caller can act on: a machine-readable code, an HTTP status and a human
 * message. Every HTTP app maps it in one `onError`; anything else is a bug and answers 500.
 */
export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }

  toBody() {
    return { code: this.code, message: this.message, ...this.details }
  }
}

/** A dependency (database, broker, peer service) did not answer; worth retrying with backoff. */
export class DependencyUnavailable extends Error {
  override name = 'DependencyUnavailable'
  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

/**
 * Codes of an outage: the other side is down, unreachable, restarting, failing over, or too busy
 * right now. Network errors (Node/Bun, DNS), mysql2's and the MySQL/MariaDB server's.
 */
const transientCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'ENOTFOUND', 'EAI_AGAIN', 'ConnectionRefused', 'ConnectionClosed',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS', 'ER_SERVER_SHUTDOWN',
  // a killed query or connection (KILL, a proxy or failover cutting sessions), an idle timeout
  'ER_QUERY_INTERRUPTED', 'ER_CLIENT_INTERACTION_TIMEOUT', 'ER_NET_READ_INTERRUPTED', 'ER_NET_WRITE_INTERRUPTED',
  'ER_NET_READ_ERROR', 'ER_NET_ERROR_ON_WRITE',
  // a primary demoted to read-only during a failover
  'ER_READ_ONLY_MODE',
])

/** MariaDB's ER_CONNECTION_KILLED, which mysql2 has no name for (its code is undefined). */
const transientErrnos = new Set([1927])

const transientMessages = [
  // ioredis: the connection is down or was given up on; mysql2: a pool ended while in use
  /Connection is closed|connect ECONNREFUSED|Pool is closed|max retries per request/i,
  // mysql2 on a connection the server closed (KILL, a restart, wait_timeout)
  /Can't add new command when connection is in closed state|Connection lost: The server closed the connection/,
  // Redis replies: a replica during failover, a dataset still loading, a cluster reconfiguring, a busy script
  /^(READONLY|LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|BUSY) /,
  // MySQL/MariaDB ER_OPTION_PREVENTS_STATEMENT names other options too; only read-only is a failover
  /running with the --(super-)?read-only option/,
]

type ErrorShape = { code?: unknown; errno?: unknown; fatal?: unknown; retriable?: unknown; cause?: unknown } | null

/**
 * True when an error means "the other side is down or busy", not "this input is bad": retry it,
 * never dead-letter for it. Also a mysql2 `fatal` error (the connection failed, not the statement)
 * and a kafkajs error marked retriable; an error's `cause` is looked through.
 */
export function isTransient(error: unknown): boolean {
  for (let seen = 0, e = error; e instanceof Error && seen < 5; seen++, e = (e as ErrorShape)?.cause) {
    if (e instanceof DependencyUnavailable) return true
    const { code, errno, fatal, retriable } = e as ErrorShape & object
    if (typeof code === 'string' && transientCodes.has(code)) return true
    if (typeof errno === 'number' && transientErrnos.has(errno)) return true
    if (fatal === true || retriable === true) return true
    if (transientMessages.some((pattern) => pattern.test(e.message))) return true
  }
  return false
}
