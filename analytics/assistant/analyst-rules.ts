/**
 * The built-in analyst's rules: pure functions from the dashboard services' answers (the JSON the
 * tools return) to findings and sentences. Thresholds are named here and repeated in the README;
 * analyst.ts calls the tools and strings the findings together.
 */
import type { FunnelStepName } from '../dashboards/funnel'
import type { HourlyInflow } from '../dashboards/hourly'
import type { CohortAnalysis } from '../dashboards/cohort'
import type { formatsFor } from '../../views/format'
import { ltvCacTone } from '../../views/partials/cohort-ltv'
import { recordedData, unrecordedData } from './recorded-data'

export type Formats = ReturnType<typeof formatsFor>

/** A step's rate of the previous step (people, %) below this is weak. */
export const weakStepRate: Record<Exclude<FunnelStepName, 'VISIT'>, number> = { CLICK: 20, APPROVED: 40, PURCHASE: 60 }
/** A repeat rate this far (relative) from the shop's average is below or above it. */
export const repeatRateMargin = 0.1

export interface FunnelStep {
  name: FunnelStepName
  value: number
  /** % of the previous step */
  rate: number
}

export interface DropOff {
  from: FunnelStepName
  to: Exclude<FunnelStepName, 'VISIT'>
  fromValue: number
  toValue: number
  rate: number
  /** the rate under which this step is weak */
  weakBelow: number
  weak: boolean
}

/**
 * The step where the funnel loses most: among the weak steps, the one furthest below its mark;
 * when none is weak, the step with the lowest rate. Undefined when nobody visited.
 */
export function biggestDropOff(steps: readonly FunnelStep[]): DropOff | undefined {
  if (!steps.length || steps[0]!.value === 0) return undefined
  const drops = steps.slice(1).map((step, i): DropOff => {
    const to = step.name as DropOff['to']
    const previous = steps[i]!
    const weakBelow = weakStepRate[to]
    return { from: previous.name, to, fromValue: previous.value, toValue: step.value, rate: step.rate, weakBelow, weak: step.rate < weakBelow }
  })
  const weak = drops.filter((d) => d.weak)
  const pool = weak.length ? weak : drops
  const score = (d: DropOff) => (weak.length ? d.rate / d.weakBelow : d.rate)
  return pool.reduce((worst, d) => (score(d) < score(worst) ? d : worst))
}

export type LtvCacHealth = 'poor' | 'fair' | 'healthy' | 'unknown'

const healthOfTone = { red: 'poor', amber: 'fair', green: 'healthy', none: 'unknown' } as const

/** < 1 poor, 1–3 fair, > 3 healthy (the cohort page's colour code: one definition); no ratio is unknown. */
export function ltvCacHealth(ratio: number | null | undefined): LtvCacHealth {
  return healthOfTone[ltvCacTone(ratio ?? null).tone]
}

export type RepeatVerdict = 'below' | 'about' | 'above' | 'unknown'

/** The cohort's repeat rate against the shop's (both %): more than 10 % lower or higher (relative) is below or above. */
export function repeatVerdict(rate: number, shopRate: number | null | undefined, customers: number): RepeatVerdict {
  if (customers === 0 || shopRate === null || shopRate === undefined) return 'unknown'
  if (rate < shopRate * (1 - repeatRateMargin)) return 'below'
  return rate > shopRate * (1 + repeatRateMargin) ? 'above' : 'about'
}

/**
 * The day to send a follow-up offer: 7 when most of the month's returning customers came back
 * after their first week (D30 − D7 > D7), else 3 — early, while the first purchase is fresh.
 */
export function followUpDay(retention: Pick<CohortAnalysis['retention'], 'd7' | 'd30'>): 3 | 7 {
  return retention.d30 - retention.d7 > retention.d7 ? 7 : 3
}

export interface PeakHour {
  /** hour of the day in the shop's time zone, 0–23 */
  hour: number
  events: number
  /** % of all events */
  share: number
}

/** The busiest hours of the day in `timeZone` (hourly inflow summed over its days), busiest first. */
export function peakHours(hours: HourlyInflow['hours'], timeZone: string, top = 2): PeakHour[] {
  const hourOf = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23' })
  const byHour = new Map<number, number>()
  let total = 0
  for (const { hour, counts } of hours) {
    const events = Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0)
    const h = Number(hourOf.format(new Date(hour)))
    byHour.set(h, (byHour.get(h) ?? 0) + events)
    total += events
  }
  return [...byHour]
    .filter(([, events]) => events > 0)
    .sort(([ha, a], [hb, b]) => b - a || ha - hb)
    .slice(0, top)
    .map(([hour, events]) => ({ hour, events, share: total ? Math.round((events / total) * 1000) / 10 : 0 }))
}

/** The unrecorded kinds of data a question asks about (empty: it asks about recorded data). */
export function unrecordedAsked(question: string): string[] {
  return unrecordedData.filter(([pattern]) => pattern.test(question)).map(([, kind]) => kind)
}

export function notRecordedAnswer(kinds: readonly string[]): string {
  return `Not recorded: the platform does not record ${kinds.join(', ')}, so I cannot answer that, and I will not estimate it. What it records: ${recordedData.join(', ')}.`
}

const stepName = (d: Pick<DropOff, 'from' | 'to'>) => `${d.from} → ${d.to}`

