/** Composition root of the gateway: shopper-facing HTTP on its port. */
import { Elysia } from 'elysia'
import { config } from '../common/config'
import { errorHandling } from '../common/http/errors'
import { createLogger } from '../common/log'
import { shutdownOnSignals } from '../common/lifecycle'

const log = createLogger({ process: 'gateway' })
const lifecycle = shutdownOnSignals(log)

const app = new Elysia().use(errorHandling(log)).get('/health', () => ({ status: 'ok' })).listen(config.gatewayPort)
lifecycle.add('http', () => app.stop())
log.info('gateway listening', { url: `http://localhost:${config.gatewayPort}` })
