/** Security headers of every analytics response (pages load scripts and styles from our origin only). */

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

export function securityHeaders(path: string): Record<string, string> {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' }
  // /docs is the OpenAPI browser (Scalar), whose script comes from its CDN
  if (!path.startsWith('/docs')) headers['content-security-policy'] = contentSecurityPolicy
  return headers
}
