// Command interop verifies a running Tracemark ledger with an implementation that is not ours:
// golang.org/x/mod/sumdb/note (signed notes) and golang.org/x/mod/sumdb/tlog (RFC 6962/9162
// Merkle trees, tiles, proofs), as packaged by Debian (golang-golang-x-mod-dev).
//
// Usage: go run main.go BASE_URL [OLD_SIZE]
//
// It fetches the verifier key and the checkpoint, checks the signature, recomputes the root from
// the served hash tiles, checks the served inclusion proof of the first, middle and last entry
// (each entry read from the served entry bundles), and, with OLD_SIZE, the served consistency
// proof from OLD_SIZE. Any mismatch prints one line saying what and exits 1.
package main

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base string

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func get(path string) []byte {
	resp, err := http.Get(base + path)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	if resp.StatusCode != 200 {
		fail("GET %s: status %d: %s", path, resp.StatusCode, body)
	}
	return body
}

// tiles maps Go's tile paths (tile/8/L/N) onto C2SP tlog-tiles paths (tile/L/N) under /ledger/.
type tiles struct{}

func (tiles) Height() int { return 8 }

func (tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, t := range ts {
		out[i] = get("/ledger/tile/" + strings.TrimPrefix(t.Path(), "tile/8/"))
	}
	return out, nil
}

func (tiles) SaveTiles([]tlog.Tile, [][]byte) {}

// entry reads entry index from the bundle that a tree of the given size has (partial at the end).
func entry(index, size int64) []byte {
	bundle := index / 256
	width := size - bundle*256
	if width > 256 {
		width = 256
	}
	t := tlog.Tile{H: 8, L: 0, N: bundle, W: int(width)}
	data := get("/ledger/tile/entries/" + strings.TrimPrefix(t.Path(), "tile/8/0/"))
	return nthEntry(data, int(index%256))
}

func nthEntry(data []byte, n int) []byte {
	for i := 0; ; i++ {
		if len(data) < 2 {
			fail("entry bundle ends before entry %d", n)
		}
		l := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+l {
			fail("entry bundle truncated in entry %d", i)
		}
		if i == n {
			return data[2 : 2+l]
		}
		data = data[2+l:]
	}
}

type proof struct {
	Hashes []string `json:"hashes"`
}

func hashes(path string) []tlog.Hash {
	var p proof
	if err := json.Unmarshal(get(path), &p); err != nil {
		fail("%s: not a proof: %v", path, err)
	}
	out := make([]tlog.Hash, len(p.Hashes))
	for i, s := range p.Hashes {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != tlog.HashSize {
			fail("%s: hash %d is not base64 of 32 bytes", path, i)
		}
		copy(out[i][:], b)
	}
	return out
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: interop BASE_URL [OLD_SIZE]")
	}
	base = strings.TrimRight(os.Args[1], "/")

	vkey := strings.TrimSpace(string(get("/ledger/vkey")))
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key %q: %v", vkey, err)
	}
	msg := get("/ledger/checkpoint")
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint body has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size %q: %v", lines[1], err)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root %q: %v", lines[2], err)
	}
	tree := tlog.Tree{N: size, Hash: root}
	reader := tlog.TileHashReader(tree, tiles{})
	computed, err := tlog.TreeHash(size, reader)
	if err != nil {
		fail("reading tiles for size %d: %v", size, err)
	}
	if computed != root {
		fail("root from tiles %v != checkpoint root %v", computed, root)
	}

	checked := 0
	for _, i := range []int64{0, size / 2, size - 1} {
		if i < 0 || i >= size {
			continue
		}
		served := hashes(fmt.Sprintf("/ledger/proof/inclusion?index=%d&size=%d", i, size))
		leaf := tlog.RecordHash(entry(i, size))
		if err := tlog.CheckRecord(served, size, root, i, leaf); err != nil {
			fail("inclusion proof of entry %d in size %d: %v", i, size, err)
		}
		ours, err := tlog.ProveRecord(size, i, reader)
		if err != nil || len(ours) != len(served) {
			fail("inclusion proof of entry %d: x/mod builds %d hashes, server sent %d", i, len(ours), len(served))
		}
		checked++
	}

	if len(os.Args) > 2 {
		old, err := strconv.ParseInt(os.Args[2], 10, 64)
		if err != nil || old < 1 || old > size {
			fail("OLD_SIZE %q must be 1..%d", os.Args[2], size)
		}
		oldRoot, err := tlog.TreeHash(old, reader)
		if err != nil {
			fail("root of size %d: %v", old, err)
		}
		served := hashes(fmt.Sprintf("/ledger/proof/consistency?from=%d&to=%d", old, size))
		if err := tlog.CheckTree(served, size, root, old, oldRoot); err != nil {
			fail("consistency proof %d -> %d: %v", old, size, err)
		}
	}
	fmt.Printf("OK origin=%s size=%d root=%s inclusion=%d\n", lines[0], size, root, checked)
}
