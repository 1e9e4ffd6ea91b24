/** `bytes` random bytes (128 bits unless told), base64url: a reservation token or an order id that cannot be guessed. */
export function randomId(bytes = 16): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url')
}
