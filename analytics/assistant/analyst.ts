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

interface ListedActivity {
  id: number
  name: string
  campaignId?: number
  startsAt?: string
}

/** A list tool's rows, whatever its envelope (`items`, `activities` or a bare array). */
function listedActivities(result: unknown): ListedActivity[] {
  const rows = Array.isArray(result) ? result : ((result as { items?: unknown[]; activities?: unknown[] })?.items ?? (result as { activities?: unknown[] })?.activities ?? [])
  return (rows as Array<Record<string, unknown>>)
    .map((r) => ({ id: Number(r.id ?? r.activityId), name: String(r.name ?? r.activityName ?? ''), campaignId: r.campaignId as number | undefined, startsAt: r.startsAt as string | undefined }))
    .filter((r) => Number.isSafeInteger(r.id) && r.id > 0)
}

/** The most recent activity: latest start, then highest id. */
function mostRecent(activities: readonly ListedActivity[]): ListedActivity | undefined {
  const start = (a: ListedActivity) => (a.startsAt ? Date.parse(a.startsAt) : 0)
  return [...activities].sort((a, b) => start(b) - start(a) || b.id - a.id)[0]
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
      const events: AssistantEvent[] = []
      /** Calls a tool and queues its `tool` event; the figures, or undefined when it failed. */
      const use = async <T>(name: string, args: Record<string, unknown>): Promise<T | undefined> => {
        const outcome = await tools.call(name, args, signal)
        events.push({ type: 'tool', id: `analyst-${++calls}`, tool: name, label: tools.label(name, args), args, outcome })
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
        yield say(`I cannot read activity ${target.id}: it does not exist or is not one you may see.`)
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

      const steps = dashboard.peopleFunnel.steps.map((s) => ({ name: s.name, value: s.people, rate: s.rate }))
      const drop = biggestDropOff(steps)
      const peaks = peakHours(hourly?.hours ?? [], timeZone)
      yield say(`Activity ${dashboard.activityId} "${dashboard.activityName}" (campaign ${dashboard.campaignId}), people at each step; cohort ${range.startDate} – ${range.endDate}:`)
      yield say(funnelSentence(drop, f))
      yield say(cohort ? ltvCacSentence(cohort, f) : 'LTV/CAC: the cohort could not be read right now.')
      yield say(cohort ? repeatSentence(cohort.repeatPurchaseRate, shop?.repeatPurchaseRate ?? null, cohort.totalCustomers, f) : 'Repeat purchases: the cohort could not be read right now.')
      yield say(hourly ? peakSentence(peaks, timeZone, f) : 'Peak hours: the hourly inflow could not be read right now.')
      const todo = actions({ drop, remainingStock: dashboard.realtime.remainingStock, cohort, shopRepeatRate: shop?.repeatPurchaseRate ?? null, peaks }, f)
      if (todo.length) yield say(`What to try:\n${todo.map((a, i) => `${i + 1}. ${a}`).join('\n')}`)
    },
  }
}

type Use = <T>(name: string, args: Record<string, unknown>) => Promise<T | undefined>

/** The activity to look at, with a note when it was chosen for the asker; or why there is none. */
async function resolveActivity(question: string, context: AskContext | undefined, use: Use): Promise<{ id: number; note?: string } | { missing: string }> {
  const activityId = namedId(question, 'activity') ?? (namedId(question, 'campaign') === undefined ? context?.activityId : undefined)
  if (activityId !== undefined) return { id: activityId }
  const campaignId = namedId(question, 'campaign') ?? context?.campaignId
  if (campaignId !== undefined) {
    const listed = await use<unknown>('list_activities', { campaignId })
    const latest = mostRecent(listedActivities(listed))
    if (!latest) return { missing: `Campaign ${campaignId} has no activity I can read (or it is not one you may see).` }
    return { id: latest.id, note: `Campaign ${campaignId}: looking at its most recent activity, ${latest.id} "${latest.name}".` }
  }
  const all = listedActivities(await use<unknown>('list_activities', {}))
  const lower = question.toLowerCase()
  const named = all.filter((a) => a.name.length >= 3 && lower.includes(a.name.toLowerCase())).sort((a, b) => b.name.length - a.name.length)[0]
  if (named) return { id: named.id }
  const latest = mostRecent(all)
  if (!latest) return { missing: 'There is no activity you may see yet, so there are no numbers to look at.' }
  return { id: latest.id, note: `No activity was named or open: looking at the most recent one, ${latest.id} "${latest.name}".` }
}
