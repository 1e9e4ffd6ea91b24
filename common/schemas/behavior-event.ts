/**
 * The behaviour event: the tracker sends it to /collect already normalised (the server parses
 * nothing), and the backend publishes PURCHASE events in the same shape (properties.source=backend)
 * under event ids of its own that /collect refuses, so a browser cannot pre-empt one.
 */
import { createHash } from 'node:crypto'
import { Type, type Static } from '@sinclair/typebox'
import { instant } from './formats'

export const triggerTypes = ['PAGE_VIEW', 'CLICK', 'SCROLL', 'PURCHASE', 'CUSTOM', 'IDENTIFY'] as const
export type TriggerType = (typeof triggerTypes)[number]

/** Ids beyond 2^53 do not survive JSON in JavaScript; every safe integer fits a BIGINT column. */
const id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
const propertyValue = Type.Union([Type.String({ maxLength: 1024 }), Type.Number(), Type.Boolean(), Type.Null()])

const eventIdChars = /^[A-Za-z0-9_.:-]+$/
const eventIdMaxLength = 64

/** Every backend event id starts with this, and /collect refuses event ids that do. */
export const backendEventIdPrefix = 'backend:'

/**
 * The id of the backend's event `kind` about `key` (an order id, …): one id per key, so a
 * republished event dedupes downstream. Keys that would not fit the id's length or characters are
 * hashed instead.
 */
export function backendEventId(kind: string, key: string): string {
  const id = `${backendEventIdPrefix}${kind}-${key}`
  if (id.length <= eventIdMaxLength && eventIdChars.test(id)) return id
  return `${backendEventIdPrefix}${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`
}

export const behaviorEvent = Type.Object(
  {
    eventId: Type.String({ minLength: 8, maxLength: eventIdMaxLength, pattern: eventIdChars.source }),
    triggerType: Type.Union(triggerTypes.map((t) => Type.Literal(t))),
    occurredAt: instant(),
    userId: Type.Optional(Type.Union([id, Type.Null()])),
    anonymousId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    sessionId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    pageUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
    referrer: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
    userAgent: Type.Optional(Type.Union([Type.String({ maxLength: 512 }), Type.Null()])),
    campaignId: Type.Optional(Type.Union([id, Type.Null()])),
    activityId: Type.Optional(Type.Union([id, Type.Null()])),
    // TypeBox turns a Record's key schema into patternProperties and ignores maxLength there, so the
    // key's length lives in the pattern, and additionalProperties rejects keys that do not match
    properties: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$' }), propertyValue, { maxProperties: 50, additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
)
export type BehaviorEvent = Static<typeof behaviorEvent>
