/**
 * The built-in analyst: answers when there is no model key or the model fails. It asks the same
 * read-only tools the model would (each call shown as a `tool` event, as the loop shows the
 * model's), for the activity in question — named in the question, open on the page, or the most
 * recent one the account sees — and applies analyst-rules.ts. Deterministic; never a model.
 */
import { config } from '../../common/config'
import { format as shopFormats } from '../../views/format'
import type { ActivityDashboard } from '../dashboards/activity'
import type { CohortAnalysis } from '../dashboards/cohort'
import type { HourlyInflow } from '../dashboards/hourly'
import type { ShopRepeatRate } from '../dashboards/shop-repeat-rate'
import {
  actions, biggestDropOff, funnelSentence, ltvCacSentence, notRecordedAnswer, peakHours, peakSentence, repeatSentence, unrecordedAsked,
  type Formats,
} from './analyst-rules'
import type { AskContext, AssistantEvent, AssistantTools, BuiltInAnalyst } from './port'

export const analystIntro = 'Built-in analyst (fixed rules over the dashboard numbers; no language model is answering).'

export interface AnalystOptions {
  formats?: Formats
  timeZone?: string
  now?: () => Date
}

interface Listed {
  id: number
  name: string
  startsAt?: string | null
}

/** A list tool's rows (`items` of list_campaigns, the bare array of list_activities). */
function listed(result: unknown): Listed[] {
  const rows = Array.isArray(result) ? result : ((result as { items?: unknown[] } | undefined)?.items ?? [])
  return (rows as Array<Record<string, unknown>>)
    .filter((r) => r.activities === undefined || Number(r.activities) > 0)
    .map((r) => ({ id: Number(r.id), name: String(r.name ?? ''), startsAt: r.startsAt as string | null | undefined }))
    .filter((r) => Number.isSafeInteger(r.id) && r.id > 0)
}

/** The most recent: latest start, then highest id. */
function mostRecent(rows: readonly Listed[]): Listed | undefined {
  const start = (r: Listed) => (r.startsAt ? Date.parse(r.startsAt) : 0)
  return [...rows].sort((a, b) => start(b) - start(a) || b.id - a.id)[0]
}

/** The row whose name the question mentions (the longest such name). */
function namedIn(question: string, rows: readonly Listed[]): Listed | undefined {
  const lower = question.toLowerCase()
  return rows.filter((r) => r.name.length >= 3 && lower.includes(r.name.toLowerCase())).sort((a, b) => b.name.length - a.name.length)[0]
}

/** An id the question names ("activity 12", "campaign #3"). */
function namedId(question: string, subject: 'activity' | 'campaign'): number | undefined {
  const match = new RegExp(`\\b${subject}\\s*(?:id\\s*)?#?\\s*(\\d{1,15})\\b`, 'i').exec(question)
  return match ? Number(match[1]) : undefined
}

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function createBuiltInAnalyst(options: AnalystOptions = {}): BuiltInAnalyst {
  const f = options.formats ?? shopFormats
  const timeZone = options.timeZone ?? config.shopTimeZone
  const now = options.now ?? (() => new Date())

  return {
    async *answer(input, tools, signal) {
      let calls = 0
      let failed: { code: string; message: string } | undefined
      const events: AssistantEvent[] = []
      /** Calls a tool and queues its `tool` event; the figures, or undefined when it failed. */
      const use = async <T>(name: string, args: Record<string, unknown>): Promise<T | undefined> => {
        const outcome = await tools.call(name, args, signal)
        events.push({ type: 'tool', id: `analyst-${++calls}`, tool: name, label: tools.label(name, args), args, outcome })
        failed = outcome.ok ? undefined : outcome.error
        return outcome.ok ? (outcome.result as T) : undefined
      }
      const flush = function* () {
        yield* events.splice(0)
      }
      const say = (text: string): AssistantEvent => ({ type: 'text', text: `${text}\n` })

      yield say(analystIntro)
      const unrecorded = unrecordedAsked(input.question)
      if (unrecorded.length) {
        yield say(notRecordedAnswer(unrecorded))
        return
      }

      const target = await resolveActivity(input.question, input.context, use)
      yield* flush()
      if (signal.aborted) return
      if ('missing' in target) {
        yield say(target.missing)
        return
      }
      if (target.note) yield say(target.note)

      const dashboard = await use<ActivityDashboard>('activity_dashboard', { activityId: target.id })
      yield* flush()
      if (!dashboard) {
        const why = failed?.code === 'NOT_FOUND' ? 'it does not exist or is not one you may see' : `it could not be read right now (${failed?.message})`
        yield say(`I cannot read activity ${target.id}: ${why}.`)
        return
      }
      const hourly = await use<HourlyInflow>('hourly_inflow', { activityId: target.id })
      yield* flush()
      const until = Math.min(hourly ? Date.parse(hourly.to) : now().getTime(), now().getTime())
      const since = hourly ? Date.parse(hourly.from) : until - 365 * 86_400_000
      const range = { startDate: utcDate(since), endDate: utcDate(Math.max(since, until - 1)) }
      const cohort = await use<CohortAnalysis>('cohort_analysis', { activityId: target.id, ...range })
      yield* flush()
      const shop = await use<ShopRepeatRate>('shop_repeat_rate', range)
      yield* flush()
      if (signal.aborted) return

      for (const line of findings({ dashboard, hourly, cohort, shop, range }, f, timeZone)) yield say(line)
    },
  }
}

