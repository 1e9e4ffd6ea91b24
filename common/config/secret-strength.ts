/**
 * Whether a shared secret is strong enough for production: long, not a placeholder left from an
 * example file (`change-me…`), and not a short pattern repeated. Random values such as
 * `./axon up` or `openssl rand -hex 16` make pass: a random 32-character hex string has fewer than
 * 8 different characters about once in 30 million, and spells one of the words about never.
 */

export const minSecretLength = 32
const minDistinctCharacters = 8
/** what example files and tutorials put where a secret goes, compared without case or punctuation */
const placeholderWords = ['changeme', 'replaceme', 'example', 'placeholder', 'secret', 'password']

/** Why `value` is too weak, or null when it is not. */
export function secretWeakness(value: string): string | null {
  if (value.length < minSecretLength) return `is ${value.length} characters long; use at least ${minSecretLength} random ones`
  const squeezed = value.toLowerCase().replace(/[^a-z0-9]/g, '')
  const word = placeholderWords.find((w) => squeezed.includes(w))
  if (word) return `looks like a placeholder (it contains "${word}"); use a random value`
  const distinct = new Set(value).size
  if (distinct < minDistinctCharacters) return `has only ${distinct} different characters; use a random value`
  return null
}
