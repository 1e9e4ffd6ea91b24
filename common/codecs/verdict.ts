/**
 * A shopper's eligibility verdict for one activity, as core's eligibility endpoint answers it and
 * as it is cached at `activityKeys(id).verdict(userId)` (gateway on a miss, core's warm job and
 * re-check marks), read by reserve-7.lua, which looks only at the first character:
 *
 *   "1"                      eligible
 *   "0:<REASON>:<message>"   not eligible; reserve-7.lua answers NOT_ELIGIBLE with the value whole
 *   "?:<nonce>"              a re-check mark: the profile changed, ask core again (like no key at
 *                            all, but a gateway's compare-and-set can tell one mark from the next)
 */
import { Type, type Static } from '@sinclair/typebox'
import { randomId } from '../random-id'
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

/** A cached value as a verdict; undefined for no verdict (no key, or a re-check mark). */
export function decodeVerdict(value: string | null | undefined): Verdict | undefined {
  if (value === '1') return { eligible: true }
  if (!value?.startsWith('0:')) return undefined
  const colon = value.indexOf(':', 2)
  return colon < 0
    ? { eligible: false, reason: value.slice(2), message: '' }
    : { eligible: false, reason: value.slice(2, colon), message: value.slice(colon + 1) }
}

/** How long a re-check mark lives. */
export const recheckMarkTtlSeconds = 60

/**
 * A reader that judged a profile (a gateway asking core, the warm job) writes its verdict only
 * within this long of the judging, so the mark of a change made after it is still there to stop
 * the write: half a mark's lifetime, leaving the other half for the write itself. Gateways give up
 * on core after 2 s; a warm run takes seconds.
 */
export const verdictWriteWindowMs = recheckMarkTtlSeconds * 500

/** A fresh re-check mark: never equal to an earlier one. */
export function recheckMark(): string {
  return `?:${randomId()}`
}
