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

const transientCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST', 'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN', 'ConnectionRefused',
])

/** True when an error means "the other side is down or busy", not "this input is bad". */
export function isTransient(error: unknown): boolean {
  if (error instanceof DependencyUnavailable) return true
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && transientCodes.has(code)) return true
  const message = error instanceof Error ? error.message : ''
  return /Connection is closed|connect ECONNREFUSED|Pool is closed|max retries per request/i.test(message)
}
