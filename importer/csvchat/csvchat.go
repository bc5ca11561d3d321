// Package csvchat reads steady's plain CSV chat format, for histories from
// any other source:
//
//	time,sender,text
//	2024-03-01T18:02:00+01:00,Alex,Can you take the kids on Saturday?
//	2024-03-01T18:40:00+01:00,Sam,Yes — 10am at the station.
//
// The header row is required; column order is free, and an optional kind
// column says text, media, system or deleted. Times are RFC 3339 unless a
// layout (Go's reference-time notation) is given; a layout without a zone
// is read in the zone the importer gives. Fields follow RFC 4180: quote a text that
// holds commas, quotes or line breaks.
package csvchat

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

// Detect reports whether head starts with the CSV header row.
func (Format) Detect(head []byte) bool {
	s := strings.TrimPrefix(string(head), "\ufeff")
	line, _, _ := strings.Cut(s, "\n")
	_, err := columns(strings.Split(strings.TrimSpace(line), ","))
	return err == nil
}

type cols struct{ time, sender, text, kind int }

func columns(header []string) (cols, error) {
	c := cols{-1, -1, -1, -1}
	for i, h := range header {
		switch strings.ToLower(strings.Trim(strings.TrimSpace(h), `"`)) {
		case "time":
			c.time = i
		case "sender":
			c.sender = i
		case "text":
			c.text = i
		case "kind":
			c.kind = i
		}
	}
	if c.time < 0 || c.sender < 0 || c.text < 0 {
		return c, errors.New("the first row must name the columns time, sender and text (and optionally kind)")
	}
	return c, nil
}

// Parse reads a CSV chat.
func (Format) Parse(r io.Reader, in parse.Input) (*parse.Export, error) {
	s, err := parse.ReadAll(r, in.Name, parse.MaxText, in.SizeHint)
	if err != nil {
		return nil, err
	}
	if err := parse.CheckText(s, in.Name); err != nil {
		return nil, err
	}
	s = strings.TrimPrefix(s, "\ufeff")
	layout := in.Values[layoutOption]
	if layout == "" {
		layout = time.RFC3339
	}
	loc := in.Location
	if loc == nil {
		loc = time.Local
	}
	cr := csv.NewReader(strings.NewReader(s))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, csvErr(in.Name, err)
	}
	c, err := columns(header)
	if err != nil {
		return nil, parse.Errorf(in.Name, 1, "%v", err)
	}
	need := max(c.time, c.sender, c.text, c.kind) + 1
	var msgs []steady.Message
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(in.Name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < need {
			return nil, parse.Errorf(in.Name, line, "%d fields, want %d (time, sender, text)", len(rec), need)
		}
		for _, f := range rec {
			if len(f) > parse.MaxLine {
				return nil, parse.Errorf(in.Name, line, "a field is longer than %d KiB", parse.MaxLine>>10)
			}
		}
		at, err := time.ParseInLocation(layout, strings.TrimSpace(rec[c.time]), loc)
		if err != nil {
			return nil, parse.Errorf(in.Name, line, "time %q does not match the layout %q", rec[c.time], layout)
		}
		sender := parse.CleanName(rec[c.sender])
		if sender == "" {
			return nil, parse.Errorf(in.Name, line, "empty sender")
		}
		m := steady.Message{At: at, Sender: sender, Text: parse.CleanText(rec[c.text])}
		if c.kind >= 0 {
			k, err := steady.ParseKind(strings.ToLower(strings.TrimSpace(rec[c.kind])))
			if err != nil {
				return nil, parse.Errorf(in.Name, line, "%v", err)
			}
			m.Kind = k
		}
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return nil, parse.Errorf(in.Name, 0, "no messages after the header row")
	}
	return &parse.Export{Messages: msgs}, nil
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return parse.Errorf(file, pe.Line, "%v", pe.Err)
	}
	return &parse.Error{File: file, Err: fmt.Errorf("read: %w", err)}
}

// Format is steady's CSV chat format, for the importer's registry.
type Format struct{}

// layoutOption is the name of the option that gives the time layout.
const layoutOption = "csv-layout"

// Info says what the format is and offers the time layout as an option.
func (Format) Info() parse.Info {
	return parse.Info{
		Name:  "csv",
		Title: "CSV with a time,sender,text header row",
		Options: []parse.Option{{
			Name:  layoutOption,
			Usage: "time layout of a CSV file in Go notation (default: RFC 3339)",
			Label: "Times in a CSV file are written as",
			Hint:  "(Go's notation, e.g. 2006-01-02 15:04; empty: RFC 3339)",
		}},
		Windows1252: true,
	}
}
