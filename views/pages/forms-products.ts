/** The product catalogue admins pick an activity's product from: name and list price, with edit links. */
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { layout, type Shell } from '../layouts/base'

export interface ProductRow {
  id: number
  name: string
  price: number
}

export function productsPage(shell: Shell, view: { items: readonly ProductRow[]; canEdit: boolean; notice?: string }): SafeHtml {
  const table = view.items.length
    ? html`<div class="table-wrap"><table>
  <thead><tr><th>Product</th><th class="num">List price</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${view.items.map((p) => html`<tr><td>${p.name}</td><td class="num">${format.money(p.price)}</td><td class="row-actions">${view.canEdit && html`<a href="/admin/products/${p.id}/edit">Edit</a>`}</td></tr>`)}</tbody>
</table></div>`
    : html`<div class="panel empty"><strong>No products yet</strong><p>An activity sells one product: create it here first.</p></div>`
  return layout(
    shell,
    { title: 'Products', section: 'campaigns' },
    html`<div class="page-head">
  <div><h1>Products</h1><p>What activities sell, at their list price.</p></div>
  <div class="actions"><a class="button" href="/admin/campaigns">Campaigns</a>${view.canEdit && html`<a class="button primary" href="/admin/products/new">New product</a>`}</div>
</div>
${view.notice && html`<p class="notice" role="status">${view.notice}</p>`}
${table}`,
  )
}
