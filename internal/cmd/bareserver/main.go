// Command bareserver is the baseline of the API load test
// (scripts/loadtest.sh, docs/PERFORMANCE.md): a bare net/http server that
// decodes each POST body as the JSON of a check (advice.Request, with
// encoding/json as steady does) and answers with a fixed body of the size
// of steady's answer to it, and does nothing else. What steady serve does
// beyond it — the middleware, the store context, the analyzer — is what
// the load test weighs.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/steadyhq/steady/advice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7780", "address to listen on")
	reply := flag.String("reply", "", "file whose bytes are the answer (steady's answer to the same draft)")
	flag.Parse()
	body, err := os.ReadFile(*reply)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("POST /api/v1/check", func(w http.ResponseWriter, r *http.Request) {
		var req advice.Request
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	})
	fmt.Printf("bareserver is running at http://%s\n", *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
