/**
 * `journey`: visitors of one or more activities, through the platform's public APIs — tracker
 * events to /collect (anonymous browsing, then sign-in), reservations, then payment, cancellation
 * or a hold left to lapse, and the thank-you page's tracker PURCHASE — returning what it did as
 * the dashboards must show it (ground-truth.ts).
 */
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { batchSender } from './collect-batches'
import { groundTruth, type SimulatedActivity } from './ground-truth'
import { inLanes, type PlatformClient } from './platform-client'
import { seededRandom, type Random } from './random'
import { planVisitors, type VisitorPlan, type VisitPlan } from './visitors'

export interface JourneyOptions {
  activityIds: readonly number[]
  visitors: number
  seed: number
  /** share of /collect batches sent twice */
  resendShare: number
  /** shares of holds paid and cancelled; the rest are left to lapse */
  holdOutcomes: { pay: number; cancel: number }
  /** shopper ids are firstUserId, firstUserId + 1, … (default from the seed) */
  firstUserId?: number
  /** the platform's AXON_HOLD_TTL_SECONDS: when each hold was taken is its expiry less this */
  holdTtlSeconds: number
  /** wait until the holds left to lapse have expired before answering */
  waitForExpiry: boolean
  shopTimeZone: string
  batchEvents?: number
  lanes?: number
  progress: (line: string) => void
}

export async function loadActivities(client: PlatformClient, ids: readonly number[]) {
  return Promise.all(
    ids.map(async (id) => {
      const a = await client.admin('GET', `/activities/${id}`)
      const activity: SimulatedActivity = {
        id: a.id, campaignId: a.campaignId, productId: a.productId, price: Number(a.price), limit: a.limit,
        stockAtStart: a.live?.published ? a.live.stock : a.limit, startsAt: a.startsAt,
      }
      return { activity, endsAt: Date.parse(a.endsAt) }
    }),
  )
}

const personKey = (visitor: VisitorPlan) => (visitor.identifies ? `u:${visitor.userId}` : `a:${visitor.anonymousId}`)

function shuffled<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

export async function simulateJourney(client: PlatformClient, options: JourneyOptions) {
  const startedAt = new Date()
  const say = options.progress
  const loaded = await loadActivities(client, options.activityIds)
  const activities = loaded.map((l) => l.activity)
  const endsAt = new Map(loaded.map((l) => [l.activity.id, l.endsAt]))
  const random = seededRandom(options.seed)
  const runId = `${options.seed.toString(36)}${startedAt.getTime().toString(36)}`
  const visitors = planVisitors(random.fork('plan'), activities, {
    visitors: options.visitors,
    firstUserId: options.firstUserId ?? 1_000_000 + options.seed * 100_000,
    browsingEndsAt: startedAt.getTime(),
    runId,
    holdOutcomes: options.holdOutcomes,
  })
  const truth = groundTruth(activities, options.shopTimeZone)
  const lanes = options.lanes ?? 16
  const sender = batchSender(client, random.fork('resend'), { batchEvents: options.batchEvents ?? 100, resendShare: options.resendShare, lanes: 4 })

  const signedIn = visitors.filter((v) => v.identifies)
  say(`journey: ${visitors.length} visitors on activities ${options.activityIds.join(', ')}; syncing ${signedIn.length} shopper profiles`)
  await inLanes(signedIn, lanes, (v) => client.admin('PUT', `/users/${v.userId}`, { grade: v.grade }))

  const browsing: BehaviorEvent[] = []
  for (const visitor of visitors)
    for (const visit of visitor.visits)
      for (const event of visit.events) {
        truth.event(visit.activityId, personKey(visitor), event.triggerType, Date.parse(event.occurredAt))
        browsing.push(event)
      }
  say(`journey: sending ${browsing.length} browsing events`)
  await sender.send(browsing, (done, of) => say(`journey: /collect ${done}/${of} batches`))

  const attempts = shuffled(visitors.flatMap((visitor) => visitor.visits.filter((v) => v.reserves).map((visit) => ({ visitor, visit }))), random.fork('order'))
  say(`journey: ${attempts.length} shoppers reserve`)
  const thankYouPages: BehaviorEvent[] = []
  let lapseBy = 0
  let done = 0
  await inLanes(attempts, lanes, async ({ visitor, visit }) => {
    const outcome = await reserveAndDecide(client, truth, visitor, visit, options.holdTtlSeconds, endsAt.get(visit.activityId)!)
    if (outcome.thankYou) thankYouPages.push(outcome.thankYou)
    lapseBy = Math.max(lapseBy, outcome.lapsesAt ?? 0)
    if (++done % 200 === 0 || done === attempts.length) say(`journey: ${done}/${attempts.length} reservations answered`)
  })
  for (const page of thankYouPages) truth.event(page.activityId!, `u:${page.userId}`, 'PURCHASE', Date.parse(page.occurredAt))
  say(`journey: sending ${thankYouPages.length} thank-you-page PURCHASE events (stored, never counted)`)
  await sender.send(thankYouPages, (d, of) => say(`journey: /collect ${d}/${of} batches`))

  if (options.waitForExpiry && lapseBy > Date.now()) {
    say(`journey: waiting ${Math.ceil((lapseBy - Date.now()) / 1000)} s for the unpaid holds to lapse`)
    await Bun.sleep(lapseBy - Date.now() + 1_500)
  }
  return {
    simulation: 'journey' as const,
    seed: options.seed,
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    visitors: visitors.length,
    collect: sender.tally,
    /** the unpaid holds lapse by then (the stock counts them back after it) */
    holdsLapseBy: lapseBy ? new Date(lapseBy).toISOString() : null,
    ...truth.summary(),
  }
}

