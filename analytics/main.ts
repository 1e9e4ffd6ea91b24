/** Composition root of analytics: the marketer's app on its port. */
import { Elysia } from 'elysia'
import { config } from '../common/config'
import { errorHandling } from '../common/http/errors'
import { createLogger } from '../common/log'
import { shutdownOnSignals } from '../common/lifecycle'

const log = createLogger({ process: 'analytics' })
const lifecycle = shutdownOnSignals(log)

const app = new Elysia().use(errorHandling(log)).get('/health', () => ({ status: 'ok' })).listen(config.analyticsPort)
lifecycle.add('http', () => app.stop())
log.info('analytics listening', { url: `http://localhost:${config.analyticsPort}` })
