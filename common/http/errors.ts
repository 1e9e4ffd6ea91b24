/**
 * The one place HTTP errors are shaped, shared by gateway, core and analytics:
 * `{ code, message, fields? }` with a status a client can branch on. Validation failures list every
 * offending field; anything unexpected is logged and answered 500 without internals.
 */
import { Elysia } from 'elysia'
import { AppError } from '../errors'
import type { Logger } from '../log'

export interface FieldError {
  /** JSON pointer-ish path without the leading slash: `qty`, `events/3/eventId`, `params.id` */
  field: string
  message: string
}

interface ValueErrorLike {
  path?: string
  value?: unknown
  message?: string
  summary?: string
  schema?: { description?: string; error?: unknown; format?: string; anyOf?: { const?: unknown; type?: unknown }[] }
}

/** One entry per offending field, phrased for people; `on` prefixes fields outside the body. */
export function fieldErrors(on: string | undefined, all: readonly ValueErrorLike[] | undefined): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
  for (const e of all ?? []) {
    const path = (e.path ?? '').replace(/^\//, '')
    const field = on && on !== 'body' ? `${on}${path ? '.' + path : ''}` : path || '(body)'
    if (seen.has(field)) continue
    seen.add(field)
    out.push({ field, message: friendly(e) })
  }
  return out
}

/** TypeBox's messages ("Expected union value") say little; rephrase the common ones. */
function friendly(e: ValueErrorLike): string {
  if (e.message === 'Unexpected property') return 'is not an accepted field'
  if (e.value === undefined) return 'is required'
  if (e.schema?.format === 'instant' && typeof e.value === 'string')
    return 'must be an ISO-8601 date-time with a time zone, e.g. 2025-11-28T10:00:00Z'
  // a union of literals is an enumeration: name its values instead of their type
  const literals = e.schema?.anyOf?.map((s) => s.const)
  if (literals?.length && literals.every((v) => v !== undefined)) return `must be one of ${literals.join(', ')}`
  const types = e.schema?.anyOf?.map((s) => s.type)
  if (!e.summary && types?.length && types.every((t) => typeof t === 'string')) return `must be ${[...new Set(types)].join(' or ')}`
  const oneOf = /should be one of: (.*)$/.exec(e.summary ?? '')
  if (oneOf) {
    const kinds = [...new Set(oneOf[1]!.match(/'[^']+'/g) ?? [])].map((k) => k.slice(1, -1).replace('numeric', 'number'))
    return `must be ${[...new Set(kinds)].join(' or ')}`
  }
  return (e.message || e.summary || 'is invalid').replace(/^Expected /, 'must be ')
}

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
          log.error('unhandled error', { error, path: new URL(request.url).pathname, method: request.method })
          set.status = 500
          return { code: 'INTERNAL', message: 'internal error; it has been logged' }
        }
      }
    })
}
