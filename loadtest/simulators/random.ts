/**
 * Seeded randomness for the simulators: the same `--seed` makes the same plan (who browses, who
 * clicks, who pays), so a run can be repeated. Math.random cannot be seeded; mulberry32 can.
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number
  /** true with probability `p` */
  chance(p: number): boolean
  /** a whole number in [min, max] */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** a new generator derived from this one's seed and `label`, so adding draws elsewhere does not shift it */
  fork(label: string): Random
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    fork: (label) => seededRandom(seed ^ hash(label)),
  }
}

function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}
