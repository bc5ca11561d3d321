package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/steadyhq/steady/internal/chatgen"
)

// TestConcurrentImportsKeepTrueStats runs two imports of different
// exports for the same contact at once on one data folder, as two
// `steady import` in two terminals would, then checks that stats counts
// what the file holds and that the statistics it kept are those computed
// afresh from the store.
func TestConcurrentImportsKeepTrueStats(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 2 × 30,000 messages; skipped with -short")
	}
	dir := t.TempDir()
	var exports []string
	for seed := range 2 {
		p := filepath.Join(dir, fmt.Sprintf("chat%d.txt", seed))
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := chatgen.Write(f, chatgen.Options{Messages: 30_000, Seed: uint64(seed + 1), Me: "Sam", Them: "Alex"}); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		exports = append(exports, p)
	}
	data := filepath.Join(dir, "data")
	env := map[string]string{"STEADY_DATA_DIR": data, "HOME": dir}
	var wg sync.WaitGroup
	for _, export := range exports {
		wg.Go(func() {
			if out, errOut, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", export); code != 0 {
				t.Errorf("import %s: exit %d\n%s%s", export, code, out, errOut)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	// The driver is modernc.org/sqlite, registered by the store package.
	db, err := sql.Open("sqlite", filepath.Join(data, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored int
	if err := db.QueryRow(`SELECT COUNT(*) FROM messages`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	kept := stats(t, env)
	if kept.Messages.Total != stored {
		t.Errorf("stats counts %d messages, the file holds %d", kept.Messages.Total, stored)
	}
	// What stats kept must be what it computes from the store afresh.
	if _, err := db.ExecContext(context.Background(), `DELETE FROM cached_values`); err != nil {
		t.Fatal(err)
	}
	if fresh := stats(t, env); fresh.raw != kept.raw {
		t.Errorf("the kept statistics differ from those of the store:\nkept:\n%s\nfrom the store:\n%s", kept.raw, fresh.raw)
	}
}

type statsJSON struct {
	Messages struct {
		Total int `json:"total"`
	} `json:"messages"`
	raw string
}

func stats(t *testing.T, env map[string]string) statsJSON {
	t.Helper()
	out, errOut, code := run(t, "", env, "stats", "--json", "Alex")
	if code != 0 {
		t.Fatalf("stats: exit %d\n%s%s", code, out, errOut)
	}
	var s statsJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	s.raw = out
	return s
}
