/** Who a signed-in marketer is: admins create and edit, analysts read; each sees all campaigns or a list of them. */
import { t } from 'elysia'

export const roles = ['admin', 'analyst'] as const
export const role = t.Union(roles.map((r) => t.Literal(r)))
export type Role = (typeof roles)[number]

/** The account a request acts as (the guard derives it from the session). */
export interface SignedInAccount {
  id: number
  email: string
  role: Role
  /** the campaigns this account may see (their activities too): every one, or these */
  campaignIds: CampaignScope
}

export type CampaignScope = readonly number[] | 'all'

/** Whether the account may see campaign `campaignId` (and its activities); one it may not is answered as unknown. */
export function canSee(account: Pick<SignedInAccount, 'campaignIds'>, campaignId: number): boolean {
  return account.campaignIds === 'all' || account.campaignIds.includes(campaignId)
}

/** The campaign ids a list may show the account: `'all'`, or these (the SQL filters by them). */
export function visibleCampaignIds(account: Pick<SignedInAccount, 'campaignIds'>): CampaignScope {
  return account.campaignIds
}

/** Emails compare without case or surrounding spaces: `Ann@Shop.com ` signs in as ann@shop.com. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase()
}
