package sshsig

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"testing"

	"golang.org/x/crypto/ssh"
)

// stricter is where this package refuses on purpose what x/crypto/ssh
// accepted.
func stricter(err error) bool {
	return errors.Is(err, errSHA1) || errors.Is(err, errDSA) || errors.Is(err, errTrailing) || errors.Is(err, errNeg)
}

func ecdsaKey(t testing.TB, curve elliptic.Curve, typ string) testKey {
	priv, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	point, _ := priv.PublicKey.Bytes()
	_, name := curveOf(typ)
	return testKey{typ, cat(str([]byte(typ)), str([]byte(name)), str(point)), func(data []byte) []byte {
		signer, err := ssh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := signer.Sign(rand.Reader, data)
		if err != nil {
			t.Fatal(err)
		}
		return ssh.Marshal(sig)
	}}
}

// fuzzKeys are keys of every type, and a certificate made by x/crypto/ssh.
func fuzzKeys(t testing.TB) []testKey {
	priv, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	keys := []testKey{
		ed25519Key(t), skEd25519Key(t, 1), skECDSAKey(t, 1), rsaKey(t, priv, "rsa-sha2-256"), rsaKey(t, priv, "ssh-rsa"),
		ecdsaKey(t, elliptic.P256(), typeECDSA256), ecdsaKey(t, elliptic.P384(), typeECDSA384), ecdsaKey(t, elliptic.P521(), typeECDSA521),
	}
	user := keys[0]
	pub, err := ssh.ParsePublicKey(user.pub)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	cert := &ssh.Certificate{Key: pub, KeyId: "priya", ValidPrincipals: []string{"priya"}, ValidBefore: ssh.CertTimeInfinity,
		CertType: ssh.UserCert, Permissions: ssh.Permissions{Extensions: map[string]string{"permit-pty": ""}}}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	return append(keys, testKey{"certificate", cert.Marshal(), user.sign})
}

// FuzzVerify holds this package's verification against x/crypto/ssh's on
// damaged signatures of every key type: what verifies here verifies there
// with the same key, and what verifies there and not here is one of the
// deliberate refusals. Nothing panics.
func FuzzVerify(f *testing.F) {
	for _, k := range fuzzKeys(f) {
		for _, h := range []string{"sha256", "sha512"} {
			f.Add(sshsigBlob(k.pub, GitNamespace, h, commitMsg, k.sign))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := verifyBlob(raw, commitMsg, GitNamespace)
		ref, refErr := refVerify(raw, commitMsg, GitNamespace)
		switch {
		case err == nil && refErr != nil:
			t.Fatalf("verifies here, not in x/crypto/ssh: %v", refErr)
		case err == nil && !bytes.Equal(got.Marshal(), ref.Marshal()) && got.alg == got.typ:
			t.Fatalf("key %x, x/crypto/ssh %x", got.Marshal(), ref.Marshal())
		case err != nil && refErr == nil && !stricter(err):
			t.Fatalf("verifies in x/crypto/ssh, not here: %v", err)
		}
	})
}

// FuzzParseAuthorizedKey holds the authorized-keys reader against
// x/crypto/ssh's.
func FuzzParseAuthorizedKey(f *testing.F) {
	for _, k := range fuzzKeys(f) {
		line := authorized(k.pub, "priya@laptop")
		f.Add(line)
		f.Add(`no-pty,command="a b" ` + line + "\r\n")
	}
	f.Add("# comment\n\nssh-ed25519 AAAA\n")
	f.Fuzz(func(t *testing.T, line string) {
		got, err := ParseAuthorizedKey([]byte(line))
		ref, _, _, _, refErr := ssh.ParseAuthorizedKey([]byte(line))
		switch {
		case err == nil && refErr != nil:
			t.Fatalf("reads here, not in x/crypto/ssh: %v", refErr)
		case err == nil && got.Type() != ref.Type():
			t.Fatalf("type %s, x/crypto/ssh %s", got.Type(), ref.Type())
		case err == nil && got.alg == got.typ && !bytes.Equal(got.Marshal(), ref.Marshal()):
			t.Fatalf("key %x, x/crypto/ssh %x", got.Marshal(), ref.Marshal())
		case err != nil && refErr == nil && !stricter(err):
			t.Fatalf("reads in x/crypto/ssh, not here: %v", err)
		}
		if err == nil && got.alg != got.typ {
			c := ref.(*ssh.Certificate)
			if !bytes.Equal(got.marshal(), c.Key.Marshal()) {
				t.Fatalf("certified key %x, x/crypto/ssh %x", got.marshal(), c.Key.Marshal())
			}
		}
	})
}

// FuzzParsePublicKey holds the wire-format key reader against
// x/crypto/ssh's on damaged keys and certificates.
func FuzzParsePublicKey(f *testing.F) {
	for _, k := range fuzzKeys(f) {
		f.Add(k.pub)
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		got, err := ParsePublicKey(wire)
		ref, refErr := ssh.ParsePublicKey(wire)
		switch {
		case err == nil && refErr != nil:
			t.Fatalf("reads here, not in x/crypto/ssh: %v", refErr)
		case err == nil && got.Type() != ref.Type():
			t.Fatalf("type %s, x/crypto/ssh %s", got.Type(), ref.Type())
		case err == nil && got.alg == got.typ && !bytes.Equal(got.Marshal(), ref.Marshal()):
			t.Fatalf("key %x, x/crypto/ssh %x", got.Marshal(), ref.Marshal())
		case err != nil && refErr == nil && !stricter(err):
			t.Fatalf("reads in x/crypto/ssh, not here: %v", err)
		}
		if err == nil && got.alg != got.typ {
			c := ref.(*ssh.Certificate)
			if !bytes.Equal(got.marshal(), c.Key.Marshal()) {
				t.Fatalf("certified key %x, x/crypto/ssh %x", got.marshal(), c.Key.Marshal())
			}
		}
	})
}

// TestFuzzSeeds: the fuzz targets start from signatures that verify in
// both packages (SHA-1 RSA: only in x/crypto/ssh).
func TestFuzzSeeds(t *testing.T) {
	for _, k := range fuzzKeys(t) {
		raw := sshsigBlob(k.pub, GitNamespace, "sha512", commitMsg, k.sign)
		got, err := verifyBlob(raw, commitMsg, GitNamespace)
		ref, refErr := refVerify(raw, commitMsg, GitNamespace)
		if refErr != nil {
			t.Errorf("%s: x/crypto/ssh: %v", k.name, refErr)
			continue
		}
		if k.name == "rsa ssh-rsa" {
			if !errors.Is(err, errSHA1) {
				t.Errorf("%s: err = %v", k.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", k.name, err)
			continue
		}
		if !bytes.Equal(got.Marshal(), ref.Marshal()) {
			t.Errorf("%s: key differs from x/crypto/ssh's", k.name)
		}
	}
}