export function funnelSentence(d: DropOff | undefined, f: Formats): string {
  if (!d) return 'Funnel: nobody has visited yet, so there is no drop-off to name.'
  const figures = `${f.count(d.toValue)} of ${f.count(d.fromValue)} people (${f.percent(d.rate)})`
  if (d.weak) return `Biggest drop-off: ${stepName(d)} — ${figures} went on, below the ${f.percent(d.weakBelow)} this step should keep.`
  return `Funnel: healthy — no step below its mark. The largest loss is ${stepName(d)}: ${figures} went on (mark ${f.percent(d.weakBelow)}).`
}

export function ltvCacSentence(cohort: Pick<CohortAnalysis, 'ltvCurrent' | 'avgCAC' | 'ltvCacRatioCurrent' | 'totalCustomers'>, f: Formats): string {
  const health = ltvCacHealth(cohort.ltvCacRatioCurrent)
  if (health === 'unknown')
    return cohort.totalCustomers === 0 ? 'LTV/CAC: no customers in the cohort yet.' : 'LTV/CAC: no acquisition cost is recorded (no budget), so there is no ratio.'
  const verdict = { poor: 'poor (below 1: each customer costs more than they bring)', fair: 'fair (1–3)', healthy: 'healthy (above 3)' }[health]
  return `LTV/CAC: ${f.decimal(cohort.ltvCacRatioCurrent)} — ${verdict}; LTV to date ${f.money(cohort.ltvCurrent)} against a CAC of ${f.money(cohort.avgCAC)}.`
}

export function repeatSentence(rate: number, shopRate: number | null, customers: number, f: Formats): string {
  const verdict = repeatVerdict(rate, shopRate, customers)
  if (verdict === 'unknown') return customers === 0 ? 'Repeat purchases: no customers in the cohort yet.' : `Repeat purchase rate: ${f.percent(rate)} (no shop average to compare with).`
  const against = { below: 'below', about: 'about the same as', above: 'above' }[verdict]
  return `Repeat purchase rate: ${f.percent(rate)} of ${f.count(customers)} customers, ${against} the shop's average of ${f.percent(shopRate)}.`
}

const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`
export const hourSpan = (hour: number) => `${clock(hour)}–${clock((hour + 1) % 24)}`

export function peakSentence(peaks: readonly PeakHour[], timeZone: string, f: Formats): string {
  if (!peaks.length) return 'Peak hours: no visits recorded in the activity window.'
  const listed = peaks.map((p) => `${hourSpan(p.hour)} (${f.count(p.events)} events, ${f.percent(p.share)})`).join(', ')
  return `Peak hours (${timeZone}): ${listed}.`
}

export interface Diagnosis {
  drop: DropOff | undefined
  /** the activity's stock left right now; 0: sold out */
  remainingStock: number | undefined
  cohort: Pick<CohortAnalysis, 'ltvCurrent' | 'avgCAC' | 'ltvCacRatioCurrent' | 'totalCustomers' | 'repeatPurchaseRate' | 'retention'> | undefined
  shopRepeatRate: number | null
  peaks: readonly PeakHour[]
}

function funnelAction(d: DropOff, remainingStock: number | undefined, f: Formats): string {
  if (d.to === 'CLICK') return `Test a clearer offer above the fold (price, discount and units left) on half the visitors and compare the VISIT → CLICK rate against ${f.percent(d.rate)}.`
  if (d.to === 'APPROVED') {
    if (remainingStock === 0)
      return `The stock ran out: ${f.count(d.toValue)} units were held for ${f.count(d.fromValue)} clickers. Raise the limit, or split the drop into two time slots, and check that CLICK → APPROVED rises above ${f.percent(d.weakBelow)}.`
    return `Stock is left, yet clickers are turned away: check the eligibility rules and the activity window, then re-measure CLICK → APPROVED against ${f.percent(d.rate)}.`
  }
  return `Holds are not paid: send a payment reminder before the hold lapses (or lengthen it) for half the shoppers and compare APPROVED → PURCHASE against ${f.percent(d.rate)}.`
}

/** One or two concrete, testable actions tied to the diagnosis, most pressing first. */
export function actions(d: Diagnosis, f: Formats): string[] {
  const found: string[] = []
  if (d.drop?.weak) found.push(funnelAction(d.drop, d.remainingStock, f))
  const c = d.cohort
  if (c && repeatVerdict(c.repeatPurchaseRate, d.shopRepeatRate, c.totalCustomers) === 'below') {
    const day = followUpDay(c.retention)
    found.push(
      `Send a follow-up offer on day ${day} after the first purchase to half of the customers who have not bought again, and compare their repeat rate with the other half (now ${f.percent(c.repeatPurchaseRate)}; shop ${f.percent(d.shopRepeatRate)}).`,
    )
  }
  if (c && ltvCacHealth(c.ltvCacRatioCurrent) === 'poor')
    found.push(`Acquisition costs more than customers bring: lower this activity's budget share or raise its price, and watch LTV/CAC climb past 1 (now ${f.decimal(c.ltvCacRatioCurrent)}).`)
  if (found.length < 2 && d.peaks.length)
    found.push(`Schedule the next drop or push notification at ${clock(d.peaks[0]!.hour)}, the busiest hour, and compare its VISIT → CLICK rate with an off-peak slot.`)
  return found.slice(0, 2)
}
