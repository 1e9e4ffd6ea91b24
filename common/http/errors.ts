/**
 * The one place HTTP errors are shaped, shared by gateway, core and analytics:
 * `{ code, message, fields? }` with a status a client can branch on. Validation failures list every
 * offending field; anything unexpected is logged and answered 500 without internals.
 */
import { Elysia } from 'elysia'
import { AppError, isTransient } from '../errors'
import type { Logger } from '../log'
import { fieldErrors, type ValueErrorLike } from '../schemas/check'

export function errorHandling(log: Logger) {
  return new Elysia({ name: 'axon-errors' })
    .onError({ as: 'global' }, ({ code, error, set, request }) => {
      if (error instanceof AppError) {
        set.status = error.status
        return error.toBody()
      }
      switch (code) {
        case 'VALIDATION': {
          set.status = 400
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
          if (isTransient(error)) {
            set.status = 503
            return { code: 'DEPENDENCY_UNAVAILABLE', message: 'a service this request needs is not answering; try again shortly' }
          }
          log.error('unhandled error', { error, path: new URL(request.url).pathname, method: request.method })
          set.status = 500
          return { code: 'INTERNAL', message: 'internal error; it has been logged' }
        }
      }
    })
}
