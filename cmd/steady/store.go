package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
	"github.com/steadyhq/steady/imports"
	"github.com/steadyhq/steady/internal/datadir"
	"github.com/steadyhq/steady/sqlite"
)

// dbFile is the database's name inside the data folder.
const dbFile = "steady.db"

// dataDir resolves the data folder from --data and the environment.
func (a *app) dataDir(flag string) (string, error) {
	return datadir.Resolve(flag, a.getenv)
}

// private refuses a data folder that other users may open, with the
// command that fixes it, and makes steady's files in it private, saying
// which it changed (datadir.Private).
func (a *app) private(dir string) error {
	tightened, err := datadir.Private(dir, dbFile+"*", passwordFile)
	for _, s := range tightened {
		fmt.Fprintf(a.stderr, "steady: %s.\n", s)
	}
	var le *datadir.LooseError
	if errors.As(err, &le) {
		return usagef(le.Fix(), "%v", le)
	}
	return err
}

// openStore opens (creating when needed) the store in the data folder.
// The caller closes it.
func (a *app) openStore(ctx context.Context, dataFlag string) (*sqlite.DB, error) {
	return a.openStoreWith(ctx, dataFlag, sqlite.Options{MapReads: true})
}

// openStoreWith is openStore with options: a command that runs once maps
// the file for its reads; the server does not (see sqlite.Options).
func (a *app) openStoreWith(ctx context.Context, dataFlag string, opts sqlite.Options) (*sqlite.DB, error) {
	dir, err := a.dataDir(dataFlag)
	if err != nil {
		return nil, err
	}
	if err := a.private(dir); err != nil {
		return nil, err
	}
	db, err := sqlite.OpenWith(filepath.Join(dir, dbFile), opts)
	if err != nil {
		return nil, fmt.Errorf("open the data folder %s: %w", dir, err)
	}
	db.Now = a.now
	return db, nil
}

// openExistingStore opens the store only if the data folder already holds
// one: a plain check must not create files on a machine that never asked
// steady to keep anything. It returns nil, nil when there is none.
func (a *app) openExistingStore(ctx context.Context, dataFlag string) (*sqlite.DB, error) {
	path, err := a.existingStorePath(dataFlag)
	if err != nil || path == "" {
		return nil, err
	}
	return a.openStore(ctx, dataFlag)
}

// existingStorePath is the database file in the data folder, or "" when
// there is none (nor a folder: no HOME and no --data).
func (a *app) existingStorePath(dataFlag string) (string, error) {
	dir, err := a.dataDir(dataFlag)
	if err != nil {
		if steady.ErrorCode(err) == steady.EInvalid && dataFlag == "" {
			return "", nil // no HOME and no flag: check without a store
		}
		return "", err
	}
	path := filepath.Join(dir, dbFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err := a.private(dir); err != nil {
		return "", err
	}
	return path, nil
}

// services are the store's services over one open database.
type services struct {
	db        *sqlite.DB
	profiles  *sqlite.ProfileService
	contacts  *sqlite.ContactService
	messages  *sqlite.MessageService
	noContact *sqlite.NoContactService
	holds     *sqlite.HoldService
	journal   *sqlite.JournalService
	callPlans *sqlite.CallPlanService
	data      *sqlite.DataService
	cache     *sqlite.CacheService
}

func newServices(db *sqlite.DB) *services {
	return &services{
		db:        db,
		profiles:  sqlite.NewProfileService(db),
		contacts:  sqlite.NewContactService(db),
		messages:  sqlite.NewMessageService(db),
		noContact: sqlite.NewNoContactService(db),
		holds:     sqlite.NewHoldService(db),
		journal:   sqlite.NewJournalService(db),
		callPlans: sqlite.NewCallPlanService(db),
		data:      sqlite.NewDataService(db),
		cache:     sqlite.NewCacheService(db),
	}
}

// adviser builds the advice service over the store's services (nil: a
// check with the request alone).
func (a *app) adviser(an *analyze.Analyzer, sv *services) *advice.Service {
	s := &advice.Service{Analyzer: an, Now: a.now, Local: a.localZone(), History: history.DefaultOptions()}
	if sv != nil {
		s.Profiles, s.Contacts, s.Messages, s.NoContact, s.Cache = sv.profiles, sv.contacts, sv.messages, sv.noContact, sv.cache
	}
	return s
}

// importService builds the import service over the store's services, with the
// advice service that learns from what it imports.
func (a *app) importService(sv *services) *imports.Service {
	return &imports.Service{Contacts: sv.contacts, Messages: sv.messages, Advice: a.adviser(nil, sv)}
}
