/**
 * The order intake: the storefront's regular orders (no campaign), in batches, idempotent on the
 * order id. A batch is stored in one transaction: the purchases, shoppers core had not seen (BRONZE,
 * signed up no later than their first order), and a backend PURCHASE event per order through the
 * outbox. Then the eligibility verdicts of its shoppers are re-checked, as after an entry.
 */
import { inTransaction, retryDeadlocks, type Pool, type PoolConnection } from '../../../common/clients/mysql'
import type { Redis } from '../../../common/clients/redis'
import { markVerdictsForRecheck } from '../../eligibility/recheck'
import { isDuplicateKey } from '../../repositories/db'
import { insertOutboxMessages } from '../../repositories/outbox'
import { knownProductIds } from '../../repositories/products'
import { findOrderOwners, insertNewPurchases } from '../../repositories/purchases'
import { insertShoppersSignedUpBy } from '../../repositories/users'
import { orderPurchaseEvent } from '../../workers/purchase-event'
import type { OrderBatch, OrderInput, OrderIntakeResult, OrderRejection } from './model'

export interface OrderDeps {
  pool: Pool
  redis: Redis
  /** where the PURCHASE events go (through the outbox) */
  eventTopic: string
}

/** Clocks of the storefront and of core disagree a little: an order this far ahead is still "now". */
export const futureToleranceMs = 60_000

interface Order {
  index: number
  orderId: string
  userId: number
  productId: number
  price: number
  quantity: number
  purchasedAt: Date
}

const toOrder = (o: OrderInput, index: number): Order => ({
  index,
  orderId: o.orderId,
  userId: Number(o.userId),
  productId: Number(o.productId),
  price: Number(o.price),
  quantity: o.quantity ?? 1,
  purchasedAt: new Date(o.purchasedAt),
})

export async function takeInOrders(deps: OrderDeps, batch: OrderBatch, now = Date.now()): Promise<OrderIntakeResult> {
  const orders = batch.orders.map(toOrder)
  const outcome = await storeRetryingRaces(deps, orders, now)
  // duplicates too: their first sending may have stored them and failed before the re-check
  await markVerdictsForRecheck(deps.pool, deps.redis, [...new Set(outcome.shoppers)])
  return { stored: outcome.stored, duplicates: outcome.duplicates, rejected: outcome.rejected }
}

/** A batch racing another with the same new order id loses on the unique key: run again, it is a duplicate then. */
async function storeRetryingRaces(deps: OrderDeps, orders: Order[], now: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await retryDeadlocks(() => inTransaction(deps.pool, (conn) => storeBatch(conn, deps.eventTopic, orders, now)))
    } catch (error) {
      if (!isDuplicateKey(error, 'uq_purchases_order') || attempt >= 3) throw error
    }
  }
}

async function storeBatch(conn: PoolConnection, eventTopic: string, orders: Order[], now: number) {
  const { fresh, duplicates, rejected } = await sortOrders(conn, orders, now)
  const firstOrderOf = new Map<number, Date>()
  for (const o of fresh) {
    const earliest = firstOrderOf.get(o.userId)
    if (!earliest || o.purchasedAt < earliest) firstOrderOf.set(o.userId, o.purchasedAt)
  }
  await insertShoppersSignedUpBy(conn, firstOrderOf)
  await insertNewPurchases(conn, fresh.map((o) => ({ ...o, activityId: null })))
  await insertOutboxMessages(
    conn,
    fresh.map((o) => ({ topic: eventTopic, key: String(o.userId), payload: JSON.stringify(orderPurchaseEvent(o)) })),
  )
  return {
    stored: fresh.length,
    duplicates: duplicates.length,
    rejected: rejected.sort((a, b) => a.index - b.index),
    shoppers: [...fresh, ...duplicates].map((o) => o.userId),
  }
}

/**
 * Splits a batch into orders to store, duplicates (the same order id for the same shopper and
 * product, recorded before or earlier in the batch) and rejections.
 */
async function sortOrders(conn: PoolConnection, orders: Order[], now: number) {
  const products = await knownProductIds(conn, [...new Set(orders.map((o) => o.productId))])
  const recorded = await findOrderOwners(conn, [...new Set(orders.map((o) => o.orderId))])
  const fresh: Order[] = []
  const duplicates: Order[] = []
  const rejected: OrderRejection[] = []
  const reject = (o: Order, code: OrderRejection['code'], message: string) => rejected.push({ index: o.index, orderId: o.orderId, code, message })
  const inBatch = new Map<string, Order>()
  for (const o of orders) {
    if (o.purchasedAt.getTime() > now + futureToleranceMs) {
      reject(o, 'PURCHASED_IN_FUTURE', `purchasedAt ${o.purchasedAt.toISOString()} is in the future`)
      continue
    }
    if (!products.has(o.productId)) {
      reject(o, 'UNKNOWN_PRODUCT', `product ${o.productId} does not exist`)
      continue
    }
    const owner = recorded.get(o.orderId) ?? inBatch.get(o.orderId)
    if (!owner) {
      inBatch.set(o.orderId, o)
      fresh.push(o)
    } else if ('promotion' in owner && owner.promotion) {
      reject(o, 'ORDER_ID_TAKEN', `order ${o.orderId} is a promotion entry's order`)
    } else if (owner.userId !== o.userId || owner.productId !== o.productId) {
      reject(o, 'ORDER_ID_TAKEN', `order ${o.orderId} is recorded for shopper ${owner.userId} and product ${owner.productId}`)
    } else duplicates.push(o)
  }
  return { fresh, duplicates, rejected }
}
