import { describe, expect, test } from 'bun:test'
import { formatsFor } from '../../views/format'
import {
  actions, biggestDropOff, followUpDay, funnelSentence, ltvCacHealth, ltvCacSentence, notRecordedAnswer, peakHours, repeatSentence, repeatVerdict,
  unrecordedAsked, type Diagnosis, type FunnelStep,
} from './analyst-rules'

const f = formatsFor({ locale: 'en-US', currency: 'KRW', timeZone: 'Asia/Seoul' })
const steps = (visit: number, click: number, approved: number, purchase: number): FunnelStep[] => {
  const values = [visit, click, approved, purchase]
  const names = ['VISIT', 'CLICK', 'APPROVED', 'PURCHASE'] as const
  return names.map((name, i) => ({ name, value: values[i]!, rate: i === 0 ? 100 : Math.round((values[i]! / values[i - 1]!) * 1000) / 10 }))
}

describe('the biggest funnel drop-off', () => {
  test('a healthy funnel has no weak step; the lowest rate is named as its largest loss', () => {
    const drop = biggestDropOff(steps(1000, 450, 300, 255))!
    expect(drop).toMatchObject({ from: 'VISIT', to: 'CLICK', rate: 45, weak: false })
    expect(funnelSentence(drop, f)).toBe('Funnel: healthy — no step below its mark. The largest loss is VISIT → CLICK: 450 of 1,000 people (45%) went on (mark 20%).')
  })

  test('a click → approved drop is named even though visit → click has the lower rate', () => {
    const drop = biggestDropOff(steps(2000, 450, 20, 18))!
    expect(drop).toMatchObject({ from: 'CLICK', to: 'APPROVED', fromValue: 450, toValue: 20, rate: 4.4, weak: true })
    expect(funnelSentence(drop, f)).toBe('Biggest drop-off: CLICK → APPROVED — 20 of 450 people (4.4%) went on, below the 40% this step should keep.')
  })

  test('among weak steps, the one furthest below its mark; nobody visiting names none', () => {
    // CLICK 15 % (0.75 of its mark), PURCHASE 30 % (0.5 of its mark)
    expect(biggestDropOff(steps(1000, 150, 100, 30))).toMatchObject({ to: 'PURCHASE', weak: true })
    expect(biggestDropOff(steps(0, 0, 0, 0))).toBeUndefined()
    expect(funnelSentence(undefined, f)).toContain('nobody has visited')
  })
})

describe('LTV/CAC and repeat purchases', () => {
  test('LTV/CAC below 1 is poor, 1 to 3 fair, above 3 healthy', () => {
    expect([0.99, 1, 2.5, 3, 3.01, null].map(ltvCacHealth)).toEqual(['poor', 'fair', 'fair', 'fair', 'healthy', 'unknown'])
    expect(ltvCacSentence({ ltvCurrent: 52_000, avgCAC: 13_000, ltvCacRatioCurrent: 4, totalCustomers: 10 }, f)).toBe(
      'LTV/CAC: 4 — healthy (above 3); LTV to date ₩52,000 against a CAC of ₩13,000.',
    )
    expect(ltvCacSentence({ ltvCurrent: 0, avgCAC: 0, ltvCacRatioCurrent: null, totalCustomers: 0 }, f)).toContain('no customers')
  })

  test('a repeat rate more than 10 % lower or higher than the shop average is below or above it', () => {
    expect([repeatVerdict(10, 40, 50), repeatVerdict(37, 40, 50), repeatVerdict(45, 40, 50), repeatVerdict(10, null, 50), repeatVerdict(0, 40, 0)]).toEqual([
      'below', 'about', 'above', 'unknown', 'unknown',
    ])
    expect(repeatSentence(12.5, 48.33, 80, f)).toBe("Repeat purchase rate: 12.5% of 80 customers, below the shop's average of 48.33%.")
  })

  test('the follow-up day: 7 when most returns come after the first week, else 3', () => {
    expect(followUpDay({ d7: 5, d30: 20 })).toBe(7)
    expect(followUpDay({ d7: 15, d30: 20 })).toBe(3)
    expect(followUpDay({ d7: 0, d30: 0 })).toBe(3)
  })
})

