/**
 * The negative integers the Lua scripts return, and the one function that turns them into the
 * typed errors shoppers see. Statuses: 404 unknown thing, 409 conflicts with the current state,
 * 410 gone for good, 403 not allowed for this shopper.
 */
import { decodeVerdict } from '../../common/codecs/verdict'
import { AppError } from '../../common/errors'

export const codes = {
  UNKNOWN_ACTIVITY: -1,
  NOT_OPEN: -2,
  CLOSED: -3,
  ALREADY_ENTERED: -4,
  SOLD_OUT: -5,
  NOT_ELIGIBLE: -6,
  NEEDS_VERDICT: -7,
  /** reserve: a lapsed hold is in the way; the caller releases lapsed holds and asks again */
  LAPSED: -8,
  UNKNOWN_TOKEN: -10,
  EXPIRED: -11,
  WRONG_USER: -12,
  AMOUNT_MISMATCH: -13,
  ALREADY_CONFIRMED: -14,
  CANCELLED: -15,
} as const

type Code = keyof typeof codes

interface Outcome {
  code: Code
  status: number
  message: (activityId: number, detail?: string) => string
  /** machine-readable extras taken from the script's detail */
  details?: (detail?: string) => Record<string, unknown>
}

/** A NOT_ELIGIBLE detail is the cached verdict, whole. */
const refusal = (detail?: string) => {
  const verdict = decodeVerdict(detail)
  return verdict?.eligible === false ? verdict : { reason: 'RULE_NOT_MET', message: '' }
}

const outcomes: Record<number, Outcome> = {
  [codes.UNKNOWN_ACTIVITY]: { code: 'UNKNOWN_ACTIVITY', status: 404, message: (id) => `activity ${id} does not exist` },
  [codes.NOT_OPEN]: { code: 'NOT_OPEN', status: 409, message: (id) => `activity ${id} is not open for entries yet` },
  [codes.CLOSED]: { code: 'CLOSED', status: 410, message: (id) => `activity ${id} has ended` },
  [codes.ALREADY_ENTERED]: { code: 'ALREADY_ENTERED', status: 409, message: (id) => `you have already entered activity ${id}` },
  [codes.SOLD_OUT]: { code: 'SOLD_OUT', status: 409, message: (id) => `activity ${id} is sold out` },
  [codes.NOT_ELIGIBLE]: {
    code: 'NOT_ELIGIBLE',
    status: 403,
    message: (id, detail) => `you are not eligible for activity ${id}: ${refusal(detail).message || 'a rule of this offer excludes you'}`,
    details: (detail) => ({ reason: refusal(detail).reason }),
  },
  [codes.UNKNOWN_TOKEN]: { code: 'UNKNOWN_TOKEN', status: 404, message: () => 'no reservation has this token' },
  [codes.EXPIRED]: { code: 'EXPIRED', status: 410, message: () => 'the reservation expired before payment; its unit went back to stock' },
  [codes.WRONG_USER]: { code: 'WRONG_USER', status: 403, message: () => 'this reservation belongs to another shopper' },
  [codes.AMOUNT_MISMATCH]: {
    code: 'AMOUNT_MISMATCH',
    status: 422,
    message: (_, price) => `the amount paid does not match the price ${price}`,
  },
  [codes.ALREADY_CONFIRMED]: { code: 'ALREADY_CONFIRMED', status: 409, message: () => 'this reservation is paid and cannot be cancelled' },
  [codes.CANCELLED]: { code: 'CANCELLED', status: 410, message: () => 'this reservation was cancelled' },
}

/** Turns a script's failure code into the error the shopper sees. */
export function outcomeError(code: number, activityId: number, detail?: string): AppError {
  const outcome = outcomes[code]
  if (!outcome) return new AppError('INTERNAL', 500, `unexpected script result ${code}`)
  return new AppError(outcome.code, outcome.status, outcome.message(activityId, detail), outcome.details?.(detail))
}

export function outcomeName(code: number): string {
  return outcomes[code]?.code ?? 'UNKNOWN'
}