interface Figures {
  dashboard: ActivityDashboard
  hourly: HourlyInflow | undefined
  cohort: CohortAnalysis | undefined
  shop: ShopRepeatRate | undefined
  range: { startDate: string; endDate: string }
}

/** The answer's lines from what the tools returned; a figure a tool could not give is said so. */
function findings({ dashboard, hourly, cohort, shop, range }: Figures, f: Formats, timeZone: string): string[] {
  const drop = biggestDropOff(dashboard.peopleFunnel.steps.map((s) => ({ name: s.name, value: s.people, rate: s.rate })))
  const peaks = peakHours(hourly?.hours ?? [], timeZone)
  const shopRate = shop?.repeatPurchaseRate ?? null
  const unread = (what: string, source: string) => `${what}: ${source} could not be read right now.`
  const todo = actions({ drop, remainingStock: dashboard.realtime.remainingStock, cohort, shopRepeatRate: shopRate, peaks }, f)
  return [
    `Activity ${dashboard.activityId} "${dashboard.activityName}" (campaign ${dashboard.campaignId}), people at each step; cohort ${range.startDate} – ${range.endDate}:`,
    funnelSentence(drop, f),
    cohort ? ltvCacSentence(cohort, f) : unread('LTV/CAC', 'the cohort'),
    cohort ? repeatSentence(cohort.repeatPurchaseRate, shopRate, cohort.totalCustomers, f) : unread('Repeat purchases', 'the cohort'),
    hourly ? peakSentence(peaks, timeZone, f) : unread('Peak hours', 'the hourly inflow'),
    ...(todo.length ? [`What to try:\n${todo.map((a, i) => `${i + 1}. ${a}`).join('\n')}`] : []),
  ]
}

type Use = <T>(name: string, args: Record<string, unknown>) => Promise<T | undefined>

/**
 * The activity to look at: one the question names by id, else the one open, else of the campaign
 * named or open (its activity the question names, or its most recent); with nothing named or open,
 * the most recent activity of the most recent campaign the account sees. A note says which was chosen.
 */
async function resolveActivity(question: string, context: AskContext | undefined, use: Use): Promise<{ id: number; note?: string } | { missing: string }> {
  const askedCampaign = namedId(question, 'campaign')
  const activityId = namedId(question, 'activity') ?? (askedCampaign === undefined ? context?.activityId : undefined)
  if (activityId !== undefined) return { id: activityId }
  let campaignId = askedCampaign ?? context?.campaignId
  let chosen = ''
  if (campaignId === undefined) {
    const campaigns = listed(await use<unknown>('list_campaigns', {}))
    const campaign = namedIn(question, campaigns) ?? mostRecent(campaigns)
    if (!campaign) return { missing: 'There is no campaign with activities you may see yet, so there are no numbers to look at.' }
    campaignId = campaign.id
    if (!namedIn(question, campaigns)) chosen = 'No activity was named or open: '
  }
  const activities = listed(await use<unknown>('list_activities', { campaignId }))
  const named = namedIn(question, activities)
  if (named) return { id: named.id }
  const latest = mostRecent(activities)
  if (!latest) return { missing: `Campaign ${campaignId} has no activity I can read (or it is not one you may see).` }
  const looking = `the most recent activity of campaign ${campaignId}, ${latest.id} "${latest.name}".`
  return { id: latest.id, note: chosen ? `${chosen}looking at ${looking}` : `Looking at ${looking}` }
}