describe('peak hours', () => {
  test('events summed per hour of the day in the shop zone, busiest first', () => {
    const hours = [
      { hour: '2025-11-10T11:00:00.000Z', counts: { PAGE_VIEW: 30, CLICK: 10 } }, // 20:00 KST
      { hour: '2025-11-11T11:00:00.000Z', counts: { PAGE_VIEW: 20 } }, // 20:00 KST the next day
      { hour: '2025-11-10T12:00:00.000Z', counts: { PAGE_VIEW: 25, SCROLL: 5 } }, // 21:00
      { hour: '2025-11-10T01:00:00.000Z', counts: { PAGE_VIEW: 10 } }, // 10:00
      { hour: '2025-11-10T02:00:00.000Z', counts: {} },
    ]
    expect(peakHours(hours, 'Asia/Seoul')).toEqual([{ hour: 20, events: 60, share: 60 }, { hour: 21, events: 30, share: 30 }])
    expect(peakHours([], 'Asia/Seoul')).toEqual([])
  })
})

describe('actions', () => {
  const cohort = { ltvCurrent: 30_000, avgCAC: 10_000, ltvCacRatioCurrent: 3.5, totalCustomers: 40, repeatPurchaseRate: 50, retention: { mode: 'rolling' as const, d1: 5, d7: 10, d30: 30 } }
  const base: Diagnosis = { drop: biggestDropOff(steps(1000, 450, 300, 255)), remainingStock: 20, cohort, shopRepeatRate: 45, peaks: [{ hour: 20, events: 60, share: 60 }] }

  test('a click → approved drop with no stock left: raise the limit or split the drop', () => {
    const [first] = actions({ ...base, drop: biggestDropOff(steps(2000, 450, 20, 18)), remainingStock: 0 }, f)
    expect(first).toBe('The stock ran out: 20 units were held for 450 clickers. Raise the limit, or split the drop into two time slots, and check that CLICK → APPROVED rises above 40%.')
  })

  test('a low repeat rate: a follow-up offer on the day the retention points to', () => {
    const found = actions({ ...base, cohort: { ...cohort, repeatPurchaseRate: 10 } }, f)
    expect(found[0]).toStartWith('Send a follow-up offer on day 7 after the first purchase')
    expect(found[0]).toContain('now 10%; shop 45%')
  })

  test('nothing wrong: the peak hour is the one test; never more than two actions', () => {
    expect(actions(base, f)).toEqual(['Schedule the next drop or push notification at 20:00, the busiest hour, and compare its VISIT → CLICK rate with an off-peak slot.'])
    const everything = actions({ ...base, drop: biggestDropOff(steps(2000, 450, 20, 18)), remainingStock: 0, cohort: { ...cohort, repeatPurchaseRate: 1, ltvCacRatioCurrent: 0.5 } }, f)
    expect(everything).toHaveLength(2)
  })
})

describe('data the platform does not record', () => {
  test('demographics, age, gender and search terms are named; questions about recorded data name none', () => {
    expect(unrecordedAsked('Which age group bought most?')).toEqual(['age'])
    expect(unrecordedAsked('Did women or men click more?')).toEqual(['gender'])
    expect(unrecordedAsked('what search terms brought them, and their demographics?')).toEqual(['demographics', 'search terms'])
    expect(unrecordedAsked('Which traffic source and ad creative worked best?')).toEqual(['traffic sources or ad creatives'])
    expect(unrecordedAsked("visitors were high but purchases low; why, and what should I try?")).toEqual([])
    expect(unrecordedAsked("how's this one doing?")).toEqual([])
    expect(notRecordedAnswer(['age'])).toStartWith('Not recorded: the platform does not record age')
  })
})
