/**
 * The journey's plan: who comes, what they browse, who signs in, who reserves and what they do with
 * their hold. Pure and seeded, so a seed always makes the same plan; only the platform's answers
 * (who wins the last units) can differ between runs.
 *
 * Drop-off is shaped like a storefront's: every visitor views 1–6 pages (some scroll), about 45 %
 * click a product, most clickers sign in (one in ten visitors is signed in from the start), 85 % of
 * the signed-in clickers try to reserve, and a hold is paid, cancelled or left to lapse.
 */
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import type { Random } from './random'

export type HoldPlan = 'pay' | 'cancel' | 'expire'
export const grades = ['BRONZE', 'SILVER', 'GOLD', 'VIP'] as const
const gradeShares = [0.6, 0.85, 0.95, 1]
const browsingWindowMs = 90_000

export interface VisitPlan {
  activityId: number
  campaignId: number
  productId: number
  /** browsing events in the order the tracker sends them (occurredAt in the past) */
  events: BehaviorEvent[]
  /** tries to reserve after browsing (signed in and clicked) */
  reserves: boolean
  afterHold: HoldPlan
}

export interface VisitorPlan {
  anonymousId: string
  sessionId: string
  userId: number
  /** signs in (at the start or after a click): userId rides on the events from then on */
  identifies: boolean
  grade: (typeof grades)[number]
  visits: VisitPlan[]
}

export interface PlanSettings {
  visitors: number
  firstUserId: number
  /** the instant every browsing event lies before */
  browsingEndsAt: number
  /** makes event ids unique to this run */
  runId: string
  holdOutcomes: { pay: number; cancel: number }
}

export interface PlannedActivity {
  id: number
  campaignId: number
  productId: number
}

function holdPlan(random: Random, outcomes: PlanSettings['holdOutcomes']): HoldPlan {
  const roll = random.next()
  return roll < outcomes.pay ? 'pay' : roll < outcomes.pay + outcomes.cancel ? 'cancel' : 'expire'
}

/** One visitor's browsing of one activity: offsets from the visit's start, in ms. */
function browse(random: Random, visitor: VisitorPlan, activity: PlannedActivity, signedIn: boolean) {
  const steps: { type: BehaviorEvent['triggerType']; offset: number; userId: number | null; properties: BehaviorEvent['properties'] }[] = []
  let offset = 0
  let userId = signedIn ? visitor.userId : null
  const add = (type: BehaviorEvent['triggerType'], properties: BehaviorEvent['properties'] = {}) =>
    steps.push({ type, offset, userId, properties: { source: 'tracker', ...properties } })
  const pages = 1 + Math.min(5, Math.floor(-Math.log(1 - random.next()) / 0.7))
  for (let page = 0; page < pages; page++) {
    add('PAGE_VIEW')
    if (random.chance(0.4)) {
      offset += random.int(2_000, 15_000)
      add('SCROLL', { scrollDepth: random.pick([25, 50, 75, 100]) })
    }
    offset += random.int(5_000, 40_000)
  }
  const clicks = random.chance(0.45) ? random.int(1, 3) : 0
  let identified = signedIn
  for (let c = 0; c < clicks; c++) {
    add('CLICK', { element: random.pick(['reserve', 'add-to-cart', 'banner']), productId: activity.productId })
    offset += random.int(3_000, 30_000)
    if (!identified && random.chance(0.65)) {
      userId = visitor.userId
      identified = true
      add('IDENTIFY')
      offset += random.int(2_000, 10_000)
    }
  }
  return { steps, identified, clicked: clicks > 0, duration: offset }
}

export function planVisitors(random: Random, activities: readonly PlannedActivity[], settings: PlanSettings): VisitorPlan[] {
  let eventNumber = 0
  const nextId = () => `sim-${settings.runId}-${(eventNumber++).toString(36)}`
  return Array.from({ length: settings.visitors }, (_, v) => {
    const roll = random.next()
    const visitor: VisitorPlan = {
      anonymousId: `sim-${settings.runId}-anon-${v}`,
      sessionId: `sim-${settings.runId}-sess-${v}`,
      userId: settings.firstUserId + v,
      identifies: false,
      grade: grades[gradeShares.findIndex((upTo) => roll < upTo)]!,
      visits: [],
    }
    const signedInFromStart = random.chance(0.1)
    const browsed = [random.pick(activities)]
    if (activities.length > 1 && random.chance(0.1)) browsed.push(random.pick(activities.filter((a) => a !== browsed[0])))
    // the visits follow each other, all before browsingEndsAt
    const walks = browsed.map((activity) => {
      const walk = browse(random, visitor, activity, signedInFromStart || visitor.identifies)
      visitor.identifies ||= walk.identified
      return { activity, walk }
    })
    // squeezed into the last minutes before browsingEndsAt: every visitor is still "active" (an
    // event in the last 5 minutes) for a few minutes after the journey
    const total = walks.reduce((sum, w) => sum + w.walk.duration, 0)
    const squeeze = Math.min(1, browsingWindowMs / total)
    let start = settings.browsingEndsAt - total * squeeze - random.int(1_000, 10_000)
    for (const { activity, walk } of walks) {
      visitor.visits.push({
        activityId: activity.id,
        campaignId: activity.campaignId,
        productId: activity.productId,
        reserves: walk.identified && walk.clicked && random.chance(0.85),
        afterHold: holdPlan(random, settings.holdOutcomes),
        events: walk.steps.map((step) => ({
          eventId: nextId(),
          triggerType: step.type,
          occurredAt: new Date(Math.round(start + step.offset * squeeze)).toISOString(),
          userId: step.userId,
          anonymousId: visitor.anonymousId,
          sessionId: visitor.sessionId,
          pageUrl: `https://shop.example.com/campaigns/${activity.campaignId}/activities/${activity.id}`,
          referrer: 'https://www.google.com/',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
          campaignId: activity.campaignId,
          activityId: activity.id,
          properties: step.properties,
        })),
      })
      start += walk.duration * squeeze
    }
    return visitor
  })
}
