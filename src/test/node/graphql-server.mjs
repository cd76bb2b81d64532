// graphql-transport-ws server for the protocol tests (graphql-ws 6 on ws): subscription ticks emits
// {seq, ts, data} every emit-every ms (seq per subscription, from 0; limit ends it with complete);
// connection_init must carry payload.token (else close 4403); no connection_init within init-timeout ms closes
// with 4408; the library pings every keep-alive ms (WebSocket ping frames) and terminates a socket whose pong is
// not back within the same time. Its own counts at GET /counts.
import { WebSocketServer } from 'ws'
import { useServer } from 'graphql-ws/use/ws'
import { GraphQLSchema, GraphQLObjectType, GraphQLString, GraphQLInt, GraphQLFloat, GraphQLNonNull } from 'graphql'
import { options, countsServer, listen, bump } from './common.mjs'

const opt = options({ port: 0, 'init-timeout': 1500, 'keep-alive': 1500, 'emit-every': 500, token: 'secret' })

const counts = {
  connections: 0, // WebSocket connections accepted
  acks: 0, // connection_init accepted (connection_ack sent)
  refused: 0, // connection_init refused (4403)
  subscriptions: 0,
  completes: 0, // subscriptions that ended: completed by the client, by the limit, or by the close
  nextSent: 0, // next messages the library produced (onNext), also those for a socket already closing
  nextWritten: 0, // next messages written to an open socket
  pingsReceived: 0, // graphql-transport-ws ping messages from clients (the library answers each with pong)
  closedByServer: {}, // the close codes the library closed links with (4403, 4408, ...), and "terminated": links
  // it cut without a close frame, which the keep-alive does to a socket whose pong is late
  closeCodes: {} // every link's close code as ws reports it (the client's own close code when the client closed)
}

const Tick = new GraphQLObjectType({
  name: 'Tick',
  fields: { seq: { type: new GraphQLNonNull(GraphQLInt) }, ts: { type: new GraphQLNonNull(GraphQLFloat) }, data: { type: GraphQLString } }
})

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'hello' } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      ticks: {
        type: Tick,
        args: { limit: { type: GraphQLInt } },
        subscribe: async function * (_, { limit }) {
          for (let seq = 0; limit == null || seq < limit; seq++) {
            await new Promise((resolve) => setTimeout(resolve, opt['emit-every']))
            yield { ticks: { seq, ts: Date.now(), data: 'tick' } }
          }
        }
      }
    }
  })
})

let wss
const http = countsServer(() => ({ ...counts, connectedNow: wss.clients.size, keepAlive: opt['keep-alive'], initTimeout: opt['init-timeout'] }))
wss = new WebSocketServer({ server: http, path: '/graphql' })

wss.on('connection', (socket) => {
  counts.connections++
  const close = socket.close.bind(socket)
  socket.close = (code, reason) => { bump(counts.closedByServer, String(code)); close(code, reason) }
  const send = socket.send.bind(socket)
  socket.send = (data, ...rest) => {
    if (socket.readyState === 1 && String(data).includes('"next"')) {
      try {
        if (JSON.parse(String(data)).type === 'next') counts.nextWritten++
      } catch { /* not JSON: not a next */ }
    }
    return send(data, ...rest)
  }
  const terminate = socket.terminate.bind(socket)
  socket.terminate = () => { bump(counts.closedByServer, 'terminated'); terminate() }
  socket.on('message', (data) => {
    try {
      if (JSON.parse(String(data)).type === 'ping') counts.pingsReceived++
    } catch { /* the library answers malformed messages itself (4400) */ }
  })
  socket.on('close', (code) => bump(counts.closeCodes, String(code)))
})

useServer({
  schema,
  connectionInitWaitTimeout: opt['init-timeout'],
  onConnect: (ctx) => {
    if (ctx.connectionParams?.token !== opt.token) {
      counts.refused++
      return false // the library closes with 4403 Forbidden
    }
    counts.acks++
    return true
  },
  onSubscribe: () => { counts.subscriptions++ },
  onNext: () => { counts.nextSent++ },
  onComplete: () => { counts.completes++ }
}, wss, opt['keep-alive'])

listen(http, opt.port, 'graphql-transport-ws at /graphql')
