#!/usr/bin/env python3
"""A WebSocket server written with the Python `websockets` library (Debian: python3-websockets), for the
conformance tests: a server this project did not write.

  ws_server.py                  echo server: texts and binaries back unchanged; pings answered by the library
  ws_server.py --push-every 0.7 --ping-interval 0.5 --ping-timeout 1
                                also pushes {"seq","ts","data"} every 0.7 s to each connection, answers the JSON
                                heartbeat {"type":"ping"} with {"type":"pong"} (and {"op":"ping"} with
                                {"op":"pong"}), takes {"type":"subscribe"} without an answer, and pings every
                                client itself, dropping (close 1011) those that do not answer within the timeout

Listens on 127.0.0.1, a free port; prints "listening ws://127.0.0.1:PORT/" and then, whenever a connection
closes, "closed C pings P pongs Q dropped D" (totals so far; D = connections the keepalive dropped).
"""
import argparse
import asyncio
import json
import time

import websockets

TOTALS = {"closed": 0, "pings": 0, "pongs": 0, "dropped": 0}


class CountingProtocol(websockets.WebSocketServerProtocol):
    """Counts the library's keepalive pings and the pongs that answer them."""

    async def ping(self, data=None):
        waiter = await super().ping(data)
        TOTALS["pings"] += 1
        waiter.add_done_callback(lambda f: f.cancelled() or f.exception() or TOTALS.__setitem__("pongs", TOTALS["pongs"] + 1))
        return waiter

    def fail_connection(self, code=1006, reason=""):
        if code == 1011 and "keepalive" in reason:
            TOTALS["dropped"] += 1
        super().fail_connection(code, reason)


def kind_of(message):
    """("type", value) or ("op", value) of a JSON object message, whichever it has, else (None, None)."""
    try:
        parsed = json.loads(message)
    except ValueError:
        return None, None
    if not isinstance(parsed, dict):
        return None, None
    for key in ("type", "op"):
        if key in parsed:
            return key, parsed[key]
    return None, None


def report():
    print("closed {closed} pings {pings} pongs {pongs} dropped {dropped}".format(**TOTALS), flush=True)


async def pushes(ws, every):
    seq = 0
    while True:
        await asyncio.sleep(every)
        await ws.send(json.dumps({"seq": seq, "ts": int(time.time() * 1000), "data": "tick"}, separators=(",", ":")))
        seq += 1


def handler(args):
    async def serve(ws):
        pusher = asyncio.ensure_future(pushes(ws, args.push_every)) if args.push_every > 0 else None
        try:
            async for message in ws:
                if args.push_every > 0 and isinstance(message, str):
                    key, kind = kind_of(message)
                    if kind == "ping":
                        await ws.send(json.dumps({key: "pong"}, separators=(",", ":")))
                        continue
                    if kind == "subscribe":
                        continue
                await ws.send(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            if pusher:
                pusher.cancel()
            TOTALS["closed"] += 1
            report()
    return serve


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--push-every", type=float, default=0, help="seconds between pushes; 0 = none")
    parser.add_argument("--ping-interval", type=float, default=None, help="seconds between server pings")
    parser.add_argument("--ping-timeout", type=float, default=None, help="pong deadline of a server ping")
    args = parser.parse_args()
    async with websockets.serve(handler(args), "127.0.0.1", 0, create_protocol=CountingProtocol,
                                ping_interval=args.ping_interval, ping_timeout=args.ping_timeout,
                                max_size=1 << 20) as server:
        print("listening ws://127.0.0.1:%d/" % server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
