package feed

import (
	"bytes"
	"crypto/x509"
	_ "embed" // the Apple Root CA certificate
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// appleRootPEM is "Apple Root CA" (C=US, O=Apple Inc., OU=Apple
// Certification Authority; valid 2006-04-25 to 2035-02-09), SHA-256
// fingerprint B0:B1:73:0E:CB:C7:FF:45:05:14:2C:49:F1:29:5E:6E:DA:6B:CA:ED:
// 7E:2C:68:C5:BE:91:B5:A1:10:01:F0:24 as Apple publishes it at
// https://www.apple.com/certificateauthority/. A test checks the
// fingerprint.
//
//go:embed AppleRootCA.pem
var appleRootPEM []byte

// AppleRootHost is the one host for which a Client trusts AppleRootCA by
// default: Apple's software lookup service, whose TLS chain ends at "Apple
// Root CA", which system trust stores lack.
const AppleRootHost = "gdmf.apple.com"

// AppleRootCA returns Apple's public "Apple Root CA" certificate as PEM (a
// copy: changing it changes nothing else). A Client trusts it for
// AppleRootHost only, unless Config.DisableAppleRoot is set; pass it in
// Config.ExtraRootCAs to trust it for every host.
func AppleRootCA() []byte { return bytes.Clone(appleRootPEM) }

// appleRootCert returns the parsed AppleRootCA. The embedded file is fixed
// and checked by a test; an error here is a build defect, reported rather
// than panicked.
func appleRootCert() (*x509.Certificate, error) {
	block, _ := pem.Decode(appleRootPEM)
	if block == nil {
		return nil, errors.New("feed: embedded AppleRootCA.pem holds no PEM block")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("feed: embedded AppleRootCA.pem: %w", err)
	}
	return cert, nil
}

// hostRootsTransport sends requests to host through a transport that trusts
// extra roots, and every other request through base, which does not: a root
// trusted for one service is not trusted for the rest of the Internet.
type hostRootsTransport struct {
	host    string // lower case, no port
	trusted *http.Transport
	base    http.RoundTripper
}

// withHostRoots returns rt routed so that requests to host also trust
// certs. It returns rt unchanged when rt is neither nil (the default
// transport) nor an *http.Transport, which cannot be cloned: a replay or a
// test transport makes no TLS connection of its own.
func withHostRoots(rt http.RoundTripper, host string, certs []*x509.Certificate) http.RoundTripper {
	trusted, err := transportWithRoots(rt, certs)
	if err != nil {
		return rt // not an *http.Transport
	}
	if rt == nil {
		rt = http.DefaultTransport
	}
	return &hostRootsTransport{host: strings.ToLower(host), trusted: trusted, base: rt}
}

// RoundTrip implements http.RoundTripper.
func (t *hostRootsTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.EqualFold(req.URL.Hostname(), t.host) {
		return t.trusted.RoundTrip(req)
	}
	return t.base.RoundTrip(req)
}

// CloseIdleConnections closes the idle connections of both transports, so
// that http.Client.CloseIdleConnections keeps working.
func (t *hostRootsTransport) CloseIdleConnections() {
	t.trusted.CloseIdleConnections()
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
