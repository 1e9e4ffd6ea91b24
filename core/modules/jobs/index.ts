/** Admin route of core's scheduled jobs (job_runs). */
import { Elysia } from 'elysia'
import { listJobs, type JobDeps } from './service'

export function jobRoutes(deps: JobDeps) {
  return new Elysia({ prefix: '/api/v1/admin/jobs' }).get('/', () => listJobs(deps))
}
