/** What a form says after it saved, carried to the next page as a fixed code (never as text a link could forge). */
import { t } from 'elysia'

const notices = {
  'campaign-created': 'Campaign created.',
  'campaign-saved': 'Campaign saved.',
  'product-created': 'Product created.',
  'product-saved': 'Product saved.',
  'activity-created': 'Activity created.',
  'activity-saved': 'Activity saved.',
} as const

export type Notice = keyof typeof notices

export const noticeQuery = { notice: t.Optional(t.String({ maxLength: 40 })) }

export function noticeText(code: string | undefined): string | undefined {
  return code && Object.hasOwn(notices, code) ? notices[code as Notice] : undefined
}
