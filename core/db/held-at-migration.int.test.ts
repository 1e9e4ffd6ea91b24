/**
 * Migration 0006 on a database an older core kept beside an upgraded gateway: the ends it recorded
 * without held_at get the time from their tokens and count as approved; rows of other tokens
 * (issued before tokens carried the time) are left as they were.
 */
import { afterAll, expect, test } from 'bun:test'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMysqlPool, mysqlUrl, type RowDataPacket } from '../../common/clients/mysql'
import { migrate } from '../../common/db/migrate'
import { reservationToken } from '../../common/redis/keys'
import { recreateDatabase, withDatabase } from '../../infra/local/database'
import { requireTestServers } from '../../test/support/clients'
import { coreMigrations } from './schema'

requireTestServers()
const url = withDatabase(mysqlUrl(), 'axon_test_held_at_upgrade')
await recreateDatabase(url)
const pool = createMysqlPool({ url, connectionLimit: 2 })
const before0006 = mkdtempSync(join(tmpdir(), 'axon-core-0005-'))
for (const file of readdirSync(coreMigrations.dir).filter((f) => f < '0006')) cpSync(join(coreMigrations.dir, file), join(before0006, file))
afterAll(async () => {
  await pool.query('DROP DATABASE axon_test_held_at_upgrade')
  await pool.end()
  rmSync(before0006, { recursive: true })
})

test('0006 fills held_at from the tokens that carry it, and the approved total counts them', async () => {
  await migrate(pool, [{ scope: 'core', dir: before0006 }])
  const takenAt = Date.parse('2026-12-03T09:41:07.123Z')
  const fresh = [reservationToken(7, takenAt), reservationToken(7, takenAt + 1)]
  const legacy = '7.AbCdEfGhIjKlMnOpQrStUv' // 22 random characters: no time in it
  const insert = 'INSERT INTO reservations (token, campaign_activity_id, user_id, held_at, status, ended_at) VALUES (?, 7, ?, ?, ?, ?)'
  await pool.query(insert, [fresh[0], 1, null, 'CANCELLED', new Date(takenAt + 5000)])
  await pool.query(insert, [fresh[1], 2, new Date('2026-01-01T00:00:00Z'), 'EXPIRED', new Date(takenAt + 5000)]) // moved: kept
  await pool.query(insert, [legacy, 3, null, 'EXPIRED', new Date(takenAt + 5000)])

  await migrate(pool, [coreMigrations])
  const [rows] = await pool.query<RowDataPacket[]>('SELECT token, held_at FROM reservations ORDER BY user_id')
  expect(rows.map((r) => [r.token, r.held_at])).toEqual([
    [fresh[0], new Date(takenAt)],
    [fresh[1], new Date('2026-01-01T00:00:00Z')],
    [legacy, null],
  ])
  const [[totals]] = (await pool.query<RowDataPacket[]>('SELECT approved, participants FROM activity_totals WHERE campaign_activity_id = 7')) as unknown as [RowDataPacket[]]
  expect({ approved: Number(totals!.approved), participants: Number(totals!.participants) }).toEqual({ approved: 2, participants: 2 })
})
