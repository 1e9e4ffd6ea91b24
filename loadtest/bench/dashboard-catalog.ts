/**
 * The dashboards benchmark's shop: campaigns of a year, each with activities on a product of its
 * own, made through core's admin API (so Redis has the live ones' state). Campaign 0 is on now;
 * the others ended one after the other over the past year. Activities are weighted so a few are
 * hot (Zipf-like), the hottest being the live one the activity API is measured on first.
 */
import type { Pool } from '../../common/clients/mysql'
import type { PlatformClient } from '../simulators/platform-client'

const day = 86_400_000

export interface BenchActivity {
  id: number
  campaignId: number
  productId: number
  price: number
  startsAt: number
  /** events and purchases fall before this: the activity's end, or now for a live one */
  lastAt: number
  /** share of the traffic */
  weight: number
}

export interface BenchCatalog {
  campaignIds: number[]
  activities: BenchActivity[]
  products: { id: number; price: number }[]
}

export async function createCatalog(client: PlatformClient, campaigns: number, activitiesPerCampaign: number): Promise<BenchCatalog> {
  const now = Date.now()
  const catalog: BenchCatalog = { campaignIds: [], activities: [], products: [] }
  let rank = 0
  for (let c = 0; c < campaigns; c++) {
    const price = 20_000 + c * 7_000
    const product = await client.admin('POST', '/products', { name: `Bench product ${c}`, price })
    catalog.products.push({ id: product.id, price })
    const campaign = await client.admin('POST', '/campaigns', { name: `Bench campaign ${c}`, budget: 1_000_000 + c * 100_000 })
    catalog.campaignIds.push(campaign.id)
    // campaign 0 runs from 3 days ago to 4 days ahead; campaign c ended c × 18 days ago
    const startsAt = c === 0 ? now - 3 * day : now - c * 18 * day - 7 * day
    const endsAt = startsAt + 7 * day
    for (let a = 0; a < activitiesPerCampaign; a++) {
      const activity = await client.admin('POST', `/campaigns/${campaign.id}/activities`, {
        name: `Bench activity ${c}.${a}`, productId: product.id, price: Math.round(price * 0.7), limit: 1_000_000,
        startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(), status: 'ACTIVE',
      })
      catalog.activities.push({
        id: activity.id, campaignId: campaign.id, productId: product.id, price: Math.round(price * 0.7),
        startsAt, lastAt: Math.min(endsAt, now - 60_000), weight: rankWeight(rank),
      })
      rank++
    }
  }
  return normalised(catalog)
}

/** Zipf-like share of the activity made rank-th (0 the hottest), before normalising. */
const rankWeight = (rank: number) => 1 / (rank + 1) ** 0.8

function normalised(catalog: BenchCatalog): BenchCatalog {
  const total = catalog.activities.reduce((sum, a) => sum + a.weight, 0)
  for (const a of catalog.activities) a.weight /= total
  return catalog
}

/** The catalog createCatalog made in this database, read back (a benchmark reusing an earlier fill). */
export async function readCatalog(pool: Pool): Promise<BenchCatalog> {
  const now = Date.now()
  const [campaigns] = await pool.query<any[]>('SELECT id FROM campaigns ORDER BY id')
  const [products] = await pool.query<any[]>('SELECT id, price FROM products ORDER BY id')
  const [activities] = await pool.query<any[]>('SELECT id, campaign_id, product_id, price, starts_at, ends_at FROM campaign_activities ORDER BY id')
  return normalised({
    campaignIds: campaigns.map((c) => Number(c.id)),
    products: products.map((p) => ({ id: Number(p.id), price: Number(p.price) })),
    activities: activities.map((a, rank) => ({
      id: Number(a.id), campaignId: Number(a.campaign_id), productId: Number(a.product_id), price: Number(a.price),
      startsAt: new Date(a.starts_at).getTime(), lastAt: Math.min(new Date(a.ends_at).getTime(), now - 60_000), weight: rankWeight(rank),
    })),
  })
}

/** Picks an activity by weight: `roll` uniform in [0, 1). */
export function weightedActivity(catalog: BenchCatalog, roll: number): BenchActivity {
  for (const activity of catalog.activities) if ((roll -= activity.weight) < 0) return activity
  return catalog.activities[catalog.activities.length - 1]!
}
