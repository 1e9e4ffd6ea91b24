import { afterAll, describe, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { RowDataPacket } from '../../common/clients/mysql'
import { behaviorEvent } from '../../common/schemas/behavior-event'
import { closeTestClients } from '../../test/support/clients'
import { entryConfirmed } from '../../test/support/commands'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { applyEntryConfirmed } from './apply-entry'

const { openActivity, pool } = testCoreApp()
afterAll(closeTestClients)
// a topic of this file's own, so outbox relays in other test files publish these rows where nobody reads
const eventTopic = `test.event.raw.${randomUUID()}`

async function rows(sql: string, params: unknown[]) {
  const [result] = await pool.query<RowDataPacket[]>(sql, params)
  return result
}

const outboxOf = (orderId: string) => rows('SELECT topic, message_key, payload FROM outbox WHERE payload LIKE ?', [`%"orderId":"${orderId}"%`])

describe('applying ENTRY_CONFIRMED', () => {
  test('writes the shopper, entry, purchase and a PURCHASE event in the outbox', async () => {
    const { activity, product, campaign } = await openActivity()
    const [userId] = freshUserIds(1) as [number]
    const command = entryConfirmed(activity.id, userId, product.id, { amount: 79.9, confirmedAt: '2030-05-01T10:00:00.123Z' })

    expect(await applyEntryConfirmed(pool, command, eventTopic)).toEqual({ kind: 'applied' })

    expect(await rows('SELECT grade FROM users WHERE id = ?', [userId])).toEqual([{ grade: 'BRONZE' }] as never)
    const [entry] = await rows('SELECT * FROM campaign_activity_entries WHERE command_id = ?', [command.commandId])
    expect(entry).toMatchObject({ campaign_activity_id: activity.id, user_id: userId, order_id: command.orderId, status: 'APPROVED' })
    expect(entry!.confirmed_at.toISOString()).toBe('2030-05-01T10:00:00.123Z')
    const [purchase] = await rows('SELECT * FROM purchases WHERE order_id = ?', [command.orderId])
    expect(purchase).toMatchObject({ campaign_activity_id: activity.id, user_id: userId, product_id: product.id, price: 79.9, quantity: 1 })
    expect(purchase!.purchased_at.toISOString()).toBe('2030-05-01T10:00:00.123Z')

    const [outbox] = await outboxOf(command.orderId)
    expect(outbox).toMatchObject({ topic: eventTopic, message_key: String(userId) })
    const event = JSON.parse(outbox!.payload)
    expect(TypeCompiler.Compile(behaviorEvent).Check(event)).toBe(true)
    expect(event).toEqual({
      eventId: `backend:purchase-${command.orderId}`,
      triggerType: 'PURCHASE',
      occurredAt: '2030-05-01T10:00:00.123Z',
      userId,
      campaignId: campaign.id,
      activityId: activity.id,
      userAgent: 'axon-core',
      properties: { source: 'backend', productId: product.id, amount: 79.9, orderId: command.orderId },
    })
  })

  test('a command delivered twice produces one entry', async () => {
    const { activity, product } = await openActivity()
    const [userId] = freshUserIds(1) as [number]
    const command = entryConfirmed(activity.id, userId, product.id)
    expect(await applyEntryConfirmed(pool, command, eventTopic)).toEqual({ kind: 'applied' })
    expect(await applyEntryConfirmed(pool, command, eventTopic)).toEqual({ kind: 'duplicate' })
    expect(await rows('SELECT id FROM campaign_activity_entries WHERE campaign_activity_id = ?', [activity.id])).toHaveLength(1)
    expect(await rows('SELECT id FROM purchases WHERE campaign_activity_id = ?', [activity.id])).toHaveLength(1)
    expect(await outboxOf(command.orderId)).toHaveLength(1)
  })

  test('an activity unknown to MySQL writes nothing', async () => {
    const [userId] = freshUserIds(1) as [number]
    const command = entryConfirmed(999_999_999, userId, 1)
    expect(await applyEntryConfirmed(pool, command, eventTopic)).toEqual({ kind: 'unknown-activity' })
    expect(await rows('SELECT id FROM users WHERE id = ?', [userId])).toHaveLength(0)
  })

  test('a second entry for the same shopper, or a reused order id, is a conflict and rolls back', async () => {
    const { activity, product } = await openActivity()
    const [first, second] = freshUserIds(2) as [number, number]
    const original = entryConfirmed(activity.id, first, product.id)
    await applyEntryConfirmed(pool, original, eventTopic)

    const sameShopper = await applyEntryConfirmed(pool, entryConfirmed(activity.id, first, product.id), eventTopic)
    expect(sameShopper).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('already has an entry') })
    const sameOrder = await applyEntryConfirmed(pool, entryConfirmed(activity.id, second, product.id, { orderId: original.orderId }), eventTopic)
    expect(sameOrder).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('already recorded') })
    expect(await rows('SELECT user_id FROM campaign_activity_entries WHERE campaign_activity_id = ?', [activity.id])).toEqual([
      { user_id: first },
    ] as never)
  })

  test('many new shoppers applied at once all land', async () => {
    const { activity, product } = await openActivity({ limit: 200 })
    const commands = freshUserIds(200).map((userId) => entryConfirmed(activity.id, userId, product.id))
    const results = await Promise.all(commands.map((c) => applyEntryConfirmed(pool, c, eventTopic)))
    expect(results.every((r) => r.kind === 'applied')).toBe(true)
    expect(await rows('SELECT id FROM purchases WHERE campaign_activity_id = ?', [activity.id])).toHaveLength(200)
  })
})