export type JourneyResult = Awaited<ReturnType<typeof simulateJourney>>

/** One shopper's reservation and what they do with the hold; records it in the truth. */
async function reserveAndDecide(
  client: PlatformClient,
  truth: ReturnType<typeof groundTruth>,
  visitor: VisitorPlan,
  visit: VisitPlan,
  holdTtlSeconds: number,
  activityEndsAt: number,
): Promise<{ thankYou?: BehaviorEvent; lapsesAt?: number }> {
  const { activityId } = visit
  const askedAt = Date.now()
  const reserved = await client.reserve(activityId, visitor.userId)
  if (reserved.status !== 201) {
    truth.refused(activityId, String(reserved.body.code ?? reserved.status))
    return {}
  }
  const expiresAt = Date.parse(reserved.body.expiresAt)
  // a hold lasts the TTL unless the activity ends first; then only "asked at" is known
  truth.hold(activityId, visitor.userId, visitor.grade, expiresAt < activityEndsAt ? expiresAt - holdTtlSeconds * 1000 : askedAt)
  const token = reserved.body.token as string
  if (visit.afterHold === 'expire') {
    truth.leftToExpire(activityId)
    return { lapsesAt: expiresAt }
  }
  if (visit.afterHold === 'cancel') {
    const cancelled = await client.cancel(token, visitor.userId)
    if (cancelled.status === 200) truth.cancelled(activityId)
    else truth.refused(activityId, `cancel:${cancelled.body.code ?? cancelled.status}`)
    return {}
  }
  const simulated = truth.activity(activityId)
  const paid = await client.confirm(token, visitor.userId, simulated.price)
  if (paid.status !== 200) {
    truth.refused(activityId, `confirm:${paid.body.code ?? paid.status}`)
    if (paid.body.code === 'EXPIRED') truth.leftToExpire(activityId)
    return { lapsesAt: expiresAt }
  }
  const { orderId, amount, confirmedAt } = paid.body as { orderId: string; amount: number; confirmedAt: string }
  truth.purchase(activityId, visitor.grade, { userId: visitor.userId, orderId, productId: visit.productId, amount, purchasedAt: confirmedAt })
  return {
    thankYou: {
      ...visit.events[0]!,
      eventId: `${visit.events[0]!.eventId}-paid`,
      triggerType: 'PURCHASE',
      occurredAt: new Date(Date.parse(confirmedAt) + 1_000).toISOString(),
      userId: visitor.userId,
      properties: { source: 'tracker', orderId, amount, productId: visit.productId },
    },
  }
}
