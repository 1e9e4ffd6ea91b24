/**
 * Activities: saved in MySQL, then published to Redis where the gateway sells them. A change is
 * published after its commit, by a publisher holding the row lock, so two quick edits reach Redis
 * in the order they were committed.
 */
import { inTransaction, type Pool } from '../../../common/clients/mysql'
import type { ActivityState } from '../../activity-state/activity-state'
import { hasRules } from '../../eligibility/rules'
import { coreErrors } from '../../errors'
import { findActivity, insertActivity, listCampaignActivities, updateActivity, type Activity, type ActivityFields } from '../../repositories/activities'
import { findCampaign } from '../../repositories/campaigns'
import type { Db } from '../../repositories/db'
import { countEntries } from '../../repositories/entries'
import { findProduct } from '../../repositories/products'
import type { ActivityChange, NewActivity } from './model'

export interface ActivityDeps {
  pool: Pool
  activityState: ActivityState
}

/** API input → stored fields, keeping only what the caller sent; `{}` rules are stored as none. */
function toFields(input: ActivityChange): Partial<ActivityFields> {
  const fields: Partial<ActivityFields> = {
    name: input.name,
    productId: input.productId,
    price: input.price,
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

/** A limit may not go below the entries already confirmed (Redis may be ahead of MySQL's workers). */
async function checkLimitCoversConfirmed(deps: ActivityDeps, db: Db, id: number, limit: number) {
  const confirmed = Math.max(await countEntries(db, id), await deps.activityState.confirmedCount(id))
  if (limit < confirmed) throw coreErrors.limitBelowConfirmed(limit, confirmed)
}

async function publishLatest(deps: ActivityDeps, id: number): Promise<Activity> {
  try {
    return await inTransaction(deps.pool, async (conn) => {
      const activity = (await findActivity(conn, id, { forUpdate: true }))!
      await deps.activityState.publish(activity)
      return activity
    })
  } catch (error) {
    throw Object.assign(coreErrors.statePublishFailed(id), { cause: error })
  }
}

async function withLiveState(deps: ActivityDeps, activity: Activity) {
  return { ...activity, live: await deps.activityState.live(activity.id) }
}

export async function createActivity(deps: ActivityDeps, campaignId: number, input: NewActivity) {
  const fields = { campaignId, status: 'DRAFT', rules: null, ...toFields(input) } as ActivityFields
  checkSettings(fields)
  const id = await inTransaction(deps.pool, async (conn) => {
    if (!(await findCampaign(conn, campaignId))) throw coreErrors.unknownCampaign(campaignId)
    await requireProduct(conn, fields.productId)
    return insertActivity(conn, fields)
  })
  return withLiveState(deps, await publishLatest(deps, id))
}

export async function changeActivity(deps: ActivityDeps, id: number, change: ActivityChange) {
  await inTransaction(deps.pool, async (conn) => {
    const current = await findActivity(conn, id, { forUpdate: true })
    if (!current) throw coreErrors.unknownActivity(id)
    const patch = toFields(change)
    checkSettings({ ...current, ...patch })
    if (patch.productId !== undefined) await requireProduct(conn, patch.productId)
    if (patch.limit !== undefined) await checkLimitCoversConfirmed(deps, conn, id, patch.limit)
    await updateActivity(conn, id, patch)
  })
  return withLiveState(deps, await publishLatest(deps, id))
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
