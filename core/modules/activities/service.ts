/**
 * Activities: saved in MySQL and published to Redis, where the gateway sells them, in one
 * transaction that holds the activity's row lock until it commits. Redis decides before the commit
 * (it refuses a limit below the units already taken), so MySQL never keeps a change Redis did not
 * take, and two quick edits reach Redis in the order they commit.
 */
import { inTransaction, type Pool, type PoolConnection } from '../../../common/clients/mysql'
import { AppError } from '../../../common/errors'
import type { Logger } from '../../../common/log'
import type { ActivityState } from '../../activity-state/activity-state'
import { publishLockedActivity } from '../../activity-state/publish'
import { hasRules } from '../../eligibility/rules'
import { coreErrors } from '../../errors'
import { findActivity, insertActivity, listCampaignActivities, updateActivity, type Activity, type ActivityFields } from '../../repositories/activities'
import { findCampaign } from '../../repositories/campaigns'
import type { Db } from '../../repositories/db'
import { findProduct } from '../../repositories/products'
import type { ActivityChange, NewActivity } from './model'

export interface ActivityDeps {
  pool: Pool
  activityState: ActivityState
  log: Logger
}

/** API input → stored fields, keeping only what the caller sent; `{}` rules are stored as none. */
function toFields(input: ActivityChange): Partial<ActivityFields> {
  const fields: Partial<ActivityFields> = {
    name: input.name,
    productId: input.productId,
    price: input.price,
    budget: input.budget,
    limit: input.limit,
    status: input.status,
    startsAt: input.startsAt === undefined ? undefined : new Date(input.startsAt),
    endsAt: input.endsAt === undefined ? undefined : new Date(input.endsAt),
    rules: input.rules === undefined ? undefined : hasRules(input.rules) ? input.rules : null,
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
}

function checkSettings(activity: Pick<ActivityFields, 'startsAt' | 'endsAt' | 'rules'>) {
  if (activity.endsAt.getTime() <= activity.startsAt.getTime()) throw coreErrors.invalidWindow()
  if (activity.rules?.newCustomersOnly && (activity.rules.minPastPurchases ?? 0) > 0) throw coreErrors.contradictoryRules()
}

async function requireProduct(db: Db, productId: number) {
  if (!(await findProduct(db, productId))) throw coreErrors.unknownProduct(productId)
}

/**
 * Runs `save` (which returns the activity's id) and publishes the saved row before committing. If
 * Redis or the commit fails after the publish was sent, Redis may hold a state MySQL rolled back,
 * so what MySQL did commit is published again.
 */
export async function saveAndPublish(deps: ActivityDeps, save: (conn: PoolConnection) => Promise<number>): Promise<Activity> {
  let publishing: number | undefined
  try {
    return await inTransaction(deps.pool, async (conn) => {
      const id = await save(conn)
      const activity = (await findActivity(conn, id, { forUpdate: true }))!
      publishing = id
      await publishLockedActivity(conn, deps.activityState, activity)
      return activity
    })
  } catch (error) {
    if (error instanceof AppError || publishing === undefined) throw error
    await republishCommitted(deps, publishing)
    throw Object.assign(coreErrors.statePublishFailed(), { cause: error })
  }
}

async function republishCommitted(deps: ActivityDeps, id: number) {
  try {
    await inTransaction(deps.pool, async (conn) => {
      const committed = await findActivity(conn, id, { forUpdate: true })
      await (committed ? publishLockedActivity(conn, deps.activityState, committed) : deps.activityState.forget(id))
    })
  } catch (error) {
    deps.log.error('activity state in Redis may differ from MySQL until its next change or core start', { activityId: id, error })
  }
}

async function withLiveState(deps: ActivityDeps, activity: Activity) {
  return { ...activity, live: await deps.activityState.live(activity.id) }
}

export async function createActivity(deps: ActivityDeps, campaignId: number, input: NewActivity) {
  const fields = { campaignId, status: 'DRAFT', rules: null, budget: null, ...toFields(input) } as ActivityFields
  checkSettings(fields)
  const activity = await saveAndPublish(deps, async (conn) => {
    if (!(await findCampaign(conn, campaignId))) throw coreErrors.unknownCampaign(campaignId)
    await requireProduct(conn, fields.productId)
    return insertActivity(conn, fields)
  })
  return withLiveState(deps, activity)
}

export async function changeActivity(deps: ActivityDeps, id: number, change: ActivityChange) {
  const activity = await saveAndPublish(deps, async (conn) => {
    const current = await findActivity(conn, id, { forUpdate: true })
    if (!current) throw coreErrors.unknownActivity(id)
    const patch = toFields(change)
    checkSettings({ ...current, ...patch })
    if (patch.productId !== undefined) await requireProduct(conn, patch.productId)
    await updateActivity(conn, id, patch)
    return id
  })
  return withLiveState(deps, activity)
}

export async function getActivity(deps: ActivityDeps, id: number) {
  const activity = await findActivity(deps.pool, id)
  if (!activity) throw coreErrors.unknownActivity(id)
  return withLiveState(deps, activity)
}

export async function listActivitiesOfCampaign(deps: ActivityDeps, campaignId: number) {
  if (!(await findCampaign(deps.pool, campaignId))) throw coreErrors.unknownCampaign(campaignId)
  return { items: await listCampaignActivities(deps.pool, campaignId) }
}
