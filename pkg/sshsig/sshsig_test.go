package sshsig

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// keygen makes an ed25519 key with the real ssh-keygen and returns the
// private key's path and the public key line.
func keygen(t *testing.T, dir, name string) (string, string) {
	t.Helper()
	key := filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return key, strings.TrimSpace(string(pub))
}

// TestVerifyRealSignature checks signatures made by the real ssh-keygen -Y
// sign: the signer's key verifies, another key does not match, a changed
// message or namespace fails.
func TestVerifyRealSignature(t *testing.T) {
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen not installed")
	}
	dir := t.TempDir()
	key, pub := keygen(t, dir, "priya")
	_, other := keygen(t, dir, "eve")
	msg := []byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor Priya <priya@acme.example> 1 +0000\n\naccept\n")
	file := filepath.Join(dir, "msg")
	if err := os.WriteFile(file, msg, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("ssh-keygen", "-Y", "sign", "-n", "git", "-f", key, file).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, out)
	}
	sig, err := os.ReadFile(file + ".sig")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Verify(sig, msg, GitNamespace)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !SameKey(pub, got) {
		t.Errorf("the signing key is not priya's")
	}
	if SameKey(other, got) {
		t.Errorf("eve's key matches priya's signature")
	}
	tampered := append([]byte(nil), msg...)
	tampered[len(tampered)-2] = 'X'
	if _, err := Verify(sig, tampered, GitNamespace); err == nil {
		t.Error("a changed message verified")
	}
	if _, err := Verify(sig, msg, "file"); err == nil || !strings.Contains(err.Error(), `namespace "git"`) {
		t.Errorf("another namespace: err = %v", err)
	}
	if _, err := Verify([]byte("-----BEGIN PGP SIGNATURE-----\n...\n"), msg, GitNamespace); err != ErrNotSSH {
		t.Errorf("OpenPGP signature: err = %v, want ErrNotSSH", err)
	}
}

func TestSplitCommit(t *testing.T) {
	raw := "tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\ngpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n\nsubject\n\nbody\n"
	payload, sig := SplitCommit([]byte(raw))
	if want := "tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nsubject\n\nbody\n"; string(payload) != want {
		t.Errorf("payload = %q, want %q", payload, want)
	}
	if want := "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"; string(sig) != want {
		t.Errorf("signature = %q, want %q", sig, want)
	}
	unsigned := "tree 1\nauthor A <a@x> 1 +0000\n\nmsg\n"
	if p, s := SplitCommit([]byte(unsigned)); string(p) != unsigned || s != nil {
		t.Errorf("unsigned commit: payload %q, signature %q", p, s)
	}
}
