/** Composition root of core: the admin JSON API on its port. */
import { Elysia } from 'elysia'
import { config } from '../common/config'
import { errorHandling } from '../common/http/errors'
import { createLogger } from '../common/log'
import { shutdownOnSignals } from '../common/lifecycle'

const log = createLogger({ process: 'core' })
const lifecycle = shutdownOnSignals(log)

const app = new Elysia().use(errorHandling(log)).get('/health', () => ({ status: 'ok' })).listen(config.corePort)
lifecycle.add('http', () => app.stop())
log.info('core listening', { url: `http://localhost:${config.corePort}` })
