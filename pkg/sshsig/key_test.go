package sshsig

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
)

var commitMsg = []byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor Priya <priya@acme.example> 1 +0000\n\naccept\n")

// checkAgainstXCrypto checks that the key of an authorized-keys line reads
// the same here as in golang.org/x/crypto/ssh: type, encoding, fingerprint.
func checkAgainstXCrypto(t *testing.T, line string, got *PublicKey) {
	t.Helper()
	ref, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		t.Fatalf("x/crypto/ssh: %v", err)
	}
	if got.Type() != ref.Type() || !bytes.Equal(got.Marshal(), ref.Marshal()) {
		t.Errorf("key %s differs from x/crypto/ssh's %s", got.Type(), ref.Type())
	}
	plain := ref
	if c, ok := ref.(*ssh.Certificate); ok {
		plain = c.Key // as ssh-keygen -l, where x/crypto/ssh hashes the certificate
	}
	if g, w := FingerprintSHA256(got), ssh.FingerprintSHA256(plain); g != w {
		t.Errorf("fingerprint %s, x/crypto/ssh %s", g, w)
	}
}

// tamper flips a bit of the inner signature (the blob's last byte is the
// signature's own last byte) and arms the result again.
func tamper(t *testing.T, armored []byte) []byte {
	raw := dearmor(t, armored)
	raw[len(raw)-1] ^= 1
	return armor(raw)
}

// replaceKey swaps the public key field of a signature for pub.
func replaceKey(t *testing.T, armored, pub []byte) []byte {
	raw := dearmor(t, armored)
	r := &reader{b: raw[10:]}
	r.bytes()
	return armor(cat(raw[:6], raw[6:10], str(pub), r.b))
}

// TestKeygenKeyTypes signs with every key type ssh-keygen makes here and
// checks the signature, the key and its fingerprint against ssh-keygen
// itself and against x/crypto/ssh, and that a changed namespace, message,
// signature or key fails.
func TestKeygenKeyTypes(t *testing.T) {
	needKeygen(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		typ  string
		bits int
	}{{"ed25519", 0}, {"ecdsa", 256}, {"ecdsa", 384}, {"ecdsa", 521}, {"rsa", 0}} {
		name := tc.typ
		if tc.bits != 0 {
			name += "-" + big.NewInt(int64(tc.bits)).String()
		}
		t.Run(name, func(t *testing.T) {
			key, pub := keygenType(t, dir, name, tc.typ, tc.bits)
			_, other := keygenType(t, dir, name+"-other", tc.typ, tc.bits)
			sig := keygenSign(t, key, GitNamespace, commitMsg)
			got, err := Verify(sig, commitMsg, GitNamespace)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !SameKey(pub, got) {
				t.Errorf("SameKey(%q) = false for the signing key", pub)
			}
			if SameKey(other, got) {
				t.Errorf("another %s key matches", name)
			}
			checkAgainstXCrypto(t, pub, got)
			// ssh-keygen -l prints "BITS SHA256:... COMMENT (TYPE)".
			if want := strings.Fields(run(t, "ssh-keygen", "-l", "-E", "sha256", "-f", key+".pub"))[1]; FingerprintSHA256(got) != want {
				t.Errorf("fingerprint %s, ssh-keygen says %s", FingerprintSHA256(got), want)
			}
			if _, err := Verify(sig, commitMsg, "file"); err == nil || !strings.Contains(err.Error(), `namespace "git"`) {
				t.Errorf("another namespace: err = %v", err)
			}
			changed := bytes.Replace(commitMsg, []byte("accept"), []byte("acceqt"), 1)
			if _, err := Verify(sig, changed, GitNamespace); err == nil || !strings.Contains(err.Error(), "does not match") {
				t.Errorf("changed message: err = %v", err)
			}
			if _, err := Verify(tamper(t, sig), commitMsg, GitNamespace); err == nil {
				t.Error("a tampered signature verified")
			}
			otherKey, err := ParseAuthorizedKey([]byte(other))
			if err != nil {
				t.Fatal(err)
			}
			swapped := replaceKey(t, sig, otherKey.Marshal())
			if _, err := Verify(swapped, commitMsg, GitNamespace); err == nil || !strings.Contains(err.Error(), "does not match") {
				t.Errorf("signature with another key put in: err = %v", err)
			}
			// The signature as x/crypto/ssh reads it: the same key.
			ref, err := refVerify(dearmor(t, sig), commitMsg, GitNamespace)
			if err != nil || !bytes.Equal(ref.Marshal(), got.Marshal()) {
				t.Errorf("x/crypto/ssh: %v", err)
			}
		})
	}
}

