/**
 * Where a page sits, by name: Campaigns › the campaign › the activity. Marketers know their
 * campaigns by name; ids mean nothing to them. Every step is a link; the page itself is its h1.
 */
import { html, type SafeHtml } from '../html'

export interface Crumb {
  label: string
  href: string
}

export const campaignsCrumb: Crumb = { label: 'Campaigns', href: '/admin/campaigns' }

export function campaignCrumb(campaign: { id: number; name: string }): Crumb {
  return { label: campaign.name, href: `/admin/campaigns/${campaign.id}` }
}

export function breadcrumbs(steps: readonly Crumb[]): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="Breadcrumb">${steps.map((step, i) => html`${i ? html`<span aria-hidden="true"> › </span>` : ''}<a href="${step.href}">${step.label}</a>`)}</nav>`
}
