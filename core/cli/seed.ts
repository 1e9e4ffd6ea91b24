/**
 * `bun core/cli/seed.ts` (MYSQL_URL and REDIS_URL in the environment): brings the schema up to
 * date, loads the demo data (see demo-data.ts) and publishes its activities to Redis. Does
 * nothing when any campaign exists, so `./axon up` can run it every time.
 */
import { createMysqlPool, inTransaction, mysqlUrl, type Pool } from '../../common/clients/mysql'
import { createRedis } from '../../common/clients/redis'
import { createLogger } from '../../common/log'
import { createActivityState } from '../activity-state/activity-state'
import { syncActivityStates } from '../activity-state/sync'
import { prepareCoreSchema } from '../db/schema'
import { insertActivity } from '../repositories/activities'
import { anyCampaignExists, insertCampaign } from '../repositories/campaigns'
import { findProduct, insertProduct, type Product } from '../repositories/products'
import { insertPurchasesIgnoringKnown } from '../repositories/purchases'
import { insertShoppersIgnoringKnown } from '../repositories/users'
import { demoActivities, demoCampaign, demoProducts, demoPurchaseHistory, demoShoppers } from './demo-data'

const demoShopperCount = 300

async function seedDemo(pool: Pool, now: Date) {
  return inTransaction(pool, async (conn) => {
    const campaignId = await insertCampaign(conn, demoCampaign)
    const products: Product[] = []
    for (const fields of demoProducts) products.push((await findProduct(conn, await insertProduct(conn, fields)))!)
    const [earbuds, watch] = products as [Product, Product]
    for (const activity of demoActivities(campaignId, [earbuds.id, watch.id], now)) await insertActivity(conn, activity)
    const shoppers = demoShoppers(demoShopperCount, now)
    await insertShoppersIgnoringKnown(conn, shoppers)
    const history = demoPurchaseHistory(shoppers, products, now)
    await insertPurchasesIgnoringKnown(conn, history)
    return { campaignId, shoppers: shoppers.length, purchases: history.length }
  })
}

const log = createLogger({ process: 'seed' })
const pool = createMysqlPool({ connectionLimit: 2 })
const redis = createRedis({ name: 'seed' })
try {
  await prepareCoreSchema(mysqlUrl(), pool)
  if (await anyCampaignExists(pool)) {
    log.info('demo data already present; nothing to do')
  } else {
    log.info('demo data loaded', await seedDemo(pool, new Date()))
    await syncActivityStates(pool, createActivityState(redis), log)
  }
} finally {
  await pool.end()
  redis.disconnect()
}
