/** Stand-in for the app's base layout until the shell's lands: a bare document around the page. */
import { html } from '../../../views/html'
import type { Layout } from './index'

export const bareLayout: Layout = ({ title, body }) =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`
