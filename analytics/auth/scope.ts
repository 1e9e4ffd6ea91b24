/**
 * Campaign scopes: which addresses are about one campaign or activity, and how to find its campaign.
 * One table instead of a check per route: a signed-in account asking about a campaign it may not
 * see gets the same 404 as for an unknown id (its existence is not told). Lists filter in SQL.
 */
import { Elysia } from 'elysia'
import type { Pool } from '../../common/clients/mysql'
import { canSee, type SignedInAccount } from '../accounts/model'
import { activityNotFound, campaignNotFound } from '../dashboards/target'
import { findActivity } from '../reporting/activities'

type Subject = 'campaign' | 'activity'

/** Path → which id it carries. Every route answering about one campaign or activity is listed here. */
export const scopedPaths: readonly { path: RegExp; subject: Subject }[] = [
  { path: /^\/api\/v1\/dashboard\/campaign\/(\d+)(?:\/|$)/, subject: 'campaign' },
  { path: /^\/api\/v1\/dashboard\/activity\/(\d+)(?:\/|$)/, subject: 'activity' },
  { path: /^\/api\/v1\/dashboard\/cohort\/activity\/(\d+)(?:\/|$)/, subject: 'activity' },
  { path: /^\/admin\/campaigns\/(\d+)(?:\/|$)/, subject: 'campaign' },
  { path: /^\/admin\/dashboard\/cohort\/(\d+)(?:\/|$)/, subject: 'activity' },
  { path: /^\/admin\/dashboard\/(\d+)(?:\/|$)/, subject: 'activity' },
  { path: /^\/admin\/activities\/(\d+)(?:\/|$)/, subject: 'activity' },
]

/** The path as the router reads it: it decodes a parameter (`/campaign/%35` is campaign 5), so the table must too. */
function decodedPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })
    .join('/')
}

/** The campaign and activity a path is about, if any. */
export function subjectOf(pathname: string): { subject: Subject; id: number } | undefined {
  const decoded = decodedPath(pathname)
  for (const { path, subject } of scopedPaths) {
    const match = path.exec(decoded)
    if (match) return { subject, id: Number(match[1]) }
  }
  return undefined
}

/**
 * Throws the unknown-id 404 when `account` may not see the campaign (or the activity's campaign).
 * An unknown activity passes: the route answers its own 404.
 */
export async function checkScope(reporting: Pool, account: SignedInAccount, subject: Subject, id: number): Promise<void> {
  if (account.campaignIds === 'all') return
  if (subject === 'campaign') {
    if (!canSee(account, id)) throw campaignNotFound(id)
    return
  }
  const activity = await findActivity(reporting, id)
  if (activity && !canSee(account, Number(activity.campaignId))) throw activityNotFound(id)
}

/** The guard's second half: mounted once after `authGuard`, it checks every scoped path. */
export function campaignScope(deps: { reporting: Pool }) {
  return new Elysia({ name: 'axon-campaign-scope' }).onBeforeHandle({ as: 'global' }, async (ctx) => {
    const account = (ctx as unknown as { account: SignedInAccount | null }).account
    if (!account) return
    const found = subjectOf(new URL(ctx.request.url).pathname)
    if (found) await checkScope(deps.reporting, account, found.subject, found.id)
  })
}
