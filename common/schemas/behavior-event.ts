/**
 * The behaviour event: the tracker sends it to /collect already normalised (the server parses
 * nothing), and the backend publishes PURCHASE events in the same shape (properties.source=backend).
 */
import { Type, type Static } from '@sinclair/typebox'
import { instant } from './formats'

export const triggerTypes = ['PAGE_VIEW', 'CLICK', 'SCROLL', 'PURCHASE', 'CUSTOM', 'IDENTIFY'] as const
export type TriggerType = (typeof triggerTypes)[number]

/** Ids beyond 2^53 do not survive JSON in JavaScript; every safe integer fits a BIGINT column. */
const id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
const propertyValue = Type.Union([Type.String({ maxLength: 1024 }), Type.Number(), Type.Boolean(), Type.Null()])

export const behaviorEvent = Type.Object(
  {
    eventId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' }),
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
