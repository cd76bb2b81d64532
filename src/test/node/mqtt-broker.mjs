// MQTT broker for the protocol tests: aedes over ws (MQTT 3.1.1 in binary WebSocket frames, subprotocol "mqtt", at
// /mqtt). A publisher inside it publishes {"seq","ts","data"} to topic every publish-every ms at qos (0 or 1);
// user/password, when set, are checked (a refusal is CONNACK 0x04). Its own counts at GET /counts.
import { Aedes } from 'aedes'
import { WebSocketServer, createWebSocketStream } from 'ws'
import { options, countsServer, listen, bump } from './common.mjs'

const opt = options({ port: 0, topic: 'ticks', qos: 1, 'publish-every': 500, user: '', password: '' })

const counts = {
  connects: 0, // clients whose CONNECT was accepted
  refused: 0, // CONNECT refused by authenticate
  keepaliveTimeouts: 0, // clients the broker dropped for silence beyond 1.5 x keepAlive
  clientErrors: {}, // other client errors, by message
  disconnects: { disconnectPacket: 0, keepaliveTimeout: 0, error: 0, connectionClosed: 0 },
  pingreqs: 0,
  subscribes: 0,
  published: 0, // messages the publisher published
  deliveredTotal: 0, // PUBLISH packets forwarded to subscribers
  deliveredByClient: {},
  pubacksFromClients: 0,
  publishedByClients: 0 // PUBLISH packets clients sent (QoS 1 ones are answered with PUBACK)
}

const broker = await Aedes.createBroker()
const cause = new Map() // client id -> why it is going away

broker.authenticate = (client, username, password, done) => {
  if (!opt.user || (username === opt.user && String(password) === opt.password)) return done(null, true)
  counts.refused++
  const err = new Error('bad user name or password')
  err.returnCode = 4
  done(err, false)
}
broker.authorizeForward = (client, packet) => {
  if (!packet.topic.startsWith('$SYS')) {
    counts.deliveredTotal++
    bump(counts.deliveredByClient, client.id)
  }
  return packet
}
broker.on('client', () => counts.connects++)
broker.on('keepaliveTimeout', (client) => { counts.keepaliveTimeouts++; cause.set(client.id, 'keepaliveTimeout') })
broker.on('clientError', (client, err) => {
  if (!cause.has(client.id)) cause.set(client.id, 'error')
  bump(counts.clientErrors, err.message)
})
broker.on('ping', () => counts.pingreqs++)
broker.on('publish', (packet, client) => { if (client) counts.publishedByClients++ })
broker.on('subscribe', () => counts.subscribes++)
broker.on('ack', () => counts.pubacksFromClients++) // one per PUBACK a client sent
broker.on('clientDisconnect', (client) => {
  const why = cause.get(client.id) || (client._disconnected ? 'disconnectPacket' : 'connectionClosed')
  cause.delete(client.id)
  counts.disconnects[why]++
})
broker.on('connectionError', (client, err) => bump(counts.clientErrors, err.message))

const http = countsServer(() => ({ ...counts, connectedNow: broker.connectedClients, qos: opt.qos, topic: opt.topic }))
const wss = new WebSocketServer({ server: http, path: '/mqtt', handleProtocols: (protocols) => protocols.has('mqtt') ? 'mqtt' : false })
wss.on('connection', (websocket, req) => broker.handle(createWebSocketStream(websocket), req))

let seq = 0
setInterval(() => {
  const payload = Buffer.from(JSON.stringify({ seq: seq++, ts: Date.now(), data: 'tick' }))
  broker.publish({ cmd: 'publish', topic: opt.topic, payload, qos: opt.qos, retain: false, dup: false }, () => {})
  counts.published++
}, opt['publish-every'])

listen(http, opt.port, 'mqtt over ws at /mqtt')
