/**
 * Whether this Redis holds the activity state core loaded from MySQL. Core sets the marker to
 * "restoring" before it loads the state and to "intact" once every activity is back; a Redis that
 * lost its data (flushed, restarted without persistence) has no marker. The gateway reads it only
 * when a reservation finds no activity, to tell "not loaded yet" (503) from "no such activity" (404).
 */
import type { Redis } from 'ioredis'
import { activityStateMarkerKey } from './keys'

export type StateMarker = 'intact' | 'restoring' | 'missing'

export async function readStateMarker(redis: Redis): Promise<StateMarker> {
  const value = await redis.get(activityStateMarkerKey)
  return value === 'intact' || value === 'restoring' ? value : 'missing'
}

export async function markRestoring(redis: Redis): Promise<void> {
  await redis.set(activityStateMarkerKey, 'restoring')
}

/** False when the marker vanished during the restore (Redis lost its data again): restore anew. */
export async function markIntact(redis: Redis): Promise<boolean> {
  return (await redis.set(activityStateMarkerKey, 'intact', 'XX')) === 'OK'
}
