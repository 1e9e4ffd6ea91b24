/**
 * Marketer sessions: a random id in Redis (`session:<id>` → account and CSRF token, sliding TTL)
 * and a cookie `axon_session=<id>.<HMAC-SHA256(id)>` signed with AXON_SESSION_SECRET, so a
 * forged or altered id is refused before Redis is asked.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Redis } from '../../common/clients/redis'
import { config } from '../../common/config'
import { sessionKey } from '../../common/redis/keys'
import type { CampaignScope, Role, SignedInAccount } from '../accounts/model'

export const sessionCookie = 'axon_session'

export interface Session {
  id: string
  account: SignedInAccount
  csrfToken: string
}

interface StoredSession {
  accountId: number
  email: string
  role: Role
  /** absent in sessions started before campaign scopes existed, when every account saw every campaign */
  campaignIds?: CampaignScope
  csrf: string
}

// development and tests without a configured secret: sessions last as long as this process
// (production refuses an empty AXON_SESSION_SECRET at start)
const secret = config.sessionSecret || randomBytes(32).toString('hex')
const ttlSeconds = Math.round(config.sessionHours * 3600)

function signature(id: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url')
}

function signedValue(id: string): string {
  return `${id}.${signature(id)}`
}

/** The session id a cookie value carries when its signature holds. */
function verifiedId(value: string): string | null {
  const dot = value.lastIndexOf('.')
  if (dot <= 0) return null
  const id = value.slice(0, dot)
  const given = Buffer.from(value.slice(dot + 1))
  const expected = Buffer.from(signature(id))
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null
}

export function cookieValue(request: Request, name: string): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** `Set-Cookie` for a session: HttpOnly, SameSite=Lax, Secure in production; no id clears it. */
export function sessionSetCookie(id: string | null): string {
  const flags = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(config.env === 'production' ? ['Secure'] : [])]
  if (id === null) return [`${sessionCookie}=`, 'Max-Age=0', ...flags].join('; ')
  return [`${sessionCookie}=${signedValue(id)}`, `Max-Age=${ttlSeconds}`, ...flags].join('; ')
}

/**
 * `currentAccount`: the account as it is now (null once disabled or gone). With it a session acts
 * as its account is, not as it was at sign-in: a disabled account's sessions end, a new role or
 * campaign list applies. Without it (a module mounted alone) the session is read as stored.
 */
export function sessionStore(redis: Redis, currentAccount?: (id: number) => Promise<SignedInAccount | null>) {
  return {
    async create(account: SignedInAccount): Promise<Session> {
      const id = randomBytes(32).toString('base64url')
      const csrfToken = randomBytes(32).toString('base64url')
      const stored: StoredSession = { accountId: account.id, email: account.email, role: account.role, campaignIds: account.campaignIds, csrf: csrfToken }
      await redis.set(sessionKey(id), JSON.stringify(stored), 'EX', ttlSeconds)
      return { id, account, csrfToken }
    },

    /**
     * The request's session, its TTL started again (sliding); null without a valid one. `slide:
     * false` only reads it: an open live stream checking its viewer does not keep an idle session alive.
     */
    async fromRequest(request: Request, { slide = true }: { slide?: boolean } = {}): Promise<Session | null> {
      const value = cookieValue(request, sessionCookie)
      const id = value && verifiedId(value)
      if (!id) return null
      const text = slide ? await redis.getex(sessionKey(id), 'EX', ttlSeconds) : await redis.get(sessionKey(id))
      if (!text) return null
      const stored = JSON.parse(text) as StoredSession
      if (!currentAccount) return { id, account: { id: stored.accountId, email: stored.email, role: stored.role, campaignIds: stored.campaignIds ?? 'all' }, csrfToken: stored.csrf }
      const account = await currentAccount(stored.accountId)
      if (!account) {
        await redis.del(sessionKey(id))
        return null
      }
      return { id, account, csrfToken: stored.csrf }
    },

    async destroy(id: string): Promise<void> {
      await redis.del(sessionKey(id))
    },
  }
}

export type SessionStore = ReturnType<typeof sessionStore>
