/**
 * A small storefront for the browser tests: product pages carrying the documented snippet
 * (tracker/snippet.html, pointed at the collector's axon.js), a tracked button and a page long
 * enough to scroll; /bye is a page without the tracker, to leave to.
 * `?snippet-attributes=…` adds attributes to the script tag (e.g. data-require-consent).
 */
const snippet = await Bun.file(`${import.meta.dir}/../snippet.html`).text()

const productPage = (scriptUrl: string, extraAttributes: string) => `<!doctype html>
<html>
<head>
<title>Product</title>
${snippet.replace('https://gateway.example.com/axon.js', scriptUrl).replace('data-activity-id="789"', `data-activity-id="789" ${extraAttributes}`)}
<script>axon('track', 'queued_before_load', { early: true })</script>
</head>
<body>
<h1>Winter coat</h1>
<button id="add" data-axon-track="add-to-cart" data-axon-product-id="456" data-axon-variant="red"><span>Add to cart</span></button>
<button id="plain">Not tracked</button>
<div style="height: 4000px"></div>
<footer>end of page</footer>
</body>
</html>`

/** `scriptUrl` is asked per page: the gateway's address is known only after the storefront's. */
export function startStorefront(scriptUrl: () => string) {
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch(req) {
      const url = new URL(req.url)
      const html =
        url.pathname == '/bye'
          ? '<!doctype html><title>Bye</title><p>A page without the tracker.</p>'
          : productPage(scriptUrl(), url.searchParams.get('snippet-attributes') ?? '')
      return new Response(html, { headers: { 'content-type': 'text/html' } })
    },
  })
  return { origin: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) }
}
