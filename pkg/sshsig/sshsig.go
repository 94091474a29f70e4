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
	"hash"
	"strings"

	"golang.org/x/crypto/ssh"
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

// blob is the signature as PROTOCOL.sshsig lays it out.
type blob struct {
	Magic     [6]byte
	Version   uint32
	PublicKey []byte
	Namespace string
	Reserved  string
	Hash      string
	Signature []byte
}

// signedData is what the key signs: the message's hash with its context.
type signedData struct {
	Magic     [6]byte
	Namespace string
	Reserved  string
	Hash      string
	Digest    []byte
}

// Verify checks an armored SSH signature of message in namespace and
// returns the public key that made it. The caller decides whether it
// trusts that key.
func Verify(armored, message []byte, namespace string) (ssh.PublicKey, error) {
	text := strings.TrimSpace(string(armored))
	if !strings.HasPrefix(text, armorBegin) {
		return nil, ErrNotSSH
	}
	body, ok := strings.CutSuffix(strings.TrimPrefix(text, armorBegin), armorEnd)
	if !ok {
		return nil, errors.New("SSH signature: no end line")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		return nil, fmt.Errorf("SSH signature: %w", err)
	}
	var b blob
	if err := ssh.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("SSH signature: %w", err)
	}
	if string(b.Magic[:]) != magic || b.Version != 1 {
		return nil, errors.New("SSH signature: not version 1 of the SSHSIG format")
	}
	if b.Namespace != namespace {
		return nil, fmt.Errorf("SSH signature: made for namespace %q, not %q", b.Namespace, namespace)
	}
	key, err := ssh.ParsePublicKey(b.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("SSH signature: %w", err)
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(b.Signature, &sig); err != nil {
		return nil, fmt.Errorf("SSH signature: %w", err)
	}
	var h hash.Hash
	switch b.Hash {
	case "sha256":
		h = sha256.New()
	case "sha512":
		h = sha512.New()
	default:
		return nil, fmt.Errorf("SSH signature: unknown hash %q", b.Hash)
	}
	h.Write(message)
	data := signedData{Namespace: b.Namespace, Reserved: b.Reserved, Hash: b.Hash, Digest: h.Sum(nil)}
	copy(data.Magic[:], magic)
	if err := key.Verify(ssh.Marshal(data), &sig); err != nil {
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
func SameKey(line string, key ssh.PublicKey) bool {
	k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	return err == nil && bytes.Equal(k.Marshal(), key.Marshal())
}
