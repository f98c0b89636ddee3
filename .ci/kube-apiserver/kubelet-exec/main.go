// kubelet-exec: a node's exec endpoint for the tests, built from the kubelet's own streaming server
// (k8s.io/kubelet/pkg/cri/streaming/remotecommand, the code a real kubelet's CRI streaming uses) at the
// Kubernetes release of kube-apiserver. kube-apiserver forwards `pods/exec` to the node a Pod is bound to;
// this serves that request, speaking the kubelet's protocols (SPDY and WebSocket remotecommand), and runs the
// command on this machine instead of in a container: the stand-in is the container, never the protocol.
//
// A pod exists on this "node" when the directory <root>/<namespace>/<pod> does; a command runs there, with the
// environment of this process plus the KEY=VALUE lines of <root>/<namespace>/<pod>/<container>.env.
package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"
	remotecommandconsts "k8s.io/apimachinery/pkg/util/remotecommand"
	"k8s.io/client-go/tools/remotecommand"
	remotecommandserver "k8s.io/kubelet/pkg/cri/streaming/remotecommand"
	utilexec "k8s.io/utils/exec"
)

type localExecutor struct{ root string }

func (e localExecutor) ExecInContainer(ctx context.Context, name string, uid types.UID, container string, cmd []string,
	in io.Reader, out, errw io.WriteCloser, tty bool, resize <-chan remotecommand.TerminalSize, timeout time.Duration) error {
	if len(cmd) == 0 {
		return fmt.Errorf("no command")
	}
	ns, pod, _ := strings.Cut(name, "/")
	dir := filepath.Join(e.root, ns, pod)
	env := os.Environ()
	if f, err := os.Open(filepath.Join(dir, container+".env")); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if line := s.Text(); strings.Contains(line, "=") {
				env = append(env, line)
			}
		}
		f.Close()
	}
	c := exec.CommandContext(ctx, cmd[0], cmd[1:]...)
	c.Dir, c.Env, c.Stdout, c.Stderr = dir, env, out, errw
	if in != nil {
		c.Stdin = in
	}
	err := c.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return &utilexec.ExitErrorWrapper{ExitError: ee}
	}
	return err
}

func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "kubelet-exec"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

func main() {
	root := flag.String("root", "", "directory whose <namespace>/<pod> subdirectories are the pods on this node")
	flag.Parse()
	if *root == "" {
		fmt.Fprintln(os.Stderr, "kubelet-exec: --root is required")
		os.Exit(2)
	}
	executor := localExecutor{root: *root}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })
	// The kubelet's route: /exec/{podNamespace}/{podID}/{containerName}?command=...&stdout=1...
	mux.HandleFunc("/exec/{namespace}/{pod}/{container}", func(w http.ResponseWriter, req *http.Request) {
		ns, pod, container := req.PathValue("namespace"), req.PathValue("pod"), req.PathValue("container")
		if st, err := os.Stat(filepath.Join(*root, ns, pod)); err != nil || !st.IsDir() {
			http.Error(w, fmt.Sprintf("pod %s/%s is not on this node", ns, pod), http.StatusNotFound)
			return
		}
		opts, err := remotecommandserver.NewOptions(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		remotecommandserver.ServeExec(w, req, executor, ns+"/"+pod, "", container, req.URL.Query()["command"], opts,
			4*time.Hour, 30*time.Second, remotecommandconsts.SupportedStreamingProtocols)
	})
	cert, err := selfSigned()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on %d\n", ln.Addr().(*net.TCPAddr).Port)
	if err := http.Serve(ln, mux); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
