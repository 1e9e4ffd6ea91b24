/**
 * The assistant's tools: each is one dashboard service function (the numbers the JSON API, pages
 * and streams show), declared from the TypeBox schema its API validates with. `call` validates the
 * arguments, answers a campaign or activity the account may not see exactly as an unknown one
 * (NOT_FOUND), runs the read-only function and turns every failure into an outcome: it never throws.
 */
import type { TObject } from '@sinclair/typebox'
import { t } from 'elysia'
import { AppError, isTransient } from '../../common/errors'
import type { Logger } from '../../common/log'
import { canSee, visibleCampaignIds, type SignedInAccount } from '../accounts/model'
import { activityDashboard, activityDashboardParams } from '../dashboards/activity'
import { campaignDashboard, campaignDashboardParams } from '../dashboards/campaign'
import { cohortAnalysis, cohortParams, type CohortDeps } from '../dashboards/cohort'
import { promotionComparison, promotionComparisonParams } from '../dashboards/comparison'
import { activityCosts, activityCostsParams } from '../dashboards/costs'
import type { DashboardDeps } from '../dashboards/deps'
import { hourlyInflow, hourlyInflowParams } from '../dashboards/hourly'
import { entityId, parseParams } from '../dashboards/params'
import { segments, segmentsParams } from '../dashboards/segments'
import { shopRepeatRate, shopRepeatRateParams, type ShopRepeatRateParams } from '../dashboards/shop-repeat-rate'
import { campaignTarget } from '../dashboards/target'
import { campaignList, campaignListParams } from '../modules/campaigns/service'
import { findActivity } from '../reporting/activities'
import { declarationSchema } from './declaration'
import type { AssistantTools, ToolDeclaration, ToolOutcome } from './port'

export type ToolDeps = DashboardDeps & CohortDeps & { log: Logger }

type Args = Record<string, any>

/** What a tool's arguments are about: checked against the account's campaigns before it runs. */
type Subject = { campaignId: number } | { activityId: number } | undefined

export interface ToolSpec {
  name: string
  description: string
  params: TObject
  about(args: Args): Subject
  run(deps: ToolDeps, args: Args, account: SignedInAccount): Promise<unknown>
  label(args: Args): string
}

