// Command mock-oidc runs oauth2-proxy's mock OpenID provider (github.com/oauth2-proxy/mockoidc, the module
// oauth2-proxy's own tests use) for test/real/sso.test.ts. It is a stand-in for Keycloak, named so: it checks the
// client id and secret and PKCE as Keycloak does, but it has no login form and does not check redirect_uri.
// The "browser" picks the user with the standard login_hint parameter of the authorization request; users
// come from -users (a JSON object: login name -> mockoidc.MockUser). It serves TLS with a certificate for the
// listen address from a CA it makes and writes to -ca-out, which the test mounts as oauth2-proxy's platform CA.
// It prints "issuer <url>" once it is ready.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/oauth2-proxy/mockoidc"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (host must be an IP)")
	clientID := flag.String("client-id", "", "the client id oauth2-proxy sends")
	clientSecret := flag.String("client-secret", "", "the client secret oauth2-proxy sends")
	usersFile := flag.String("users", "", "JSON file: login name -> user")
	caOut := flag.String("ca-out", "", "where to write the CA certificate (PEM)")
	flag.Parse()

	users := map[string]*mockoidc.MockUser{}
	raw, err := os.ReadFile(*usersFile)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(raw, &users); err != nil {
		log.Fatalf("%s: %v", *usersFile, err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	tlsConfig, caPEM, err := serverTLS(net.ParseIP(host))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*caOut, caPEM, 0o644); err != nil {
		log.Fatal(err)
	}

	m, err := mockoidc.NewServer(nil)
	if err != nil {
		log.Fatal(err)
	}
	m.ClientID, m.ClientSecret = *clientID, *clientSecret
	// The user the browser logs in as: login_hint on the authorization request, else the request fails.
	_ = m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == mockoidc.AuthorizationEndpoint {
				u, ok := users[r.URL.Query().Get("login_hint")]
				if !ok {
					http.Error(w, "unknown login_hint", http.StatusBadRequest)
					return
				}
				m.QueueUser(u)
			}
			log.Printf("%s %s", r.Method, r.URL.Path)
			next.ServeHTTP(w, r)
		})
	})
	// Start serves the listener as it is (its tls.Config only makes the issuer https): TLS is the listener's.
	if err := m.Start(tls.NewListener(ln, tlsConfig), tlsConfig); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("issuer %s\n", m.Issuer())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	_ = m.Shutdown()
}

// serverTLS makes a CA and a server certificate for ip, signed by it.
func serverTLS(ip net.IP) (*tls.Config, []byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mock-oidc test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: ip.String()},
		IPAddresses:  []net.IP{ip},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}
	cert := tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: key}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return &tls.Config{Certificates: []tls.Certificate{cert}}, caPEM, nil
}
