package train_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/steadyhq/steady/cmd/steady-train/internal/train"
	"github.com/steadyhq/steady/internal/sharedtest"
	"github.com/steadyhq/steady/model"
)

// Two runs with one config must write the same bytes (the committed
// weights are reproducible), and the result must load and score.
func TestTrainingIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains twice over the corpora (about 20 s)")
	}
	dir := filepath.Dir(sharedtest.Path(t, "data", "goemotions"))
	c := train.DefaultConfig(dir)
	c.Bits = 12
	for h := range c.Hyper {
		c.Hyper[h].Epochs = 1
	}
	var out [2][]byte
	for i := range out {
		res, err := train.Train(c)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := model.Encode(&buf, res.Params); err != nil {
			t.Fatal(err)
		}
		out[i] = buf.Bytes()
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Fatal("two runs wrote different weights")
	}
	m, err := model.LoadFrom(bytes.NewReader(out[0]))
	if err != nil {
		t.Fatal(err)
	}
	if m.Bits() != 12 {
		t.Errorf("bits %d", m.Bits())
	}
}

func TestMissingDataNamesTheFile(t *testing.T) {
	_, err := train.Train(train.DefaultConfig(t.TempDir()))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("goemotions")) {
		t.Errorf("err = %v", err)
	}
}
