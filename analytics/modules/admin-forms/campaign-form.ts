/** The forms of campaigns and products (core: /api/v1/admin/campaigns, /api/v1/admin/products). */
import { shopFormat } from '../../../views/format'
import { defined, numberOrTyped, textOf, type EntityForm } from './entity-form'

const moneyHint = `in ${shopFormat.currency}`

export const campaignForm: EntityForm = {
  section: 'campaigns',
  fields: [
    { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
    { name: 'description', label: 'Description', type: 'textarea', maxLength: 2000 },
    { name: 'budget', label: 'Budget', type: 'number', min: 0, step: 'any', hint: `acquisition spend ${moneyHint}: what CAC and ROAS are computed from` },
  ],
  toCore(values, mode) {
    const description = textOf(values.description)
    const budget = numberOrTyped(values.budget)
    return {
      // an edit that empties the description or budget clears it
      body: defined({ name: textOf(values.name), description: description || (mode === 'edit' ? null : undefined), budget: budget ?? (mode === 'edit' ? 0 : undefined) }),
      errors: {},
    }
  },
  fromCore: (c) => ({ name: c.name, description: c.description ?? '', budget: String(c.budget ?? '') }),
}

export const productForm: EntityForm = {
  section: 'campaigns',
  fields: [
    { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
    { name: 'price', label: 'List price', type: 'number', required: true, min: 0, step: 'any', hint: `${moneyHint}; an activity sells it at its own promotional price` },
  ],
  toCore: (values) => ({ body: defined({ name: textOf(values.name), price: numberOrTyped(values.price) }), errors: {} }),
  fromCore: (p) => ({ name: p.name, price: String(p.price) }),
}
