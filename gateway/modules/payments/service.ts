/**
 * The mock payment gateway: confirming a hold consumes it and emits the ENTRY_CONFIRMED command
 * in the same atomic script (confirm-10.lua); cancelling gives the unit back at once.
 */
import { decodeConfirmation } from '../../../common/codecs/confirmation'
import { amountText } from '../../../common/codecs/decimal'
import { activityIdOfToken } from '../../../common/redis/keys'
import type { Redis } from 'ioredis'
import { codes, outcomeError } from '../../lua/codes'
import { scriptRefusal } from '../../lua/script-refusal'
import type { ReservationScripts } from '../../lua/scripts'
import { randomId } from '../../../common/random-id'
import type { Cancellation, Confirmation, ConfirmBody } from './model'

export interface PaymentDeps {
  redis: Redis
  scripts: ReservationScripts
  now: () => number
}

function activityOf(token: string): number {
  const activityId = activityIdOfToken(token)
  if (activityId === undefined) throw outcomeError(codes.UNKNOWN_TOKEN, 0)
  return activityId
}

/** e.g. ORD-20261123-Xk3… : sortable by day, unique by its random part */
function orderId(now: number): string {
  return `ORD-${new Date(now).toISOString().slice(0, 10).replaceAll('-', '')}-${randomId().slice(0, 12)}`
}

export async function confirmPayment(deps: PaymentDeps, userId: number, body: ConfirmBody): Promise<Confirmation> {
  const activityId = activityOf(body.token)
  const now = deps.now()
  const reply = await deps.scripts.confirm({
    activityId,
    userId,
    token: body.token,
    now,
    commandId: crypto.randomUUID(),
    orderId: orderId(now),
    confirmedAt: new Date(now).toISOString(),
    amount: body.amount === undefined ? undefined : amountText(body.amount),
  })
  if (reply[0] !== 1 && reply[0] !== 2) throw await scriptRefusal(deps.redis, reply, activityId)
  const done = decodeConfirmation(String(reply[1]))
  return { status: 'CONFIRMED', activityId, orderId: done.orderId, amount: done.amount, confirmedAt: done.confirmedAt, replayed: reply[0] === 2 }
}

export async function cancelHold(deps: PaymentDeps, userId: number, token: string): Promise<Cancellation> {
  const activityId = activityOf(token)
  const reply = await deps.scripts.cancel({ activityId, userId, token, now: deps.now() })
  if (reply[0] !== 1) throw await scriptRefusal(deps.redis, reply, activityId)
  return { status: 'CANCELLED', activityId }
}
