package sshsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Key types, as OpenSSH names them on the wire and in authorized_keys.
const (
	typeED25519   = "ssh-ed25519"
	typeSKED25519 = "sk-ssh-ed25519@openssh.com"
	typeECDSA256  = "ecdsa-sha2-nistp256"
	typeECDSA384  = "ecdsa-sha2-nistp384"
	typeECDSA521  = "ecdsa-sha2-nistp521"
	typeSKECDSA   = "sk-ecdsa-sha2-nistp256@openssh.com"
	typeRSA       = "ssh-rsa"
	typeDSA       = "ssh-dss"
	certSuffix    = "-cert-v01@openssh.com"
)

// Refusals where this package is deliberately stricter than
// golang.org/x/crypto/ssh, which accepted these before.
var (
	errDSA  = errors.New("DSA keys (ssh-dss) are not supported, as in OpenSSH since 9.8: sign with an ed25519 key")
	errSHA1 = errors.New("RSA signature with SHA-1 (ssh-rsa) refused, as OpenSSH refuses it for SSH signatures: sign again with a current ssh-keygen, which writes rsa-sha2-512")
	errNeg  = errors.New("negative integer")
)

// errUserPresence: sshd refuses such a signature unless the key is marked
// no-touch-required, which a signingKeys entry cannot say.
var errUserPresence = errors.New("security key signature without user presence (the key was not touched): sign again and touch the key")

// PublicKey is a public key, or an OpenSSH certificate, that made a
// signature or that an authorized-keys line names.
type PublicKey struct {
	typ  string // the type on the wire; a certificate's own type for a certificate
	wire []byte // what SameKey compares and the fingerprint hashes
	alg  string // the plain type of the key that signs: typ, or the certified key's
	ed   ed25519.PublicKey
	ec   *ecdsa.PublicKey
	rsa  *rsa.PublicKey
	app  string // a security key's application ("ssh:")
}

// Type is the key's type name, e.g. "ssh-ed25519".
func (k *PublicKey) Type() string { return k.typ }

// Marshal is the key's SSH wire encoding, as an authorized-keys line holds
// it in base64 (a certificate's as it was read).
func (k *PublicKey) Marshal() []byte { return bytes.Clone(k.wire) }

