// Package sshsig verifies SSH signatures in the format of ssh-keygen -Y
// sign (OpenSSH's PROTOCOL.sshsig), which git writes into a commit's gpgsig
// header when gpg.format is ssh, and reads a commit's signature.
package sshsig

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

const (
	magic      = "SSHSIG"
	armorBegin = "-----BEGIN SSH SIGNATURE-----"
	armorEnd   = "-----END SSH SIGNATURE-----"
)

// GitNamespace is the namespace git signs commits in.
const GitNamespace = "git"

// ErrNotSSH is returned for a signature that is not an SSH signature (an
// OpenPGP or X.509 one).
var ErrNotSSH = errors.New("not an SSH signature")

// maxArmored bounds the armored signature read: the largest key ssh-keygen
// makes (RSA, 16384 bits) signs in under 5 KB, a certificate adds its
// principals and options.
const maxArmored = 256 << 10

// Verify checks an armored SSH signature of message in namespace and
// returns the public key that made it. The caller decides whether it
// trusts that key.
func Verify(armored, message []byte, namespace string) (*PublicKey, error) {
	text := strings.TrimSpace(string(armored))
	if !strings.HasPrefix(text, armorBegin) {
		return nil, ErrNotSSH
	}
	if len(text) > maxArmored {
		return nil, fmt.Errorf("SSH signature: larger than %d KiB", maxArmored>>10)
	}
	body, ok := strings.CutSuffix(strings.TrimPrefix(text, armorBegin), armorEnd)
	if !ok {
		return nil, errors.New("SSH signature: no end line")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		return nil, fmt.Errorf("SSH signature: %w", err)
	}
	return verifyBlob(raw, message, namespace)
}

// verifyBlob checks the signature as PROTOCOL.sshsig lays it out:
//
//	byte[6] "SSHSIG", uint32 version (1), string public key,
//	string namespace, string reserved, string hash algorithm,
//	string signature
//
// where the key signed
//
//	byte[6] "SSHSIG", string namespace, string reserved,
//	string hash algorithm, string H(message)
func verifyBlob(raw, message []byte, namespace string) (*PublicKey, error) {
	r := &reader{b: raw}
	m := r.raw(len(magic))
	version := r.uint32()
	pub := r.bytes()
	ns := r.bytes()
	reserved := r.bytes()
	hashAlg := r.bytes()
	sig := r.bytes()
	if string(m) != magic || version != 1 {
		return nil, errors.New("SSH signature: not version 1 of the SSHSIG format")
	}
	if err := r.done(); err != nil {
		return nil, fmt.Errorf("SSH signature: %w", err)
	}
	if string(ns) != namespace {
		return nil, fmt.Errorf("SSH signature: made for namespace %q, not %q", ns, namespace)
	}
	key, err := ParsePublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("SSH signature: %w", err)
	}
	var digest []byte
	switch string(hashAlg) {
	case "sha256":
		h := sha256.Sum256(message)
		digest = h[:]
	case "sha512":
		h := sha512.Sum512(message)
		digest = h[:]
	default:
		return nil, fmt.Errorf("SSH signature: unknown hash %q", hashAlg)
	}
	data := append([]byte(magic), appendString(appendString(appendString(appendString(nil, ns), reserved), hashAlg), digest)...)
	if err := key.verify(data, sig); err != nil {
		return nil, fmt.Errorf("SSH signature does not match: %w", err)
	}
	return key, nil
}

// SplitCommit separates a raw commit object into the payload git signs
// (the commit without its gpgsig header) and the signature; the signature
// is nil for an unsigned commit.
func SplitCommit(raw []byte) (payload, signature []byte) {
	header, msg, _ := bytes.Cut(raw, []byte("\n\n"))
	var out, sig bytes.Buffer
	inSig := false
	for _, line := range bytes.Split(header, []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("gpgsig ")):
			inSig = true
			sig.Write(line[len("gpgsig "):])
			sig.WriteByte('\n')
		case inSig && bytes.HasPrefix(line, []byte(" ")):
			sig.Write(line[1:])
			sig.WriteByte('\n')
		default:
			inSig = false
			out.Write(line)
			out.WriteByte('\n')
		}
	}
	out.WriteByte('\n')
	out.Write(msg)
	if sig.Len() == 0 {
		return raw, nil
	}
	return out.Bytes(), sig.Bytes()
}

// SameKey reports whether an authorized-keys line ("ssh-ed25519 AAAA...
// comment", as in git's allowed signers) names key.
func SameKey(line string, key *PublicKey) bool {
	k, err := ParseAuthorizedKey([]byte(line))
	return err == nil && key != nil && bytes.Equal(k.wire, key.wire)
}