// TestKeygenCertificate: ssh-keygen -Y sign -f KEY-cert.pub puts the
// certificate in the signature. It verifies, and, as in OpenSSH's allowed
// signers without cert-authority, matches only that certificate, not its
// plain key.
func TestKeygenCertificate(t *testing.T) {
	needKeygen(t)
	dir := t.TempDir()
	ca, _ := keygenType(t, dir, "ca", "ed25519", 0)
	key, plain := keygenType(t, dir, "priya", "ed25519", 0)
	run(t, "ssh-keygen", "-q", "-s", ca, "-I", "priya", "-n", "priya", key+".pub")
	certLine := strings.TrimSpace(run(t, "cat", key+"-cert.pub"))
	sig := keygenSign(t, key+"-cert.pub", GitNamespace, commitMsg)
	got, err := Verify(sig, commitMsg, GitNamespace)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if got.Type() != "ssh-ed25519-cert-v01@openssh.com" {
		t.Errorf("type %s", got.Type())
	}
	checkAgainstXCrypto(t, certLine, got)
	if want := strings.Fields(run(t, "ssh-keygen", "-l", "-E", "sha256", "-f", key+"-cert.pub"))[1]; FingerprintSHA256(got) != want {
		t.Errorf("fingerprint %s, ssh-keygen says %s", FingerprintSHA256(got), want)
	}
	for _, tc := range []struct {
		line string
		want bool
	}{{certLine, true}, {plain, false}} {
		if SameKey(tc.line, got) != tc.want {
			t.Errorf("SameKey(%.40q...) = %v", tc.line, !tc.want)
		}
		if ok, out := keygenVerify(t, tc.line, sig, commitMsg, GitNamespace); ok != tc.want {
			t.Errorf("ssh-keygen -Y verify with %.40q...: %v, want %v\n%s", tc.line, ok, tc.want, out)
		}
	}
	if _, err := Verify(tamper(t, sig), commitMsg, GitNamespace); err == nil {
		t.Error("a tampered signature verified")
	}
}

