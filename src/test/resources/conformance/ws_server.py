#!/usr/bin/env python3
"""A WebSocket server written with the Python `websockets` library (Debian: python3-websockets), for the
conformance tests: a server this project did not write.

  ws_server.py                  echo server: texts and binaries back unchanged; pings answered by the library
  ws_server.py --push-every 0.7 --ping-interval 0.5 --ping-timeout 1
                                also pushes {"seq","ts","data"} every 0.7 s to each connection, answers the JSON
                                heartbeat {"type":"ping"} with {"type":"pong"} (and {"op":"ping"} with
                                {"op":"pong"}), takes {"type":"subscribe"} without an answer, and pings every
                                client itself, dropping (close 1011) those that do not answer within the timeout
  ws_server.py ... --close-after 2
                                also closes every connection (1001) 2 s after it opened

Listens on 127.0.0.1, a free port; prints "listening ws://127.0.0.1:PORT/" and then, whenever a connection
opens, subscribes or closes, "accepted A subscribes S open O maxopen M closed C pings P pongs Q dropped D"
(totals so far; O = open now, M = most open at once, D = connections the keepalive dropped).
"""
import argparse
import asyncio
import json
import time

import websockets

TOTALS = {"accepted": 0, "subscribes": 0, "open": 0, "maxopen": 0, "closed": 0, "pings": 0, "pongs": 0,
          "dropped": 0}


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
    print("accepted {accepted} subscribes {subscribes} open {open} maxopen {maxopen} closed {closed} pings {pings}"
          " pongs {pongs} dropped {dropped}".format(**TOTALS), flush=True)


async def close_after(ws, seconds):
    await asyncio.sleep(seconds)
    await ws.close(1001, "rotating connections")


async def pushes(ws, every):
    seq = 0
    while True:
        await asyncio.sleep(every)
        await ws.send(json.dumps({"seq": seq, "ts": int(time.time() * 1000), "data": "tick"}, separators=(",", ":")))
        seq += 1


def handler(args):
    async def serve(ws):
        TOTALS["accepted"] += 1
        TOTALS["open"] += 1
        TOTALS["maxopen"] = max(TOTALS["maxopen"], TOTALS["open"])
        report()
        pusher = asyncio.ensure_future(pushes(ws, args.push_every)) if args.push_every > 0 else None
        closer = asyncio.ensure_future(close_after(ws, args.close_after)) if args.close_after > 0 else None
        try:
            async for message in ws:
                if args.push_every > 0 and isinstance(message, str):
                    key, kind = kind_of(message)
                    if kind == "ping":
                        await ws.send(json.dumps({key: "pong"}, separators=(",", ":")))
                        continue
                    if kind == "subscribe":
                        TOTALS["subscribes"] += 1
                        report()
                        continue
                await ws.send(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            for task in (pusher, closer):
                if task:
                    task.cancel()
            TOTALS["open"] -= 1
            TOTALS["closed"] += 1
            report()
    return serve


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--push-every", type=float, default=0, help="seconds between pushes; 0 = none")
    parser.add_argument("--ping-interval", type=float, default=None, help="seconds between server pings")
    parser.add_argument("--ping-timeout", type=float, default=None, help="pong deadline of a server ping")
    parser.add_argument("--close-after", type=float, default=0, help="close each connection (1001) after this long")
    args = parser.parse_args()
    async with websockets.serve(handler(args), "127.0.0.1", 0, create_protocol=CountingProtocol,
                                ping_interval=args.ping_interval, ping_timeout=args.ping_timeout,
                                max_size=1 << 20) as server:
        print("listening ws://127.0.0.1:%d/" % server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
