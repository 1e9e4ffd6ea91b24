/** `./axon user add` as a person runs it, against this test run's MariaDB (MYSQL_URL is set by ./axon test). */
import { afterAll, expect, test } from 'bun:test'
import { projectRoot } from '../../common/config'
import { checkPassword } from '../../analytics/accounts/service'
import { closeTestClients, testPool } from '../../test/support/clients'

const pool = testPool(1)
afterAll(closeTestClients)

async function run(args: string[], stdin?: string) {
  const child = Bun.spawn(['./axon', 'user', ...args], { cwd: projectRoot, stdin: stdin === undefined ? 'ignore' : new Blob([stdin]), stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  return { out, err, code }
}

test('adds an account with a generated password, printed once, that logs in', async () => {
  const email = `new-${crypto.randomUUID().slice(0, 8)}@shop.test`
  const { out, code } = await run(['add', email, '--role', 'analyst'])
  expect(code).toBe(0)
  const password = out.trim().split('\n').at(-1)!
  expect(password.length).toBeGreaterThanOrEqual(20)
  expect(await checkPassword(pool, email, password)).toMatchObject({ email, role: 'analyst' })
}, 60_000)

test('takes a piped password, and refuses a second account for the same email or a bad role', async () => {
  const email = `piped-${crypto.randomUUID().slice(0, 8)}@shop.test`
  const first = await run(['add', email, '--role', 'admin'], 'correct horse battery staple\n')
  expect([first.code, first.out]).toEqual([0, `added ${email} (admin, all campaigns)\n`])
  expect(await checkPassword(pool, email, 'correct horse battery staple')).toMatchObject({ role: 'admin' })
  const again = await run(['add', email, '--role', 'admin'], 'another long password\n')
  expect(again.code).toBe(1)
  expect(again.err).toContain(`an account for ${email} exists already`)
  expect((await run(['add', email, '--role', 'owner'])).code).toBe(2)
}, 60_000)

test('--campaigns 1,2 makes an account that sees those campaigns only; a bad list is refused', async () => {
  const email = `scoped-${crypto.randomUUID().slice(0, 8)}@shop.test`
  const added = await run(['add', email, '--role', 'analyst', '--campaigns', '1,2'], 'a long enough password\n')
  expect([added.code, added.out]).toEqual([0, `added ${email} (analyst, campaigns 1, 2)\n`])
  expect(await checkPassword(pool, email, 'a long enough password')).toMatchObject({ role: 'analyst', campaignIds: [1, 2] })
  const bad = await run(['add', `x-${email}`, '--role', 'analyst', '--campaigns', 'one'])
  expect([bad.code, bad.err.includes('--campaigns takes campaign ids')]).toEqual([2, true])
}, 60_000)

test('disable, enable and scope change an account and say so; list shows them; the last admin and unknown emails are refused', async () => {
  const email = `managed-${crypto.randomUUID().slice(0, 8)}@shop.test`
  expect((await run(['add', email, '--role', 'analyst'], 'a long enough password\n')).code).toBe(0)
  const disabled = await run(['disable', email])
  expect([disabled.code, disabled.out]).toEqual([0, `disabled ${email}: it cannot sign in, and its open sessions end within seconds\n`])
  expect(await checkPassword(pool, email, 'a long enough password')).toBeNull()
  expect((await run(['list'])).out).toContain(`${email}\tanalyst\tall campaigns\tdisabled`)
  expect((await run(['enable', email])).code).toBe(0)
  expect(await checkPassword(pool, email, 'a long enough password')).toMatchObject({ email })
  const scoped = await run(['scope', email, '--campaigns', '3,4'])
  expect([scoped.code, scoped.out]).toEqual([0, `${email} now sees campaigns 3, 4, its open sessions within seconds\n`])
  expect(await checkPassword(pool, email, 'a long enough password')).toMatchObject({ campaignIds: [3, 4] })
  expect((await run(['list'])).out).toContain(`${email}\tanalyst\tcampaigns 3, 4\tenabled`)
  const unknown = await run(['disable', `nobody-${email}`])
  expect([unknown.code, unknown.err.includes(`there is no account for nobody-${email}`)]).toEqual([1, true])
  for (const bad of [['disable'], ['scope', email, '--campaigns', 'x'], ['scope', email, '--campaigns', '0,2'], ['scope', email], ['list', 'extra'], ['remove', email]]) expect((await run(bad)).code).toBe(2)
}, 60_000)