const periodText: Record<string, string> = { '1d': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days' }

/** "last 7 days", "2025-11-01 to 2025-11-30", or `fallback` when no period is given. */
function whenText(args: Args, fallback: string): string {
  if (args.startDate && args.endDate) return `${args.startDate} to ${args.endDate}`
  return args.period && args.period !== 'custom' ? periodText[args.period]! : fallback
}

export const campaignActivitiesParams = t.Object({ campaignId: entityId('the campaign') })

/** Every tool the model and the built-in analyst may use; nothing else reaches the numbers. */
export const toolSpecs: readonly ToolSpec[] = [
  {
    name: 'list_campaigns',
    description: 'The campaigns you may see, newest first: id, name, status, budget, number of activities, window and participants.',
    params: campaignListParams,
    about: () => undefined,
    run: (deps, args, account) => campaignList(deps, visibleCampaignIds(account), args.page ?? 1),
    label: (args) => `your campaigns${args.page > 1 ? `, page ${args.page}` : ''}`,
  },
  {
    name: 'list_activities',
    description: "A campaign's flash-sale activities, oldest first: id, name, product, unit limit, own budget, start and end.",
    params: campaignActivitiesParams,
    about: (args) => ({ campaignId: args.campaignId }),
    run: async (deps, args) => (await campaignTarget(deps.reporting, args.campaignId)).activities,
    label: (args) => `activities of campaign ${args.campaignId}`,
  },
  {
    name: 'activity_dashboard',
    description: "One activity over its whole time: overview (views, clicks, approved, purchases, revenue), the funnel with each step's conversion, live stock, and the funnel by people with time to convert.",
    params: activityDashboardParams,
    about: (args) => ({ activityId: args.activityId }),
    run: (deps, args) => activityDashboard(deps, { activityId: args.activityId }),
    label: (args) => `funnel of activity ${args.activityId}, all its time`,
  },
  {
    name: 'campaign_dashboard',
    description: "A campaign's widgets over a period: overview, funnel, comparison, realtime, hourly, segments, costs (choose with widgets).",
    params: campaignDashboardParams,
    about: (args) => ({ campaignId: args.campaignId }),
    run: (deps, args) => campaignDashboard(deps, args as typeof campaignDashboardParams.static),
    label: (args) => `${args.widgets ? args.widgets.split(',').join(', ') : 'overview, funnel, realtime'} of campaign ${args.campaignId}, ${whenText(args, 'last 7 days')}`,
  },
  {
    name: 'promotion_comparison',
    description: "Purchases of the campaign's products in the promotion against normal purchases per shop day, with the 28-day baseline before it.",
    params: promotionComparisonParams,
    about: (args) => ({ campaignId: args.campaignId }),
    run: (deps, args) => promotionComparison(deps, args as typeof promotionComparisonParams.static),
    label: (args) => `promotion vs normal sales of campaign ${args.campaignId}, ${whenText(args, 'last 7 days')}`,
  },
  {
    name: 'hourly_inflow',
    description: "An activity's behaviour events (views, clicks, approvals, purchases) per hour: the peak hours.",
    params: hourlyInflowParams,
    about: (args) => ({ activityId: args.activityId }),
    run: (deps, args) => hourlyInflow(deps, args as typeof hourlyInflowParams.static),
    label: (args) => `hourly inflow of activity ${args.activityId}, ${whenText(args, 'its whole window')}`,
  },
  {
    name: 'cohort_analysis',
    description: "LTV (30/90/365 days and current), CAC, LTV/CAC, repeat purchase rate, retention and ROAS of the customers whose first purchase in the activity falls between startDate and endDate.",
    params: cohortParams,
    about: (args) => ({ activityId: args.activityId }),
    run: (deps, args) => cohortAnalysis(deps, args as typeof cohortParams.static),
    label: (args) => `LTV, CAC and retention of activity ${args.activityId}'s customers, ${args.startDate} to ${args.endDate}`,
  },
  {
    name: 'segments',
    description: "An activity's purchases, revenue and conversion by member grade and by new vs returning customers.",
    params: segmentsParams,
    about: (args) => ({ activityId: args.activityId }),
    run: (deps, args) => segments(deps, args as typeof segmentsParams.static),
    label: (args) => `segments of activity ${args.activityId}, ${whenText(args, 'all time')}`,
  },
  {
    name: 'activity_costs',
    description: "Each activity of a campaign: acquisition cost, revenue, new customers, CAC and ROAS.",
    params: activityCostsParams,
    about: (args) => ({ campaignId: args.campaignId }),
    run: (deps, args) => activityCosts(deps, args as typeof activityCostsParams.static),
    label: (args) => `costs, CAC and ROAS of campaign ${args.campaignId}, ${whenText(args, 'all time')}`,
  },
  {
    name: 'shop_repeat_rate',
    description:
      "The shop's average repeat purchase rate: the cohorts of every activity you may see (customers whose first purchase in it falls between startDate and endDate) pooled — what one cohort's repeat purchase rate compares against.",
    params: shopRepeatRateParams,
    about: () => undefined,
    run: (deps, args, account) => shopRepeatRate(deps, args as ShopRepeatRateParams, visibleCampaignIds(account)),
    label: (args) => `the shop's average repeat rate, customers first buying ${args.startDate} to ${args.endDate}`,
  },
]

interface Tool {
  spec: ToolSpec
  declaration: ToolDeclaration
}

const declarationOf = (spec: ToolSpec): ToolDeclaration => ({ name: spec.name, description: spec.description, parameters: declarationSchema(spec.params) })

const failure = (code: string, message: string): ToolOutcome => ({ ok: false, error: { code, message } })

function notFound(subject: NonNullable<Subject>): ToolOutcome {
  return 'campaignId' in subject
    ? failure('NOT_FOUND', `campaign ${subject.campaignId} does not exist`)
    : failure('NOT_FOUND', `activity ${subject.activityId} does not exist`)
}

/** Whether the account may see what `subject` names; an unknown activity counts as not seen. */
async function mayAsk(deps: ToolDeps, account: SignedInAccount, subject: Subject): Promise<boolean> {
  if (!subject) return true
  if ('campaignId' in subject) return canSee(account, subject.campaignId)
  const activity = await findActivity(deps.reporting, subject.activityId)
  return activity !== undefined && canSee(account, Number(activity.campaignId))
}

/**
 * The arguments when they fit the tool's schema and name no other field; else the outcome saying
 * what is wrong. Numbers given as digits (the API's query strings allow them) become numbers.
 */
function checkedArgs(spec: ToolSpec, declared: Record<string, { type?: string }>, args: Record<string, unknown>): Args | ToolOutcome {
  const extra = Object.keys(args).find((key) => !Object.hasOwn(declared, key))
  if (extra !== undefined) return failure('INVALID_ARGUMENTS', `${extra} is not an argument of ${spec.name}; it takes ${Object.keys(declared).join(', ') || 'none'}`)
  try {
    const parsed = parseParams(spec.params, args) as Args
    for (const [key, schema] of Object.entries(declared)) if (schema.type === 'integer' && typeof parsed[key] === 'string') parsed[key] = Number(parsed[key])
    return parsed
  } catch (error) {
    if (error instanceof AppError) return failure('INVALID_ARGUMENTS', error.message)
    throw error
  }
}

async function run(deps: ToolDeps, account: SignedInAccount, tool: Tool, args: Record<string, unknown>): Promise<ToolOutcome> {
  const { spec } = tool
  const checked = checkedArgs(spec, tool.declaration.parameters.properties as Record<string, { type?: string }>, { ...args })
  if ('ok' in checked && checked.ok === false) return checked as ToolOutcome
  const subject = spec.about(checked)
  if (!(await mayAsk(deps, account, subject))) return notFound(subject!)
  try {
    // a plain JSON copy: dates as ISO strings, nothing but data goes back to the model
    return { ok: true, result: JSON.parse(JSON.stringify(await spec.run(deps, checked, account))) }
  } catch (error) {
    if (error instanceof AppError && error.status === 404 && subject) return notFound(subject)
    if (error instanceof AppError && error.status === 400) return failure('INVALID_ARGUMENTS', error.message)
    if (error instanceof AppError) return failure(error.code, error.message)
    throw error
  }
}

/** The tools of one signed-in account: its campaigns only, read-only, never throwing. */
export function assistantTools(deps: ToolDeps, account: SignedInAccount, specs: readonly ToolSpec[] = toolSpecs): AssistantTools {
  const byName = new Map<string, Tool>(specs.map((spec) => [spec.name, { spec, declaration: declarationOf(spec) }]))
  return {
    declarations: [...byName.values()].map((tool) => tool.declaration),
    async call(name, args, signal) {
      const tool = byName.get(name)
      if (!tool) return failure('UNKNOWN_TOOL', `there is no tool ${JSON.stringify(name)}; the tools are ${[...byName.keys()].join(', ')}`)
      if (signal?.aborted) return failure('ABORTED', 'the question was abandoned')
      try {
        return await run(deps, account, tool, args ?? {})
      } catch (error) {
        if (isTransient(error)) return failure('UNAVAILABLE', 'these numbers cannot be read right now; try again shortly')
        deps.log.error('assistant tool failed', { tool: name, error })
        return failure('INTERNAL', `${name} failed; the error has been logged`)
      }
    },
    label(name, args) {
      const tool = byName.get(name)
      if (!tool) return `unknown tool ${name}`
      try {
        return tool.spec.label(args ?? {})
      } catch {
        return name.replace(/_/g, ' ')
      }
    },
  }
}