// FingerprintSHA256 is the key's fingerprint as ssh-keygen -l prints it:
// "SHA256:" and the unpadded base64 of the SHA-256 of the wire encoding,
// for a certificate that of its key (x/crypto/ssh hashed the whole
// certificate, which no OpenSSH tool shows).
func FingerprintSHA256(k *PublicKey) string {
	sum := sha256.Sum256(k.marshal())
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// ParsePublicKey reads a key or certificate in the SSH wire format.
func ParsePublicKey(wire []byte) (*PublicKey, error) {
	r := &reader{b: wire}
	typ := r.string()
	if r.err != nil {
		return nil, fmt.Errorf("public key: %w", r.err)
	}
	if plain, ok := strings.CutSuffix(typ, certSuffix); ok {
		k, err := parseCert(r, typ, plain)
		if err != nil {
			return nil, fmt.Errorf("certificate %s: %w", typ, err)
		}
		k.wire = bytes.Clone(wire)
		return k, nil
	}
	k, err := parseKey(r, typ)
	if err == nil {
		err = r.done()
	}
	if err != nil {
		return nil, fmt.Errorf("public key %s: %w", typ, err)
	}
	k.wire = k.marshal()
	return k, nil
}

// parseKey reads the fields of a plain key of type typ (the type name
// already read).
func parseKey(r *reader, typ string) (*PublicKey, error) {
	k := &PublicKey{typ: typ, alg: typ}
	switch typ {
	case typeED25519, typeSKED25519:
		pub := r.bytes()
		if typ == typeSKED25519 {
			k.app = r.string()
		}
		if r.err != nil {
			return nil, r.err
		}
		if len(pub) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("ed25519 key of %d bytes, not %d", len(pub), ed25519.PublicKeySize)
		}
		k.ed = ed25519.PublicKey(bytes.Clone(pub))
	case typeECDSA256, typeECDSA384, typeECDSA521, typeSKECDSA:
		curve, name := curveOf(typ)
		id := r.string()
		point := r.bytes()
		if typ == typeSKECDSA {
			k.app = r.string()
		}
		if r.err != nil {
			return nil, r.err
		}
		if id != name {
			return nil, fmt.Errorf("curve %q in a key of type %s", id, typ)
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
		if err != nil {
			return nil, err
		}
		k.ec = pub
	case typeRSA:
		e, n := mpint(r), mpint(r)
		if r.err != nil {
			return nil, r.err
		}
		switch {
		// 16384 bits is the most ssh-keygen makes; a larger modulus
		// only costs the verifier time.
		case n.BitLen() > 16384:
			return nil, errors.New("RSA modulus larger than 16384 bits")
		case e.BitLen() > 24:
			return nil, errors.New("RSA exponent too large")
		case e.Int64() < 3 || e.Bit(0) == 0:
			return nil, errors.New("RSA exponent not odd or below 3")
		}
		k.rsa = &rsa.PublicKey{N: n, E: int(e.Int64())}
	case typeDSA:
		return nil, errDSA
	default:
		return nil, fmt.Errorf("unknown key type %q", typ)
	}
	return k, nil
}

// curveOf is the curve and its SSH name for an ECDSA key type.
func curveOf(typ string) (elliptic.Curve, string) {
	switch typ {
	case typeECDSA384:
		return elliptic.P384(), "nistp384"
	case typeECDSA521:
		return elliptic.P521(), "nistp521"
	}
	return elliptic.P256(), "nistp256"
}

// marshal is the canonical wire encoding of the plain key, a certificate's
// certified key (an RSA key's integers in their shortest form, as
// x/crypto/ssh compared keys).
func (k *PublicKey) marshal() []byte {
	b := appendString(nil, []byte(k.alg))
	switch {
	case k.ed != nil:
		b = appendString(b, k.ed)
	case k.ec != nil:
		_, name := curveOf(k.alg)
		point, _ := k.ec.Bytes() // cannot fail: the key was parsed from these bytes
		b = appendString(appendString(b, []byte(name)), point)
	case k.rsa != nil:
		b = appendMpint(appendMpint(b, big.NewInt(int64(k.rsa.E))), k.rsa.N)
	}
	if k.alg == typeSKED25519 || k.alg == typeSKECDSA {
		b = appendString(b, []byte(k.app))
	}
	return b
}

// mpint reads a non-negative multiple-precision integer (RFC 4251).
func mpint(r *reader) *big.Int {
	b := r.bytes()
	if len(b) > 0 && b[0]&0x80 != 0 {
		if r.err == nil {
			r.err = errNeg
		}
		r.b = nil
	}
	return new(big.Int).SetBytes(b)
}

func appendMpint(b []byte, n *big.Int) []byte {
	v := n.Bytes()
	if len(v) > 0 && v[0]&0x80 != 0 {
		v = append([]byte{0}, v...)
	}
	return appendString(b, v)
}

// parseCert reads an OpenSSH certificate (PROTOCOL.certkeys) of the plain
// type plain. Its fields are checked as x/crypto/ssh checks them; the
// certificate authority's signature is not verified: a certificate counts
// as a key of its own, matching only the same certificate, as OpenSSH's
// allowed-signers file treats a certificate listed without cert-authority.
func parseCert(r *reader, typ, plain string) (*PublicKey, error) {
	r.bytes() // nonce
	k, err := parseKey(r, plain)
	if err != nil {
		return nil, err
	}
	k.typ = typ
	r.uint64() // serial
	r.uint32() // certificate type
	r.bytes()  // key id
	principals := &reader{b: r.bytes()}
	r.uint64() // valid after
	r.uint64() // valid before
	critical, extensions := r.bytes(), r.bytes()
	r.bytes() // reserved
	signer, sig := r.bytes(), r.bytes()
	if err := r.done(); err != nil {
		return nil, err
	}
	for len(principals.b) > 0 {
		principals.bytes()
	}
	if principals.err != nil {
		return nil, fmt.Errorf("principals: %w", principals.err)
	}
	if err := checkOptions(critical); err != nil {
		return nil, fmt.Errorf("critical options: %w", err)
	}
	if err := checkOptions(extensions); err != nil {
		return nil, fmt.Errorf("extensions: %w", err)
	}
	sr := &reader{b: signer}
	if t := sr.string(); sr.err == nil && strings.HasSuffix(t, certSuffix) {
		return nil, errors.New("signed by a certificate")
	}
	if _, err := ParsePublicKey(signer); err != nil {
		return nil, fmt.Errorf("signature key: %w", err)
	}
	sg := &reader{b: sig}
	format := sg.string()
	sg.bytes()
	if p, _ := strings.CutSuffix(format, certSuffix); p == typeSKECDSA || p == typeSKED25519 {
		sg.b = nil // a security key's flags and counter, not checked here
	}
	if err := sg.done(); err != nil {
		return nil, fmt.Errorf("signature: %w", err)
	}
	return k, nil
}

// checkOptions checks a certificate's critical options or extensions:
// name and data pairs, names in lexical order, data empty or one string.
func checkOptions(b []byte) error {
	r := &reader{b: b}
	var last string
	for first := true; len(r.b) > 0; first = false {
		name := r.string()
		data := &reader{b: r.bytes()}
		if r.err != nil {
			return r.err
		}
		if !first && name <= last {
			return errors.New("not in lexical order")
		}
		last = name
		if len(data.b) > 0 {
			data.bytes()
			if err := data.done(); err != nil {
				return err
			}
		}
	}
	return nil
}

// verify checks sig, an SSH signature blob (RFC 4253 section 6.6, and
// PROTOCOL.u2f for security keys), of data.
func (k *PublicKey) verify(data, sig []byte) error {
	r := &reader{b: sig}
	format := r.string()
	blob := r.bytes()
	if r.err != nil {
		return r.err
	}
	switch k.alg {
	case typeED25519, typeECDSA256, typeECDSA384, typeECDSA521, typeSKED25519, typeSKECDSA:
		if format != k.alg {
			return fmt.Errorf("signature of type %s for a key of type %s", format, k.alg)
		}
	case typeRSA:
		if format == typeRSA {
			return errSHA1
		}
		if format != "rsa-sha2-256" && format != "rsa-sha2-512" {
			return fmt.Errorf("signature of type %s for a key of type %s", format, k.alg)
		}
	}
	if k.alg == typeSKED25519 || k.alg == typeSKECDSA {
		// The key signed the hash of its application, its flags and
		// counter, and the hash of the data (PROTOCOL.u2f).
		flags, counter := r.raw(1), r.raw(4)
		if err := r.done(); err != nil {
			return err
		}
		if flags[0]&0x01 == 0 {
			return errUserPresence
		}
		app, msg := sha256.Sum256([]byte(k.app)), sha256.Sum256(data)
		data = append(append(append(append([]byte(nil), app[:]...), flags...), counter...), msg[:]...)
	} else if err := r.done(); err != nil {
		return err
	}
	ok := false
	switch k.alg {
	case typeED25519, typeSKED25519:
		ok = len(blob) == ed25519.SignatureSize && ed25519.Verify(k.ed, data, blob)
	case typeECDSA256, typeECDSA384, typeECDSA521, typeSKECDSA:
		br := &reader{b: blob}
		rr, ss := mpint(br), mpint(br)
		if err := br.done(); err != nil {
			return fmt.Errorf("ECDSA signature: %w", err)
		}
		var digest []byte
		switch k.alg {
		case typeECDSA384:
			h := sha512.Sum384(data)
			digest = h[:]
		case typeECDSA521:
			h := sha512.Sum512(data)
			digest = h[:]
		default:
			h := sha256.Sum256(data)
			digest = h[:]
		}
		ok = ecdsa.Verify(k.ec, digest, rr, ss)
	case typeRSA:
		if n := k.rsa.N.BitLen(); n < 1024 {
			return fmt.Errorf("RSA key of %d bits: OpenSSH requires at least 1024", n)
		}
		// OpenSSH accepts a signature missing its leading zero bytes
		// (some signers write them so); PKCS #1 wants the modulus's length.
		if size := k.rsa.Size(); len(blob) < size {
			blob = append(make([]byte, size-len(blob), size), blob...)
		}
		var err error
		if format == "rsa-sha2-256" {
			h := sha256.Sum256(data)
			err = rsa.VerifyPKCS1v15(k.rsa, crypto.SHA256, h[:], blob)
		} else {
			h := sha512.Sum512(data)
			err = rsa.VerifyPKCS1v15(k.rsa, crypto.SHA512, h[:], blob)
		}
		ok = err == nil
	}
	if !ok {
		return errors.New("signature did not verify")
	}
	return nil
}

// ParseAuthorizedKey reads the first key of an authorized_keys text (sshd(8)):
// blank lines and # comments are skipped, options may come before the key
// type, a comment after the key. The line's type must be the key's own.
func ParseAuthorizedKey(text []byte) (*PublicKey, error) {
	var lastErr error
	for len(text) > 0 {
		line, rest, _ := bytes.Cut(text, []byte("\n"))
		text = rest
		line, _, _ = bytes.Cut(line, []byte("\r"))
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		i := bytes.IndexAny(line, " \t")
		if i == -1 {
			continue
		}
		k, err := parseKeyField(line[:i], line[i:])
		if err == nil {
			return k, nil
		}
		lastErr = keyError(lastErr, err)
		// Not a key type: maybe options, up to the first blank outside
		// double quotes.
		inQuote := false
		for i = 0; i < len(line); i++ {
			b := line[i]
			if !inQuote && (b == ' ' || b == '\t') {
				break
			}
			if b == '"' && (i == 0 || line[i-1] != '\\') {
				inQuote = !inQuote
			}
		}
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			continue // an unmatched quote
		}
		line = line[i:]
		if i = bytes.IndexAny(line, " \t"); i == -1 {
			continue
		}
		if k, err = parseKeyField(line[:i], line[i:]); err == nil {
			return k, nil
		}
		lastErr = keyError(lastErr, err)
	}
	if lastErr != nil {
		return nil, fmt.Errorf("no key found: %w", lastErr)
	}
	return nil, errors.New("no key found")
}

// errNotBase64: the field read as the key is not base64, so the line may
// not hold a key there at all.
var errNotBase64 = errors.New("the key field is not base64")

// keyError is the error to report of a line read two ways (as a key, and
// after an options field): the one that found a key and refused it, over
// one that found no key.
func keyError(prev, err error) error {
	if prev == nil || errors.Is(prev, errNotBase64) {
		return err
	}
	return prev
}

// parseKeyField reads "BASE64 [comment]" after the type field typ.
func parseKeyField(typ, in []byte) (*PublicKey, error) {
	in = bytes.TrimSpace(in)
	if i := bytes.IndexAny(in, " \t"); i != -1 {
		in = in[:i]
	}
	wire := make([]byte, base64.StdEncoding.DecodedLen(len(in)))
	n, err := base64.StdEncoding.Decode(wire, in)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", errNotBase64, err)
	}
	k, err := ParsePublicKey(wire[:n])
	if err != nil {
		return nil, err
	}
	if string(typ) != k.Type() {
		return nil, fmt.Errorf("the line says key type %q, the key is %q", typ, k.Type())
	}
	return k, nil
}
