// Command client is the classic hand-written WebSocket load client that ws-loadtest is compared with:
// one goroutine per connection (gorilla's dialer, then a read loop), a ping control frame every interval
// from a timer, every connection held until the same moment, then closed. It prints key=value lines:
// connections, failed, connect latency percentiles, pings, pongs, missed.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

var (
	urls      = flag.String("url", "ws://127.0.0.1:19101/echo", "comma-separated ws:// URLs, used in turn")
	users     = flag.Int("n", 2000, "connections to open")
	rate      = flag.Float64("rate", 1600, "connections opened per second")
	interval  = flag.Duration("ping", 5*time.Second, "ping every")
	timeout   = flag.Duration("timeout", 2*time.Second, "a pong later than this is a miss")
	hold      = flag.Duration("hold", 15*time.Second, "how long all connections stay open after the last was opened")
	handshake = flag.Duration("handshake-timeout", 10*time.Second, "TCP connect + upgrade deadline")
)

var (
	connected, failed, pings, pongs, missed, drops atomic.Int64
	lastConnected                                  atomic.Int64 // unix nanos of the latest connect
	latMu                                          sync.Mutex
	latencies                                      []time.Duration
)

// conn is one user's connection and its heartbeat state (the pong handler runs on the read goroutine,
// the pinger on a timer goroutine).
type conn struct {
	ws      *websocket.Conn
	mu      sync.Mutex
	seq     int
	sentAt  time.Time
	pending bool
}

func (c *conn) ping(end time.Time) {
	c.mu.Lock()
	if c.pending {
		missed.Add(1) // the previous ping got no pong within a whole interval
	}
	c.seq++
	c.sentAt, c.pending = time.Now(), true
	payload := strconv.Itoa(c.seq)
	c.mu.Unlock()
	if err := c.ws.WriteControl(websocket.PingMessage, []byte(payload), time.Now().Add(*timeout)); err != nil {
		return // the read loop sees the broken link
	}
	pings.Add(1)
	if next := time.Now().Add(*interval); next.Before(end) {
		time.AfterFunc(*interval, func() { c.ping(end) })
	}
}

func (c *conn) pong(payload string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending && payload == strconv.Itoa(c.seq) {
		c.pending = false
		if time.Since(c.sentAt) > *timeout {
			missed.Add(1)
		} else {
			pongs.Add(1)
		}
	}
	return nil
}

func user(url string, end time.Time, done *sync.WaitGroup) {
	defer done.Done()
	dialer := websocket.Dialer{HandshakeTimeout: *handshake}
	start := time.Now()
	ws, _, err := dialer.Dial(url, nil)
	if err != nil {
		failed.Add(1)
		return
	}
	latMu.Lock()
	latencies = append(latencies, time.Since(start))
	latMu.Unlock()
	connected.Add(1)
	lastConnected.Store(time.Now().UnixNano())
	c := &conn{ws: ws}
	ws.SetPongHandler(c.pong)
	time.AfterFunc(*interval, func() { c.ping(end) })
	closing := time.AfterFunc(time.Until(end), func() {
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""),
			time.Now().Add(time.Second))
	})
	defer closing.Stop()
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure) || time.Now().Before(end) {
				drops.Add(1)
			}
			break
		}
	}
	ws.Close()
	c.mu.Lock()
	if c.pending && time.Since(c.sentAt) > *timeout {
		missed.Add(1)
	}
	c.mu.Unlock()
}

func percentile(sorted []time.Duration, p float64) int64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i].Milliseconds()
}

func main() {
	flag.Parse()
	targets := strings.Split(*urls, ",")
	began := time.Now()
	step := time.Duration(float64(time.Second) / *rate)
	end := began.Add(time.Duration(*users) * step).Add(*hold)
	// A load client must never outlive its run.
	time.AfterFunc(time.Until(end)+*handshake+10*time.Second, func() {
		fmt.Fprintln(os.Stderr, "wall-clock limit reached")
		os.Exit(3)
	})
	var done sync.WaitGroup
	for i := 0; i < *users; i++ {
		time.Sleep(time.Until(began.Add(time.Duration(i) * step)))
		done.Add(1)
		go user(targets[i%len(targets)], end, &done)
	}
	done.Wait()
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	fmt.Printf("connections=%d\nfailed=%d\nconnect_p50_ms=%d\nconnect_p99_ms=%d\npings=%d\npongs=%d\nmissed=%d\ndrops=%d\nopen_all_s=%.1f\nwall_s=%.1f\n",
		connected.Load(), failed.Load(), percentile(latencies, 50), percentile(latencies, 99),
		pings.Load(), pongs.Load(), missed.Load(), drops.Load(),
		time.Duration(lastConnected.Load()-began.UnixNano()).Seconds(), time.Since(began).Seconds())
	if failed.Load() > 0 || missed.Load() > 0 || drops.Load() > 0 {
		os.Exit(1)
	}
}
