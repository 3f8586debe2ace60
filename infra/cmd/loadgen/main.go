// Command loadgen sends requests at a fixed rate to the local API and
// reports latency percentiles and throughput. It refuses any target that is
// not on the loopback interface, and stops by itself after -duration.
//
//	go run ./infra/cmd/loadgen -rate 100 -duration 20s http://127.0.0.1:3000/documents/ID ...
//
// With several URLs, requests go round-robin.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"time"
)

func main() {
	rate := flag.Int("rate", 100, "requests per second")
	duration := flag.Duration("duration", 20*time.Second, "how long to send (at most 5m)")
	flag.Parse()
	if flag.NArg() == 0 || *rate <= 0 || *rate > 5000 || *duration <= 0 || *duration > 5*time.Minute {
		fmt.Fprintln(os.Stderr, "usage: loadgen [-rate N≤5000] [-duration D≤5m] URL...")
		os.Exit(2)
	}
	for _, raw := range flag.Args() {
		u, err := url.Parse(raw)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(2)
		}
		ip := net.ParseIP(u.Hostname())
		if u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			fmt.Fprintf(os.Stderr, "loadgen: %s is not a loopback address\n", u.Host)
			os.Exit(2)
		}
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	var mu sync.Mutex
	var lat []time.Duration
	errs, non2xx := 0, 0
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / time.Duration(*rate))
	defer tick.Stop()
	start := time.Now()
	for i := 0; time.Since(start) < *duration; i++ {
		<-tick.C
		target := flag.Arg(i % flag.NArg())
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			res, err := client.Get(target)
			d := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs++
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode/100 != 2 {
				non2xx++
			}
			lat = append(lat, d)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("requests %d in %s (%.1f/s), errors %d, non-2xx %d\n", len(lat)+errs, elapsed.Round(time.Millisecond),
		float64(len(lat))/elapsed.Seconds(), errs, non2xx)
	fmt.Printf("latency p50 %s p90 %s p99 %s max %s\n", pct(0.50).Round(100*time.Microsecond),
		pct(0.90).Round(100*time.Microsecond), pct(0.99).Round(100*time.Microsecond), pct(1).Round(100*time.Microsecond))
	if errs > 0 || non2xx > 0 {
		os.Exit(1)
	}
}
