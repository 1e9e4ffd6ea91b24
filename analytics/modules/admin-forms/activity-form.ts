/**
 * The activity form (core: /api/v1/admin/campaigns/:id/activities, /api/v1/admin/activities/:id):
 * product, promotional price, units, window in the shop's wall-clock time, state, own budget and
 * who may enter.
 */
import { config } from '../../../common/config'
import type { FieldOption, FormValues } from '../../../views/pages/forms'
import { defined, listOf, numberOrTyped, textOf, type EntityForm, type Mode } from './entity-form'
import { instantToShopLocal, shopLocalToInstant } from './shop-time'

// core's lists (core/domain.ts); analytics does not import core, and core refuses anything else
const statuses = ['DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'] as const
const grades = ['BRONZE', 'SILVER', 'GOLD', 'VIP'] as const
const statusLabels: Record<(typeof statuses)[number], string> = { DRAFT: 'Draft (not on sale)', ACTIVE: 'Active (on sale in its window)', PAUSED: 'Paused', ENDED: 'Ended' }

function instantField(values: FormValues, name: string, errors: Record<string, string>): string | undefined {
  const local = textOf(values[name])
  if (!local) return undefined
  const instant = shopLocalToInstant(local, config.shopTimeZone)
  if (!instant) errors[name] = 'must be a date and time'
  return instant ?? undefined
}

function rulesOf(values: FormValues, mode: Mode) {
  const rules = defined({
    newCustomersOnly: textOf(values.newCustomersOnly) === 'on' ? true : undefined,
    minPastPurchases: numberOrTyped(values.minPastPurchases),
    memberGrades: listOf(values.memberGrades).length ? listOf(values.memberGrades) : undefined,
  })
  // none chosen: everyone may enter (an edit clears the rules it had)
  return Object.keys(rules).length ? rules : mode === 'edit' ? null : undefined
}

export function activityForm(products: readonly FieldOption[]): EntityForm {
  return {
    section: 'campaigns',
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
      { name: 'productId', label: 'Product', type: 'select', required: true, options: [{ value: '', label: 'Choose a product…' }, ...products] },
      { name: 'price', label: 'Promotional price', type: 'number', required: true, min: 0, step: 'any', row: 'sale' },
      { name: 'limit', label: 'Units on sale', type: 'number', required: true, min: 1, step: '1', row: 'sale' },
      { name: 'startsAt', label: 'Starts', type: 'datetime-local', required: true, row: 'window', hint: `shop time (${config.shopTimeZone})` },
      { name: 'endsAt', label: 'Ends', type: 'datetime-local', required: true, row: 'window', hint: `shop time (${config.shopTimeZone})` },
      { name: 'status', label: 'State', type: 'select', options: statuses.map((s) => ({ value: s, label: statusLabels[s] })) },
      { name: 'budget', label: 'Own budget', type: 'number', min: 0, step: 'any', hint: `in ${config.shopCurrency}; empty: it shares what its campaign's budget leaves` },
      { name: 'newCustomersOnly', label: 'New customers only', type: 'checkbox' },
      { name: 'minPastPurchases', label: 'At least this many past purchases', type: 'number', min: 0, step: '1' },
      { name: 'memberGrades', label: 'Member grades', type: 'checkboxes', hint: 'none ticked: every grade', options: grades.map((g) => ({ value: g, label: g })) },
    ],
    toCore(values, mode) {
      const errors: Record<string, string> = {}
      const budget = numberOrTyped(values.budget)
      const body = defined({
        name: textOf(values.name),
        productId: numberOrTyped(values.productId),
        price: numberOrTyped(values.price),
        limit: numberOrTyped(values.limit),
        startsAt: instantField(values, 'startsAt', errors),
        endsAt: instantField(values, 'endsAt', errors),
        status: textOf(values.status) || undefined,
        budget: budget ?? (mode === 'edit' ? null : undefined),
        rules: rulesOf(values, mode),
      })
      return { body, errors }
    },
    fromCore: (a) => ({
      name: a.name,
      productId: String(a.productId),
      price: String(a.price),
      limit: String(a.limit),
      startsAt: instantToShopLocal(a.startsAt, config.shopTimeZone),
      endsAt: instantToShopLocal(a.endsAt, config.shopTimeZone),
      status: a.status,
      budget: a.budget === null || a.budget === undefined ? '' : String(a.budget),
      newCustomersOnly: a.rules?.newCustomersOnly ? 'on' : '',
      minPastPurchases: a.rules?.minPastPurchases === undefined ? '' : String(a.rules.minPastPurchases),
      memberGrades: a.rules?.memberGrades ?? [],
    }),
  }
}
