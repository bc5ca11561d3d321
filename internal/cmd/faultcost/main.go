//go:build linux

// Command faultcost measures what touching a page of memory for the first
// time costs on this machine, which is most of what starting a command
// costs here (docs/PERFORMANCE.md): fresh anonymous memory (the heap, the
// stacks, what SQLite allocates), the same after asking the kernel to
// populate it in one call, and pages of a file the OS already caches
// (the binary's code and data).
//
//	go run ./internal/cmd/faultcost [FILE]
//
// FILE is read through a mapping; the default is this program's binary.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
	"unsafe"
)

const (
	pages             = 1024
	pageSize          = 4096
	madvPopulateWrite = 23 // MADV_POPULATE_WRITE, Linux 5.14
)

func main() {
	file := os.Args[0]
	if len(os.Args) > 1 {
		file = os.Args[1]
	}
	if err := run(file); err != nil {
		fmt.Fprintln(os.Stderr, "faultcost:", err)
		os.Exit(1)
	}
}

func run(file string) error {
	for round := 1; round <= 3; round++ {
		plain, err := anonTouch(false)
		if err != nil {
			return err
		}
		populated, err := anonTouch(true)
		if err != nil {
			return err
		}
		fmt.Printf("round %d: fresh anonymous page %.2f µs; populated first %.2f µs\n", round, perPage(plain), perPage(populated))
	}
	d, n, err := fileTouch(file)
	if err != nil {
		return err
	}
	fmt.Printf("cached file page (every 16th page of %s, %d touches): %.2f µs\n", file, n, float64(d.Nanoseconds())/1e3/float64(n))
	return nil
}

func perPage(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 / pages }

// anonTouch maps fresh anonymous memory and writes one byte in each page.
func anonTouch(populate bool) (time.Duration, error) {
	b, err := syscall.Mmap(-1, 0, pages*pageSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return 0, fmt.Errorf("mmap: %w", err)
	}
	defer syscall.Munmap(b)
	start := time.Now()
	if populate {
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), madvPopulateWrite); e != 0 {
			return 0, fmt.Errorf("madvise: %w", e)
		}
	}
	for i := 0; i < pages; i++ {
		b[i*pageSize] = 1
	}
	return time.Since(start), nil
}

// fileTouch maps the file and reads one byte in every 16th page: the
// kernel maps up to 16 cached pages around each fault, so each touch is
// one fault.
func fileTouch(name string) (time.Duration, int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	size := int(min(st.Size(), 64<<20)) / pageSize * pageSize
	if size < 16*pageSize {
		return 0, 0, fmt.Errorf("%s: too small to measure (%d bytes)", name, st.Size())
	}
	if _, err := os.ReadFile(name); err != nil { // into the OS cache first
		return 0, 0, err
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return 0, 0, fmt.Errorf("mmap %s: %w", name, err)
	}
	defer syscall.Munmap(b)
	var sum byte
	n := 0
	start := time.Now()
	for off := 0; off < size; off += 16 * pageSize {
		sum += b[off]
		n++
	}
	d := time.Since(start)
	if sum == 255 { // keeps the reads: the sum is used
		fmt.Print("")
	}
	return d, n, nil
}
