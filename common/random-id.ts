/** 128 random bits, base64url: a reservation token or an order id that cannot be guessed. */
export function randomId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url')
}
