/**
 * A shopper's eligibility verdict for one activity, as core's eligibility endpoint answers it and
 * as it is cached at `activityKeys(id).verdict(userId)` (by the gateway on a miss and by core's
 * warm job), read by reserve-8.lua:
 *
 *   "1"                      eligible
 *   "0:<REASON>:<message>"   not eligible; reserve-8.lua answers NOT_ELIGIBLE with the value whole
 */
import { Type, type Static } from '@sinclair/typebox'
import { compileSchema } from '../schemas/check'

export const verdict = Type.Union([
  Type.Object({ eligible: Type.Literal(true) }),
  Type.Object({
    eligible: Type.Literal(false),
    reason: Type.String({ pattern: '^[A-Z_]+$', description: 'for programs, e.g. GRADE_NOT_ELIGIBLE' }),
    message: Type.String({ description: 'for the shopper, shown as it is' }),
  }),
])
export type Verdict = Static<typeof verdict>

const schema = compileSchema(verdict)

/** core's answer as the gateway received it; undefined when it is not a verdict */
export function checkVerdict(value: unknown): Verdict | undefined {
  return schema.check(value) ? value : undefined
}

export function encodeVerdict(v: Verdict): string {
  return v.eligible ? '1' : `0:${v.reason}:${v.message}`
}

/** A cached value as a verdict; undefined for no verdict. */
export function decodeVerdict(value: string | null | undefined): Verdict | undefined {
  if (value === '1') return { eligible: true }
  if (!value?.startsWith('0:')) return undefined
  const colon = value.indexOf(':', 2)
  return colon < 0
    ? { eligible: false, reason: value.slice(2), message: '' }
    : { eligible: false, reason: value.slice(2, colon), message: value.slice(colon + 1) }
}