// TestGoSignatures checks signatures made here with Go's crypto for the
// types ssh-keygen cannot make without hardware (security keys) and the
// ones it no longer writes (RSA with SHA-1), each against ssh-keygen -Y
// verify itself.
func TestGoSignatures(t *testing.T) {
	needKeygen(t)
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key      testKey
		hash     string
		wantErr  error // nil: verifies
		keygenOK bool  // ssh-keygen -Y verify accepts it
	}{
		{ed25519Key(t), "sha512", nil, true},
		{skEd25519Key(t, 0x01), "sha512", nil, true},
		{skEd25519Key(t, 0x05), "sha256", nil, true}, // user present and verified
		{skECDSAKey(t, 0x01), "sha512", nil, true},
		// Without user presence: ssh-keygen -Y verify (OpenSSH 9.2)
		// accepts the signature, so it is well made; sshd refuses such a
		// signature unless the key is marked no-touch-required, and so
		// did x/crypto/ssh here, and so does this package.
		{skEd25519Key(t, 0x00), "sha512", errUserPresence, true},
		{skECDSAKey(t, 0x04), "sha512", errUserPresence, true},
		{rsaKey(t, priv, "rsa-sha2-256"), "sha256", nil, true},
		{rsaKey(t, priv, "rsa-sha2-512"), "sha512", nil, true},
		{rsaKey(t, priv, "ssh-rsa"), "sha512", errSHA1, false},
	} {
		t.Run(tc.key.name+" "+tc.hash, func(t *testing.T) {
			raw := sshsigBlob(tc.key.pub, GitNamespace, tc.hash, commitMsg, tc.key.sign)
			sig := armor(raw)
			line := authorized(tc.key.pub, "test")
			got, err := Verify(sig, commitMsg, GitNamespace)
			ok, out := keygenVerify(t, line, sig, commitMsg, GitNamespace)
			if ok != tc.keygenOK {
				t.Errorf("ssh-keygen -Y verify: %v, want %v\n%s", ok, tc.keygenOK, out)
			}
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !SameKey(line, got) {
				t.Error("SameKey = false for the signing key")
			}
			checkAgainstXCrypto(t, line, got)
			if _, err := refVerify(raw, commitMsg, GitNamespace); err != nil {
				t.Errorf("x/crypto/ssh: %v", err)
			}
			if _, err := Verify(sig, commitMsg, "file"); err == nil {
				t.Error("another namespace verified")
			}
			if _, err := Verify(sig, append(commitMsg, '\n'), GitNamespace); err == nil {
				t.Error("a changed message verified")
			}
			if _, err := Verify(tamper(t, sig), commitMsg, GitNamespace); err == nil {
				t.Error("a tampered signature verified")
			}
		})
	}
}

// TestRefusals: what x/crypto/ssh accepted and this package refuses on
// purpose, each with an error that says why.
func TestRefusals(t *testing.T) {
	// A DSA key (ssh-dss: p, q, g, y).
	dsa := cat(str([]byte("ssh-dss")), mp(big.NewInt(23)), mp(big.NewInt(11)), mp(big.NewInt(4)), mp(big.NewInt(8)))
	if _, err := ParsePublicKey(dsa); !errors.Is(err, errDSA) {
		t.Errorf("DSA key: err = %v", err)
	}
	// Data after an ed25519 signature, which x/crypto/ssh ignored.
	k := ed25519Key(t)
	raw := sshsigBlob(k.pub, GitNamespace, "sha512", commitMsg, func(data []byte) []byte { return append(k.sign(data), 0) })
	if _, err := refVerify(raw, commitMsg, GitNamespace); err != nil {
		t.Fatalf("x/crypto/ssh: %v", err)
	}
	if _, err := Verify(armor(raw), commitMsg, GitNamespace); !errors.Is(err, errTrailing) {
		t.Errorf("data after the signature: err = %v", err)
	}
	// A signature far larger than any key makes is not decoded.
	oversized := armor(sshsigBlob(k.pub, GitNamespace, "sha512", commitMsg, func(data []byte) []byte { return make([]byte, 300<<10) }))
	if _, err := Verify(oversized, commitMsg, GitNamespace); err == nil || !strings.Contains(err.Error(), "larger than 256 KiB") {
		t.Errorf("a 300 KiB signature: err = %v", err)
	}
}

// TestAuthorizedKeyLines reads keys as authorized_keys and git's allowed
// signers write them: options before the type, comments after, blank and
// comment lines, CRLF.
func TestAuthorizedKeyLines(t *testing.T) {
	k := ed25519Key(t)
	b64 := strings.Fields(authorized(k.pub, ""))[1]
	for _, line := range []string{
		"ssh-ed25519 " + b64,
		"ssh-ed25519 " + b64 + " priya@laptop",
		"  ssh-ed25519\t" + b64 + "  a comment with spaces ",
		`no-touch-required,namespaces="git,file" ssh-ed25519 ` + b64 + " priya",
		`command="echo a b" ssh-ed25519 ` + b64,
		"priya@acme.example ssh-ed25519 " + b64,
		"# keys\n\nssh-ed25519 " + b64 + "\r\n",
		"ssh-rsa AAAA broken\nssh-ed25519 " + b64,
	} {
		got, err := ParseAuthorizedKey([]byte(line))
		if err != nil {
			t.Errorf("%q: %v", line, err)
			continue
		}
		if !bytes.Equal(got.Marshal(), k.pub) {
			t.Errorf("%q: another key", line)
		}
		checkAgainstXCrypto(t, line, got)
	}
	for _, line := range []string{
		"",
		"# ssh-ed25519 " + b64,
		"ssh-ed25519",
		"ecdsa-sha2-nistp256 " + b64, // the type says another key
		"ssh-ed25519 " + b64[:len(b64)-4],
		`opt="unterminated ssh-ed25519 ` + b64,
	} {
		if _, err := ParseAuthorizedKey([]byte(line)); err == nil {
			t.Errorf("%q: read a key", line)
		}
		if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line)); err == nil {
			t.Errorf("%q: x/crypto/ssh reads a key", line)
		}
	}
	if SameKey("ssh-ed25519 "+b64, nil) {
		t.Error("SameKey with no key")
	}
}

