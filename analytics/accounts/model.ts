/** Who a signed-in marketer is: admins create and edit, analysts read everything. */
import { t } from 'elysia'

export const roles = ['admin', 'analyst'] as const
export const role = t.Union(roles.map((r) => t.Literal(r)))
export type Role = (typeof roles)[number]

/** The account a request acts as (the guard derives it from the session). */
export interface SignedInAccount {
  id: number
  email: string
  role: Role
}

/** Emails compare without case or surrounding spaces: `Ann@Shop.com ` signs in as ann@shop.com. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase()
}
