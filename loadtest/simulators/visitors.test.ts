import { describe, expect, test } from 'bun:test'
import { seededRandom } from './random'
import { planVisitors } from './visitors'

const activities = [{ id: 1, campaignId: 9, productId: 4 }, { id: 2, campaignId: 9, productId: 5 }]
const settings = { visitors: 400, firstUserId: 1_000, browsingEndsAt: Date.parse('2026-12-02T12:00:00Z'), runId: 'r', holdOutcomes: { pay: 0.7, cancel: 0.15 } }
const plan = (seed: number) => planVisitors(seededRandom(seed), activities, settings)

describe("the journey's plan", () => {
  test('the same seed makes the same plan, another seed another', () => {
    expect(plan(3)).toEqual(plan(3))
    expect(plan(4)).not.toEqual(plan(3))
  })

  test('browsing lies in the 100 s before the journey, and an anonymous visitor carries a user id only from sign-in on', () => {
    for (const visitor of plan(5))
      for (const visit of visitor.visits) {
        const times = visit.events.map((e) => Date.parse(e.occurredAt))
        expect(Math.min(...times)).toBeGreaterThanOrEqual(settings.browsingEndsAt - 100_000)
        expect(Math.max(...times)).toBeLessThan(settings.browsingEndsAt)
        const signIn = visit.events.findIndex((e) => e.triggerType === 'IDENTIFY')
        if (signIn > 0) expect(visit.events.slice(0, signIn).every((e) => e.userId === null)).toBe(true)
      }
  })

  test('only signed-in visitors who clicked reserve, and the funnel narrows as a storefront\'s does', () => {
    const visits = plan(6).flatMap((v) => v.visits.map((visit) => ({ v, visit })))
    for (const { v, visit } of visits.filter(({ visit }) => visit.reserves)) {
      expect(v.identifies).toBe(true)
      expect(visit.events.some((e) => e.triggerType === 'CLICK')).toBe(true)
    }
    const clicked = visits.filter(({ visit }) => visit.events.some((e) => e.triggerType === 'CLICK')).length
    const reserving = visits.filter(({ visit }) => visit.reserves).length
    expect(clicked / visits.length).toBeGreaterThan(0.35)
    expect(clicked / visits.length).toBeLessThan(0.55)
    expect(reserving).toBeGreaterThan(0)
    expect(reserving).toBeLessThan(clicked)
  })
})
