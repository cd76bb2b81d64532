// A WebSocket server whose capacity is known, built on the `ws` library (not on this project's code):
//
//   node knee-server.js --knee K --cap H [--port 0] [--delay-ms 300] [--delay-step-ms 10]
//
// Up to K open connections it answers every ping with its pong at once. Above K each pong (and each echo)
// waits delay-ms + delay-step-ms for every connection above K: the more connections, the later. Upgrades
// beyond H open connections get 503. So with a heartbeat SLO tighter than delay-ms, the last good level
// is exactly K connections. Pings are answered by this code, not by the library (autoPong: false).
//
// It prints "listening ws://127.0.0.1:PORT/" once ready, then once a second while anything changed:
// "open N peak P accepted A refused R pings I pongs O".
'use strict';

const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

function option(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  if (i < 0) {
    return fallback;
  }
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number >= 0, got '${process.argv[i + 1]}'`);
    process.exit(2);
  }
  return value;
}

const knee = option('knee', undefined);
const cap = option('cap', undefined);
if (knee === undefined || cap === undefined || cap < knee) {
  console.error('usage: node knee-server.js --knee K --cap H (H >= K) [--port 0] [--delay-ms 300] [--delay-step-ms 10]');
  process.exit(2);
}
const port = option('port', 0);
const delayMs = option('delay-ms', 300);
const delayStepMs = option('delay-step-ms', 10);

const counts = { open: 0, peak: 0, accepted: 0, refused: 0, pings: 0, pongs: 0 };
let upgrading = 0;
let changed = false;

/** How late an answer goes out with this many connections open. */
function delayFor(open) {
  return open > knee ? delayMs + delayStepMs * (open - knee) : 0;
}

function answerLater(ws, send) {
  const delay = delayFor(counts.open);
  const answer = () => {
    if (ws.readyState === WebSocket.OPEN) {
      send();
    }
  };
  if (delay === 0) {
    answer();
  } else {
    setTimeout(answer, delay);
  }
}

const wss = new WebSocketServer({ noServer: true, autoPong: false });
const server = http.createServer((req, res) => {
  res.writeHead(426, { 'Content-Type': 'text/plain' });
  res.end('WebSocket only\n');
});

server.on('upgrade', (req, socket, head) => {
  changed = true;
  if (counts.open + upgrading >= cap) {
    counts.refused++;
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  upgrading++;
  wss.handleUpgrade(req, socket, head, (ws) => {
    upgrading--;
    counts.open++;
    counts.accepted++;
    counts.peak = Math.max(counts.peak, counts.open);
    ws.on('ping', (data) => {
      counts.pings++;
      changed = true;
      answerLater(ws, () => {
        counts.pongs++;
        ws.pong(data);
      });
    });
    ws.on('message', (data, isBinary) => answerLater(ws, () => ws.send(data, { binary: isBinary })));
    ws.on('close', () => {
      counts.open--;
      changed = true;
    });
    ws.on('error', () => {});
  });
  socket.on('error', () => {});
});

function status() {
  const c = counts;
  return `open ${c.open} peak ${c.peak} accepted ${c.accepted} refused ${c.refused} pings ${c.pings} pongs ${c.pongs}`;
}

setInterval(() => {
  if (changed) {
    changed = false;
    console.log(status());
  }
}, 1000).unref();

function stop() {
  console.log(status());
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

server.listen(port, '127.0.0.1', 8192, () => {
  console.log(`listening ws://127.0.0.1:${server.address().port}/ knee ${knee} cap ${cap}`);
});
