package feed

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// appleRootSHA256 is the fingerprint Apple publishes for "Apple Root CA" at
// https://www.apple.com/certificateauthority/.
const appleRootSHA256 = "b0b1730ecbc7ff4505142c49f1295e6eda6bcaed7e2c68c5be91b5a11001f024"

func TestAppleRootCA(t *testing.T) {
	block, rest := pem.Decode(AppleRootCA())
	require.NotNil(t, block)
	assert.Empty(t, rest)
	assert.Equal(t, "CERTIFICATE", block.Type)
	sum := sha256.Sum256(block.Bytes)
	assert.Equal(t, appleRootSHA256, hex.EncodeToString(sum[:]))

	cert, err := appleRootCert()
	require.NoError(t, err)
	assert.Equal(t, "Apple Root CA", cert.Subject.CommonName)
	assert.True(t, cert.IsCA)
	assert.Equal(t, 2035, cert.NotAfter.Year())

	// A copy: changing it changes nothing else.
	b := AppleRootCA()
	b[0] = 'X'
	assert.Equal(t, byte('-'), AppleRootCA()[0])
}

// testPKI is a CA and a server certificate it signed for some DNS names.
type testPKI struct {
	ca     *x509.Certificate
	server tls.Certificate
}

// newTestPKI makes a CA and a certificate for names signed by it.
func newTestPKI(t *testing.T, names ...string) testPKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "applesec test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	return testPKI{ca: ca, server: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}}
}

// loopbackTransport dials srv whatever host a request names, so that a test
// can speak to "gdmf.apple.com" without any traffic leaving the machine, and
// trusts no root at all (as a system pool without the test CA).
func loopbackTransport(srv *httptest.Server) *http.Transport {
	addr := srv.Listener.Addr().String()
	return &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: x509.NewCertPool()},
	}
}

// TestHostRootsTransport: a root trusted for one host is trusted for that
// host only. One loopback server presents a certificate for both
// gdmf.apple.com and other.example chained to a test CA; the CA is
// installed for gdmf.apple.com.
func TestHostRootsTransport(t *testing.T) {
	pki := newTestPKI(t, AppleRootHost, "other.example")
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok "+r.Host)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pki.server}, MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	base := loopbackTransport(srv)
	hc := &http.Client{Transport: withHostRoots(base, AppleRootHost, []*x509.Certificate{pki.ca}), Timeout: 10 * time.Second}
	defer hc.CloseIdleConnections()

	tests := []struct {
		name    string
		url     string
		trusted bool
	}{
		{"the host given", "https://gdmf.apple.com/v2/pmv", true},
		{"host name case ignored", "https://GDMF.Apple.COM:443/v2/pmv", true},
		{"another host", "https://other.example/", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, tc.url, nil)
			require.NoError(t, err)
			res, err := hc.Do(req)
			if !tc.trusted {
				require.Error(t, err)
				assert.True(t, isCertificateError(err), "want a certificate error, got %v", err)
				return
			}
			require.NoError(t, err)
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			assert.Contains(t, string(body), "ok ")
		})
	}
}

// TestClientTrustsAppleRootForGDMFOnly: NewClient installs the embedded
// Apple root for gdmf.apple.com and leaves other hosts on the given roots;
// DisableAppleRoot and transports that cannot be cloned are left alone.
func TestClientTrustsAppleRootForGDMFOnly(t *testing.T) {
	root, err := appleRootCert()
	require.NoError(t, err)
	verifies := func(rt http.RoundTripper) bool {
		tr, ok := rt.(*http.Transport)
		require.True(t, ok, "%T", rt)
		_, err := root.Verify(x509.VerifyOptions{Roots: tr.TLSClientConfig.RootCAs})
		return err == nil
	}
	base := &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: x509.NewCertPool()}}

	c, err := NewClient(Config{HTTPClient: &http.Client{Transport: base}})
	require.NoError(t, err)
	rt, ok := c.hc.Transport.(*hostRootsTransport)
	require.True(t, ok, "%T", c.hc.Transport)
	assert.Equal(t, AppleRootHost, rt.host)
	assert.True(t, verifies(rt.trusted), "gdmf.apple.com trusts the Apple root")
	assert.False(t, verifies(rt.base), "other hosts do not")
	assert.Same(t, base, rt.base)
	assert.False(t, verifies(base), "the caller's transport is not modified")

	// The default client too.
	c, err = NewClient(Config{})
	require.NoError(t, err)
	assert.IsType(t, &hostRootsTransport{}, c.hc.Transport)

	// Turned off.
	c, err = NewClient(Config{HTTPClient: &http.Client{Transport: base}, DisableAppleRoot: true})
	require.NoError(t, err)
	assert.Same(t, base, c.hc.Transport)

	// A transport that cannot be cloned (a replay) is used as given.
	replay := NewReplay(t.TempDir())
	c, err = NewClient(Config{HTTPClient: &http.Client{Transport: replay}})
	require.NoError(t, err)
	assert.Same(t, replay, c.hc.Transport)
}
