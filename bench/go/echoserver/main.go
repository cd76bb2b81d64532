// Command echoserver is a plain gorilla/websocket echo server: every text or binary message is sent
// back as it came, pings are answered by gorilla's default handler. It is the neutral server that the
// benchmarks point both clients at.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 1024,
	CheckOrigin:     func(*http.Request) bool { return true }, // load clients send no Origin
}

func echo(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has already answered with an HTTP error
	}
	defer conn.Close()
	for {
		kind, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		if err := conn.WriteMessage(kind, msg); err != nil {
			return
		}
	}
}

func main() {
	addrs := flag.String("listen", "127.0.0.1:0", "comma-separated host:port to listen on (port 0: any free port)")
	flag.Parse()
	http.HandleFunc("/echo", echo)
	list := strings.Split(*addrs, ",")
	errs := make(chan error, len(list))
	for _, a := range list {
		l, err := net.Listen("tcp", a) // bound before "listening" is printed: scripts wait for that line
		if err != nil {
			log.Fatal(err)
		}
		go func() { errs <- http.Serve(l, nil) }()
		fmt.Printf("listening on ws://%s/echo\n", l.Addr())
	}
	log.Fatal(<-errs)
}
