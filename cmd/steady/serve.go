package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
	"github.com/steadyhq/steady/sqlite"
	"github.com/steadyhq/steady/web"
)

// passwordFile holds the web app's password hash (argon2id) in the data folder.
const passwordFile = "web-password"

func (a *app) serveCmd() *cobra.Command {
	var (
		addr, data, tlsCert, tlsKey string
		open, setPassword           bool
		maxUpload                   int64
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Open steady in your browser: write with live feedback, and everything else",
		Long: `Start steady's web app on this computer, on the same data folder as the CLI,
and print its address; --open opens it in your browser.

It listens on 127.0.0.1 (this computer only) by default. To reach it from
another device, bind another address with --addr; steady then requires the
password you set with --set-password (read from standard input, stored as an
argon2id hash in the data folder) and refuses to start without one. Use
--tls-cert and --tls-key to serve HTTPS, which you should on any network.`,
		Example: `  steady serve --open
  steady serve --addr 127.0.0.1:8080
  echo 'a long passphrase' | steady serve --set-password
  steady serve --addr 0.0.0.0:7777 --tls-cert cert.pem --tls-key key.pem`,
		Args: usageArgs(cobra.NoArgs, "steady serve [--addr 127.0.0.1:7777] [--open]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := untilInterrupted(cmd.Context())
			defer stop()
			dir, err := a.dataDir(data)
			if err != nil {
				return err
			}
			if err := a.private(dir); err != nil {
				return err
			}
			pwPath := filepath.Join(dir, passwordFile)
			if setPassword {
				return a.setWebPassword(dir, pwPath)
			}
			if (tlsCert == "") != (tlsKey == "") {
				return usagef("steady serve --tls-cert cert.pem --tls-key key.pem", "--tls-cert and --tls-key go together")
			}
			hash, err := readPasswordHash(pwPath)
			if err != nil {
				return err
			}
			loopback := web.IsLoopback(addr)
			if !loopback && hash == "" {
				return usagef("echo 'a long passphrase' | steady serve --set-password",
					"--addr %s is reachable from other devices: set a password first, or keep the default 127.0.0.1:7777", addr)
			}
			db, err := a.openStoreWith(ctx, data, sqlite.Options{})
			if err != nil {
				return err
			}
			defer db.Close()
			// Uploads are spooled in the data folder; one that a crash
			// broke off may have left its file there.
			if err := web.RemoveUploads(dir); err != nil {
				return err
			}
			an, err := analyze.New()
			if err != nil {
				return err
			}
			if a.getenv("GOGC") == "" {
				// A check allocates its findings and its answer, and the
				// server's live heap is small, so at the default GOGC of
				// 100 a busy server collects dozens of times a second.
				// 400 trades about 20 MB more memory for a fifth less CPU
				// a check under load (docs/PERFORMANCE.md).
				debug.SetGCPercent(400)
			}
			srv, err := web.New(web.Config{
				Services:     webServices(db),
				Analyzer:     an,
				History:      history.DefaultOptions(),
				Now:          a.now,
				Local:        a.localZone(),
				PasswordHash: hash,
				Loopback:     loopback,
				Secure:       tlsCert != "",
				MaxUpload:    maxUpload,
				TempDir:      dir,
				Log:          slog.New(slog.NewTextHandler(a.stderr, nil)),
			})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return steady.Errorf(steady.EInvalid, "serve: %v (is steady already running? try --addr 127.0.0.1:7778)", err)
			}
			hs := srv.HTTPServer(addr)
			scheme := "http"
			if tlsCert != "" {
				scheme = "https"
			}
			url := scheme + "://" + displayAddr(ln.Addr().String())
			fmt.Fprintf(a.stdout, "steady is running at %s\n", url)
			if hash != "" {
				fmt.Fprintln(a.stdout, "Log in with the password you set.")
			}
			if !loopback && tlsCert == "" {
				fmt.Fprintln(a.stderr, "steady: warning: serving without TLS on a network address; your password and messages cross the network unencrypted")
			}
			fmt.Fprintln(a.stdout, "Press Ctrl+C to stop.")
			if open {
				openBrowser(url)
			}
			errc := make(chan error, 1)
			go func() {
				if tlsCert != "" {
					errc <- hs.ServeTLS(ln, tlsCert, tlsKey)
				} else {
					errc <- hs.Serve(ln)
				}
			}()
			select {
			case err := <-errc:
				return fmt.Errorf("serve: %w", err)
			case <-ctx.Done():
			}
			shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := hs.Shutdown(shut); err != nil {
				return fmt.Errorf("serve: shut down: %w", err)
			}
			if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("serve: %w", err)
			}
			fmt.Fprintln(a.stdout, "steady stopped.")
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&addr, "addr", "127.0.0.1:7777", "address to listen on; anything but loopback needs --set-password first")
	fl.BoolVar(&open, "open", false, "open the app in your browser")
	fl.StringVar(&data, "data", "", "the data folder (default: $STEADY_DATA_DIR, else $XDG_DATA_HOME/steady)")
	fl.BoolVar(&setPassword, "set-password", false, "read a password from standard input, store its hash, and exit")
	fl.StringVar(&tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM)")
	fl.StringVar(&tlsKey, "tls-key", "", "the certificate's private key (PEM)")
	fl.Int64Var(&maxUpload, "max-upload", web.DefaultMaxUpload, "largest chat export an upload may be, in bytes")
	return cmd
}

// webServices are the store's services as the web app takes them.
func webServices(db *sqlite.DB) web.Services {
	sv := newServices(db)
	return web.Services{
		Profiles: sv.profiles, Contacts: sv.contacts, Messages: sv.messages, NoContact: sv.noContact,
		Holds: sv.holds, Journal: sv.journal, CallPlans: sv.callPlans, Data: sv.data,
		Cache: sqlite.NewCacheService(db), Changes: db,
	}
}

// setWebPassword reads the password from the first line of standard
// input and stores its hash, readable by the user only.
func (a *app) setWebPassword(dir, path string) error {
	line, err := bufio.NewReader(io.LimitReader(a.stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read the password: %w", err)
	}
	hash, err := web.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("set the password: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(hash+"\n"), 0o600); err != nil {
		return fmt.Errorf("set the password: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("set the password: %w", err)
	}
	fmt.Fprintf(a.stderr, "Password set. steady serve now asks for it (delete %s to remove it).\n", path)
	return nil
}

// readPasswordHash returns the stored hash, "" when none is set.
func readPasswordHash(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the password hash: %w", err)
	}
	hash := strings.TrimSpace(string(b))
	if err := web.CheckPasswordHash(hash); err != nil {
		return "", steady.Errorf(steady.EInvalid, "%s: %v; set the password again with steady serve --set-password", path, err)
	}
	return hash, nil
}

// displayAddr turns a listen address into one a browser opens:
// 0.0.0.0 and :: become localhost.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// openBrowser asks the desktop to open url; failing quietly is fine, the
// address is printed.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err == nil {
		go cmd.Wait()
	}
}
