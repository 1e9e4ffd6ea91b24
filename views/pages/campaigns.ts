/**
 * The campaign list (the marketer's start page): state, window, budget and participants of each
 * campaign, newest first. The table refreshes itself every 10 s (participants move during a
 * sale); a refresh that fails keeps the table shown. Admins see the create and edit links.
 */
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { layout, type Shell } from '../layouts/base'

export type CampaignStatus = 'live' | 'paused' | 'scheduled' | 'ended' | 'draft'

export interface CampaignRow {
  id: number
  name: string
  status: CampaignStatus
  budget: number
  activities: number
  startsAt: Date | null
  endsAt: Date | null
  participants: number | null
}

export interface CampaignListView {
  items: readonly CampaignRow[]
  page: number
  hasMore: boolean
  canEdit: boolean
  /** a notice after a form, e.g. "Campaign created." */
  notice?: string
  /** the list could not be read: said in place of the table, which the refresh brings back */
  error?: string
}

const statusLabels: Record<CampaignStatus, string> = { live: 'Live', paused: 'Paused', scheduled: 'Scheduled', ended: 'Ended', draft: 'No activities' }

export function statusBadge(status: CampaignStatus): SafeHtml {
  return html`<span class="badge status-${status}">${statusLabels[status]}</span>`
}

function window(row: CampaignRow): SafeHtml {
  if (!row.startsAt || !row.endsAt) return html`<span class="muted">–</span>`
  return html`${format.dateTime(row.startsAt)} <span class="muted">→</span> ${format.dateTime(row.endsAt)}`
}

function row(r: CampaignRow, canEdit: boolean): SafeHtml {
  return html`<tr>
  <td><a href="/admin/campaigns/${r.id}">${r.name}</a></td>
  <td>${statusBadge(r.status)}</td>
  <td class="small">${window(r)}</td>
  <td class="num">${format.count(r.activities)}</td>
  <td class="num">${format.money(r.budget)}</td>
  <td class="num">${r.participants === null ? html`<span class="muted" title="not available right now">–</span>` : format.count(r.participants)}</td>
  ${canEdit && html`<td class="row-actions"><a href="/admin/campaigns/${r.id}/edit">Edit</a> · <a href="/admin/campaigns/${r.id}/activities/new">Add activity</a></td>`}
</tr>`
}

function emptyState(canEdit: boolean): SafeHtml {
  return html`<div class="panel empty">
  <strong>No campaigns yet</strong>
  ${canEdit ? html`<p>Create a campaign, then add its flash-sale activities.</p><a class="button primary" href="/admin/campaigns/new">New campaign</a>` : html`<p>An admin creates campaigns; they show here as soon as they exist.</p>`}
</div>`
}

/** The table alone: what the page's refresh swaps in. */
export function campaignTable(view: CampaignListView): SafeHtml {
  if (view.error) return html`<div class="widget-error" role="alert">${view.error}</div>`
  if (view.items.length === 0 && view.page === 1) return emptyState(view.canEdit)
  return html`<div class="table-wrap"><table>
  <thead><tr>
    <th>Campaign</th><th>Status</th><th>Dates</th><th class="num">Activities</th><th class="num">Budget</th><th class="num">Participants</th>${view.canEdit && html`<th><span class="visually-hidden">Actions</span></th>`}
  </tr></thead>
  <tbody>
  ${view.items.map((r) => row(r, view.canEdit))}
  </tbody>
</table></div>
<nav class="pager">
  ${view.page > 1 && html`<a href="/admin/campaigns?page=${view.page - 1}">← Newer</a>`}
  ${view.hasMore && html`<a href="/admin/campaigns?page=${view.page + 1}">Older →</a>`}
</nav>`
}

export function campaignsPage(shell: Shell, view: CampaignListView): SafeHtml {
  return layout(
    shell,
    { title: 'Campaigns', section: 'campaigns' },
    html`<div class="page-head">
  <div><h1>Campaigns</h1><p>Every campaign with its state, dates, budget and the shoppers taking part.</p></div>
  ${view.canEdit && html`<div class="actions"><a class="button" href="/admin/products">Products</a><a class="button primary" href="/admin/campaigns/new">New campaign</a></div>`}
</div>
${view.notice && html`<p class="notice" role="status">${view.notice}</p>`}
<div id="campaign-table" hx-get="/admin/campaigns?fragment=table&amp;page=${view.page}" hx-trigger="every 10s" hx-swap="innerHTML" hx-status:5xx="swap:none">
${campaignTable(view)}
</div>`,
  )
}
