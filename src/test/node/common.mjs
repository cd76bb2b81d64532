// What the three reference servers share: their command-line options, the GET /counts endpoint that hands a test
// the server's own counts as JSON, and the "listening" line the test harness waits for.
import { createServer } from 'node:http'

/** --name value pairs into an object of numbers and strings, over the given defaults; unknown options end the process. */
export function options (defaults) {
  const args = process.argv.slice(2)
  const out = { ...defaults }
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, '')
    if (!(name in defaults) || i + 1 >= args.length) {
      console.error(`unknown option or missing value: ${args[i]}; options: ${Object.keys(defaults).map(k => '--' + k).join(' ')}`)
      process.exit(2)
    }
    out[name] = typeof defaults[name] === 'number' ? Number(args[i + 1]) : args[i + 1]
  }
  return out
}

/** An HTTP server on 127.0.0.1 answering GET /counts with counts(); everything else is the WebSocket side's. */
export function countsServer (counts) {
  return createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/counts') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(counts()))
    } else if (!res.headersSent && !req.url.startsWith('/socket.io/')) {
      res.writeHead(404)
      res.end()
    }
  })
}

/** Listens on 127.0.0.1:port (0: a free one) and prints the line the harness reads. */
export function listen (server, port, what) {
  server.listen(port, '127.0.0.1', () => {
    console.log(`listening http://127.0.0.1:${server.address().port} ${what}`)
  })
  // The harness ends the server with SIGTERM; exit without waiting for open connections.
  process.on('SIGTERM', () => process.exit(0))
}

/** Adds one to counter[key]. */
export function bump (counter, key, by = 1) {
  counter[key] = (counter[key] || 0) + by
}
