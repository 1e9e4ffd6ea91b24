/**
 * The one place HTTP errors are shaped, shared by gateway, core and analytics:
 * `{ code, message, fields? }` with a status a client can branch on. Validation failures list every
 * offending field; a dependency that is down or busy (`isTransient`) answers 503 SERVICE_UNAVAILABLE
 * with Retry-After, since the same request will work once it is back; anything else unexpected is
 * logged and answered 500 without internals. A schema made with `parameterSchema` (the dashboards'
 * query and path parameters) answers 400 INVALID_PARAMETER naming its first bad parameter instead.
 */
import type { TProperties } from '@sinclair/typebox'
import { Elysia, t } from 'elysia'
import { AppError, isTransient } from '../errors'
import type { Logger } from '../log'
import { fieldErrors, type ValueErrorLike } from '../schemas/check'

/** An outage fails every request; one log line per this many ms says so, with how many failed. */
const outageLogEveryMs = 5000

/** 400 INVALID_PARAMETER: `{ code, message, parameter }`, the message starting with the parameter's name. */
export function invalidParameter(parameter: string, rule: string): AppError {
  return new AppError('INVALID_PARAMETER', 400, `${parameter} ${rule}`, { parameter })
}

/** An object of query or path parameters whose validation failures answer `invalidParameter`. */
export function parameterSchema<P extends TProperties>(properties: P) {
  return t.Object(properties, { reportsParameter: true })
}

function reportsParameter(validator: unknown): boolean {
  return (validator as { schema?: { reportsParameter?: unknown } } | undefined)?.schema?.reportsParameter === true
}

function outageLog(log: Logger) {
  let loggedAt = -Infinity
  let failed = 0
  return (error: unknown, request: Request) => {
    failed++
    if (performance.now() - loggedAt < outageLogEveryMs) return
    log.warn('dependency unavailable: answered 503', { error, path: new URL(request.url).pathname, failedSinceLastLine: failed })
    loggedAt = performance.now()
    failed = 0
  }
}

export function errorHandling(log: Logger) {
  const logOutage = outageLog(log)
  return new Elysia({ name: 'axon-errors' })
    .onError({ as: 'global' }, ({ code, error, set, request }) => {
      if (error instanceof AppError) {
        set.status = error.status
        return error.toBody()
      }
      if (isTransient(error)) {
        logOutage(error, request)
        set.status = 503
        set.headers['retry-after'] = '1'
        return { code: 'SERVICE_UNAVAILABLE', message: 'a service this request needs is unavailable right now; try again shortly' }
      }
      switch (code) {
        case 'VALIDATION': {
          set.status = 400
          if (reportsParameter(error.validator)) {
            const [first] = fieldErrors(undefined, error.all as ValueErrorLike[])
            return invalidParameter(first?.field ?? '(parameters)', first?.message ?? 'is invalid').toBody()
          }
          const fields = fieldErrors(error.type, error.all as ValueErrorLike[])
          const where = fields.map((f) => `${f.field} ${f.message}`).join('; ')
          return { code: 'VALIDATION_FAILED', message: `invalid request: ${where}`, fields }
        }
        case 'PARSE':
          set.status = 400
          return { code: 'MALFORMED_BODY', message: 'the request body is not valid JSON' }
        case 'NOT_FOUND':
          set.status = 404
          return { code: 'NOT_FOUND', message: `no route for ${request.method} ${new URL(request.url).pathname}` }
        case 'INVALID_COOKIE_SIGNATURE':
        case 'INVALID_FILE_TYPE':
          set.status = 400
          return { code: 'BAD_REQUEST', message: String((error as Error).message) }
        default: {
          log.error('unhandled error', { error, path: new URL(request.url).pathname, method: request.method })
          set.status = 500
          return { code: 'INTERNAL', message: 'internal error; it has been logged' }
        }
      }
    })
}
