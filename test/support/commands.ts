/** ENTRY_CONFIRMED commands as confirm.lua writes them, for tests of core's workers. */
import { randomUUID } from 'node:crypto'
import type { EntryConfirmed } from '../../common/schemas/command'

export function entryConfirmed(activityId: number, userId: number, productId: number, fields: Partial<EntryConfirmed> = {}): EntryConfirmed {
  const id = randomUUID()
  return {
    commandId: `cmd-${id}`,
    type: 'ENTRY_CONFIRMED',
    activityId,
    userId,
    reservationToken: `${activityId}.${id}`,
    orderId: `ord-${id}`,
    productId,
    amount: 80,
    confirmedAt: new Date().toISOString(),
    ...fields,
  }
}
