package feed_test

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/applesec/applesec/feed"
)

// A Client trusts Apple's root for gdmf.apple.com out of the box; the
// certificate is also there for callers who pin it elsewhere.
func ExampleAppleRootCA() {
	block, _ := pem.Decode(feed.AppleRootCA())
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cert.Subject.CommonName, "for", feed.AppleRootHost)
	fmt.Printf("SHA-256 %X\n", sha256.Sum256(cert.Raw))
	// Output:
	// Apple Root CA for gdmf.apple.com
	// SHA-256 B0B1730ECBC7FF4505142C49F1295E6EDA6BCAED7E2C68C5BE91B5A11001F024
}
