package web

import (
	"errors"
	"net/http"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/internal/say"
)

// restoreResponse is what a restore answers: the counts, and the sentence
// `steady restore` prints for them.
type restoreResponse struct {
	Restored *steady.Restored `json:"restored"`
	Summary  string           `json:"summary"`
}

// apiRestore is POST /api/v1/restore: the body is a backup, the JSON
// document GET /api/v1/export gives (the Privacy page sends the file as
// it is). Into an empty store it comes back as it was; into one with data
// it is merged (steady.DataService.RestoreAll). It is read as it arrives,
// up to the upload limit.
func (s *Server) apiRestore(w http.ResponseWriter, r *http.Request) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	if r.ContentLength > s.cfg.MaxUpload {
		return errStatus(http.StatusRequestEntityTooLarge, "the backup is too large: the limit is "+humanBytes(s.cfg.MaxUpload))
	}
	e, err := steady.DecodeExport(http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return errStatus(http.StatusRequestEntityTooLarge, "the backup is too large: the limit is "+humanBytes(mb.Limit))
		}
		return err
	}
	res, err := s.svc.Data.RestoreAll(r.Context(), e)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, restoreResponse{Restored: res, Summary: say.Restored(res)})
	return nil
}