// TestTruncated cuts valid signatures of every type at every length: each
// cut fails with an error, never a panic, as in x/crypto/ssh.
func TestTruncated(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []testKey{ed25519Key(t), skEd25519Key(t, 1), skECDSAKey(t, 1), rsaKey(t, priv, "rsa-sha2-512")} {
		raw := sshsigBlob(k.pub, GitNamespace, "sha512", commitMsg, k.sign)
		if _, err := verifyBlob(raw, commitMsg, GitNamespace); err != nil {
			t.Fatalf("%s: %v", k.name, err)
		}
		for n := range len(raw) {
			if _, err := verifyBlob(raw[:n], commitMsg, GitNamespace); err == nil {
				t.Errorf("%s cut at %d verified", k.name, n)
			}
			if _, err := ParsePublicKey(k.pub[:min(n, len(k.pub)-1)]); err == nil {
				t.Errorf("%s key cut at %d parsed", k.name, n)
			}
		}
	}
	// A length prefix claiming more than there is.
	huge := binary.BigEndian.AppendUint32([]byte("SSHSIG\x00\x00\x00\x01"), 0xffffffff)
	if _, err := verifyBlob(huge, commitMsg, GitNamespace); err == nil || !errors.Is(err, errShort) {
		t.Errorf("huge length: err = %v", err)
	}
}

// TestCertificateFields: damaged certificate fields fail as in x/crypto/ssh.
func TestCertificateFields(t *testing.T) {
	needKeygen(t)
	dir := t.TempDir()
	ca, _ := keygenType(t, dir, "ca", "ecdsa", 256)
	key, _ := keygenType(t, dir, "priya", "ed25519", 0)
	run(t, "ssh-keygen", "-q", "-s", ca, "-I", "priya", "-n", "priya,p2", "-O", "force-command=true", "-O", "no-pty", key+".pub")
	line := strings.TrimSpace(run(t, "cat", key+"-cert.pub"))
	cert, err := ParseAuthorizedKey([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstXCrypto(t, line, cert)
	wire := cert.Marshal()
	// Every single-byte change and every cut: where x/crypto/ssh reads a
	// certificate, so does this package, with the same key inside.
	agree := 0
	for i := range wire {
		for _, w := range [][]byte{wire[:i], cat(wire[:i], []byte{wire[i] ^ 0x41}, wire[i+1:])} {
			got, err := ParsePublicKey(w)
			ref, refErr := ssh.ParsePublicKey(w)
			if (err == nil) != (refErr == nil) {
				t.Errorf("change at %d: err %v, x/crypto/ssh %v", i, err, refErr)
				continue
			}
			if err == nil {
				agree++
				c, ok := ref.(*ssh.Certificate)
				if !ok {
					t.Fatalf("change at %d: x/crypto/ssh reads %T", i, ref)
				}
				if diff := cmp.Diff(c.Key.Marshal(), got.marshal()); diff != "" {
					t.Errorf("change at %d: key differs: %s", i, diff)
				}
			}
		}
	}
	if agree == 0 {
		t.Error("no changed certificate parsed")
	}
}
