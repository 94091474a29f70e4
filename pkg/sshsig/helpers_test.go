package sshsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// needKeygen makes a test that needs ssh-keygen skip where it is missing,
// and fail in CI (COLLAB_CI set), which installs it.
func needKeygen(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("ssh-keygen not installed (package openssh-client)")
		}
		t.Skip("ssh-keygen not installed")
	}
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keygenType makes a key with the real ssh-keygen (-t typ, -b bits unless
// 0) and returns the private key's path and the public key line.
func keygenType(t testing.TB, dir, name, typ string, bits int) (string, string) {
	t.Helper()
	key := filepath.Join(dir, name)
	args := []string{"-q", "-t", typ, "-N", "", "-C", name, "-f", key}
	if bits != 0 {
		args = append(args, "-b", strconv.Itoa(bits))
	}
	run(t, "ssh-keygen", args...)
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return key, strings.TrimSpace(string(pub))
}

// keygenSign signs msg in namespace with ssh-keygen -Y sign -f keyFile (a
// private key, or a certificate beside its private key) and returns the
// armored signature.
func keygenSign(t testing.TB, keyFile, namespace string, msg []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "msg")
	if err := os.WriteFile(file, msg, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, "ssh-keygen", "-Y", "sign", "-n", namespace, "-f", keyFile, file)
	sig, err := os.ReadFile(file + ".sig")
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// keygenVerify reports whether the real ssh-keygen -Y verify accepts sig
// of msg by the key of the authorized-keys line pub, and its output.
func keygenVerify(t testing.TB, pub string, sig, msg []byte, namespace string) (bool, string) {
	t.Helper()
	dir := t.TempDir()
	signers, sigFile := filepath.Join(dir, "allowed"), filepath.Join(dir, "sig")
	if err := os.WriteFile(signers, []byte("signer@acme.example "+pub+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sigFile, sig, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ssh-keygen", "-Y", "verify", "-f", signers, "-I", "signer@acme.example", "-n", namespace, "-s", sigFile)
	cmd.Stdin = strings.NewReader(string(msg))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return err == nil, string(out)
}

// The SSH wire format, written for the tests' own signatures.
func str(s []byte) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(s))), s...)
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func mp(n *big.Int) []byte { return appendMpint(nil, n) }

// sshsigBlob builds a PROTOCOL.sshsig signature of msg by the key pub (wire
// format); sign makes the inner SSH signature blob of the data it is given.
func sshsigBlob(pub []byte, namespace, hashAlg string, msg []byte, sign func(data []byte) []byte) []byte {
	var h []byte
	if hashAlg == "sha512" {
		s := sha512.Sum512(msg)
		h = s[:]
	} else {
		s := sha256.Sum256(msg)
		h = s[:]
	}
	head := cat(str([]byte(namespace)), str(nil), str([]byte(hashAlg)))
	sig := sign(cat([]byte("SSHSIG"), head, str(h)))
	return cat([]byte("SSHSIG"), binary.BigEndian.AppendUint32(nil, 1), str(pub), head, str(sig))
}

func armor(raw []byte) []byte {
	b64 := base64.StdEncoding.EncodeToString(raw)
	var sb strings.Builder
	sb.WriteString("-----BEGIN SSH SIGNATURE-----\n")
	for len(b64) > 70 {
		sb.WriteString(b64[:70] + "\n")
		b64 = b64[70:]
	}
	sb.WriteString(b64 + "\n-----END SSH SIGNATURE-----\n")
	return []byte(sb.String())
}

