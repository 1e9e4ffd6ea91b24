/**
 * Checking a value against a schema, and saying what is wrong with it in words people read:
 * `{ field, message }` per offending field. Used by every HTTP app's validation errors (through
 * common/http/errors.ts) and by every reader of a bus message or a request part that checks a
 * schema itself (/collect's events, the sink, core's commands).
 */
import type { Static, StaticDecode, StaticEncode, TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { formatRules } from './formats'

export interface FieldError {
  /** JSON pointer-ish path without the leading slash: `qty`, `events/3/eventId`, `params.id` */
  field: string
  message: string
}

export interface ValueErrorLike {
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

/** A JSON type as a person names it. */
const typeWords: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
}
const typeWord = (type: string) => typeWords[type] ?? type

/**
 * TypeBox's bounds and types ("Expected number to be greater or equal to 0") as the forms show
 * them next to a field ("must be at least 0"): `[pattern, its rephrasing]`, first match wins.
 */
const rephrased: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/^Expected (?:number|integer|bigint) to be greater or equal to (.+)$/, (m) => `must be at least ${m[1]}`],
  [/^Expected (?:number|integer|bigint) to be greater than (.+)$/, (m) => `must be more than ${m[1]}`],
  [/^Expected (?:number|integer|bigint) to be less or equal to (.+)$/, (m) => `must be at most ${m[1]}`],
  [/^Expected (?:number|integer|bigint) to be less than (.+)$/, (m) => `must be less than ${m[1]}`],
  [/^Expected (?:number|integer|bigint) to be a multiple of (.+)$/, (m) => `must be a multiple of ${m[1]}`],
  [/^Expected string length greater or equal to (\d+)$/, (m) => (m[1] === '1' ? 'must not be empty' : `must be at least ${m[1]} characters`)],
  [/^Expected string length less or equal to (\d+)$/, (m) => `must be at most ${m[1]} characters`],
  [/^Expected array length to be greater or equal to (\d+)$/, (m) => `must have at least ${m[1]} ${m[1] === '1' ? 'item' : 'items'}`],
  [/^Expected array length to be less or equal to (\d+)$/, (m) => `must have at most ${m[1]} items`],
  [/^Expected string to match /, () => 'is not in the expected form'],
  [/^Expected array elements to be unique$/, () => 'must not repeat a value'],
  [/^Expected (integer|number|string|boolean|object|array|null)$/, (m) => `must be ${typeWord(m[1]!)}`],
]

/** TypeBox's messages ("Expected union value") say little; rephrase the common ones. */
function friendly(e: ValueErrorLike): string {
  if (e.message === 'Unexpected property') return 'is not an accepted field'
  if (e.value === undefined) return 'is required'
  const formatRule = e.schema?.format ? formatRules[e.schema.format] : undefined
  if (formatRule && typeof e.value === 'string') return formatRule
  // a union of literals is an enumeration: name its values instead of their type
  const literals = e.schema?.anyOf?.map((s) => s.const)
  if (literals?.length && literals.every((v) => v !== undefined)) return `must be one of ${literals.join(', ')}`
  const types = e.schema?.anyOf?.map((s) => s.type)
  if (!e.summary && types?.length && types.every((t) => typeof t === 'string')) return `must be ${[...new Set(types as string[])].map(typeWord).join(' or ')}`
  const oneOf = /should be one of: (.*)$/.exec(e.summary ?? '')
  if (oneOf) {
    const kinds = [...new Set(oneOf[1]!.match(/'[^']+'/g) ?? [])].map((k) => k.slice(1, -1).replace('numeric', 'number'))
    return `must be ${[...new Set(kinds)].map(typeWord).join(' or ')}`
  }
  const message = e.message || e.summary || 'is invalid'
  for (const [pattern, say] of rephrased) {
    const m = pattern.exec(message)
    if (m) return say(m)
  }
  return message.replace(/^Expected /, 'must be ')
}

export interface CompiledSchema<T extends TSchema> {
  check(value: unknown): value is Static<T>
  /** the first `max` problems as one sentence: "occurredAt must be …; userId must be integer" */
  describe(value: unknown, max?: number): string
  /** the value with the schema's transforms applied (text ids become numbers); throws if `check` refuses it */
  decode(value: unknown): StaticDecode<T>
  /** the wire form of a decoded value; throws if it does not fit the schema */
  encode(value: StaticDecode<T>): StaticEncode<T>
}

/** Compiles `schema` once; `describe` is only for values `check` refused. */
export function compileSchema<T extends TSchema>(schema: T): CompiledSchema<T> {
  const compiled = TypeCompiler.Compile(schema)
  return {
    check: (value): value is Static<T> => compiled.Check(value),
    describe(value, max = 5) {
      const problems = fieldErrors(undefined, [...compiled.Errors(value)].slice(0, max) as ValueErrorLike[])
      return problems.map((p) => `${p.field} ${p.message}`).join('; ') || 'does not match the schema'
    },
    decode: (value) => compiled.Decode(value),
    encode: (value) => compiled.Encode(value),
  }
}
