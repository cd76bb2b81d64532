// Socket.IO 4.8 server for the protocol tests: namespaces "/" and "/chat", each behind a middleware that checks
// auth.token (a refusal reaches the client as 44{"message":"unauthorized",...}); "subscribe" starts pushes of
// {"seq","ts","data"} every push-every ms to that socket (seq per socket, from 0); "echo" is acked with its data.
// Its own counts at GET /counts.
import { Server } from 'socket.io'
import { options, countsServer, listen, bump } from './common.mjs'

const opt = options({
  port: 0,
  'ping-interval': 1500,
  'ping-timeout': 1000,
  'connect-timeout': 3000,
  'push-every': 500,
  token: 'secret'
})

const counts = {
  namespaceConnects: 0, // sockets that joined a namespace (the server's "connection" event)
  refusedByMiddleware: 0, // 44 answers
  disconnectsByReason: {}, // socket.io's own reason strings: "ping timeout", "transport close", ...
  engineCloseReasons: {}, // the Engine.IO connection's close reasons, joined or not
  subscribes: 0,
  echoes: 0,
  pushesTotal: 0,
  pushesBySocket: {}
}

const http = countsServer(() => ({
  ...counts,
  engineClientsNow: io.engine.clientsCount, // Engine.IO sessions open now, joined to a namespace or not
  socketsNow: [...io._nsps.values()].reduce((n, nsp) => n + nsp.sockets.size, 0),
  socketsNowByNamespace: Object.fromEntries([...io._nsps.entries()].map(([name, nsp]) => [name, nsp.sockets.size])),
  pingInterval: opt['ping-interval'],
  pingTimeout: opt['ping-timeout']
}))

const io = new Server(http, {
  pingInterval: opt['ping-interval'],
  pingTimeout: opt['ping-timeout'],
  connectTimeout: opt['connect-timeout'],
  transports: ['websocket', 'polling']
})

io.engine.on('connection', (raw) => {
  raw.on('close', (reason) => bump(counts.engineCloseReasons, reason))
})

for (const name of ['/', '/chat']) {
  const nsp = io.of(name)
  nsp.use((socket, next) => {
    if (socket.handshake.auth?.token === opt.token) {
      return next()
    }
    counts.refusedByMiddleware++
    const err = new Error('unauthorized')
    err.data = { reason: 'auth.token missing or wrong' }
    next(err)
  })
  nsp.on('connection', (socket) => {
    counts.namespaceConnects++
    let timer = null
    socket.on('subscribe', (data, ack) => {
      counts.subscribes++
      if (!timer) {
        let seq = 0
        timer = setInterval(() => {
          socket.emit('push', { seq: seq++, ts: Date.now(), data: 'tick' })
          counts.pushesTotal++
          bump(counts.pushesBySocket, socket.id)
        }, opt['push-every'])
      }
      if (typeof ack === 'function') ack({ subscribed: true })
    })
    socket.on('echo', (data, ack) => {
      counts.echoes++
      if (typeof ack === 'function') ack(data)
    })
    socket.on('disconnect', (reason) => {
      if (timer) clearInterval(timer)
      bump(counts.disconnectsByReason, reason)
    })
  })
}

listen(http, opt.port, 'socket.io')