func dearmor(t testing.TB, armored []byte) []byte {
	t.Helper()
	text := strings.TrimSpace(string(armored))
	text = strings.TrimSuffix(strings.TrimPrefix(text, "-----BEGIN SSH SIGNATURE-----"), "-----END SSH SIGNATURE-----")
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func authorized(wire []byte, comment string) string {
	typ := (&reader{b: wire}).string()
	return typ + " " + base64.StdEncoding.EncodeToString(wire) + " " + comment
}

// testKey is a key the tests sign with in Go: its wire encoding and a
// signer making the inner SSH signature blob.
type testKey struct {
	name string
	pub  []byte
	sign func(data []byte) []byte
}

func ed25519Key(t testing.TB) testKey {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{"ed25519", cat(str([]byte(typeED25519)), str(pub)), func(data []byte) []byte {
		return cat(str([]byte(typeED25519)), str(ed25519.Sign(priv, data)))
	}}
}

// skSigned is what a security key signs (PROTOCOL.u2f): the hash of the
// application, the flags, the counter and the hash of the data.
func skSigned(app string, flags byte, counter uint32, data []byte) []byte {
	a, m := sha256.Sum256([]byte(app)), sha256.Sum256(data)
	return cat(a[:], []byte{flags}, binary.BigEndian.AppendUint32(nil, counter), m[:])
}

func skEd25519Key(t testing.TB, flags byte) testKey {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	const app = "ssh:"
	return testKey{"sk-ed25519", cat(str([]byte(typeSKED25519)), str(pub), str([]byte(app))), func(data []byte) []byte {
		sig := ed25519.Sign(priv, skSigned(app, flags, 7, data))
		return cat(str([]byte(typeSKED25519)), str(sig), []byte{flags}, binary.BigEndian.AppendUint32(nil, 7))
	}}
}

func skECDSAKey(t testing.TB, flags byte) testKey {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	point, err := priv.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	const app = "ssh:"
	return testKey{"sk-ecdsa", cat(str([]byte(typeSKECDSA)), str([]byte("nistp256")), str(point), str([]byte(app))), func(data []byte) []byte {
		d := sha256.Sum256(skSigned(app, flags, 9, data))
		r, s, err := ecdsa.Sign(rand.Reader, priv, d[:])
		if err != nil {
			t.Fatal(err)
		}
		return cat(str([]byte(typeSKECDSA)), str(cat(mp(r), mp(s))), []byte{flags}, binary.BigEndian.AppendUint32(nil, 9))
	}}
}

// rsaKey signs with format ("ssh-rsa", "rsa-sha2-256" or "rsa-sha2-512").
func rsaKey(t testing.TB, priv *rsa.PrivateKey, format string) testKey {
	wire := cat(str([]byte(typeRSA)), mp(big.NewInt(int64(priv.E))), mp(priv.N))
	return testKey{"rsa " + format, wire, func(data []byte) []byte {
		var h crypto.Hash
		switch format {
		case "ssh-rsa":
			h = crypto.SHA1
		case "rsa-sha2-256":
			h = crypto.SHA256
		default:
			h = crypto.SHA512
		}
		d := h.New()
		d.Write(data)
		sig, err := rsa.SignPKCS1v15(rand.Reader, priv, h, d.Sum(nil))
		if err != nil {
			t.Fatal(err)
		}
		return cat(str([]byte(format)), str(sig))
	}}
}

// refVerify is the verification as golang.org/x/crypto/ssh does it, which
// this package replaces: the tests hold the two side by side.
func refVerify(raw, message []byte, namespace string) (ssh.PublicKey, error) {
	var b struct {
		Magic     [6]byte
		Version   uint32
		PublicKey []byte
		Namespace string
		Reserved  string
		Hash      string
		Signature []byte
	}
	if err := ssh.Unmarshal(raw, &b); err != nil {
		return nil, err
	}
	if string(b.Magic[:]) != magic || b.Version != 1 || b.Namespace != namespace {
		return nil, errors.New("not SSHSIG v1 in namespace")
	}
	key, err := ssh.ParsePublicKey(b.PublicKey)
	if err != nil {
		return nil, err
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(b.Signature, &sig); err != nil {
		return nil, err
	}
	var h []byte
	switch b.Hash {
	case "sha256":
		s := sha256.Sum256(message)
		h = s[:]
	case "sha512":
		s := sha512.Sum512(message)
		h = s[:]
	default:
		return nil, errors.New("unknown hash")
	}
	data := struct {
		Magic     [6]byte
		Namespace string
		Reserved  string
		Hash      string
		Digest    []byte
	}{Namespace: b.Namespace, Reserved: b.Reserved, Hash: b.Hash, Digest: h}
	copy(data.Magic[:], magic)
	if err := key.Verify(ssh.Marshal(data), &sig); err != nil {
		return nil, err
	}
	return key, nil
}
