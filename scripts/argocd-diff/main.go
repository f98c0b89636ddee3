// shai-diff: Argo CD's own diff (gitops-engine pkg/diff at argo-cd v3.3.9) of one desired and one live object,
// read as JSON {"config": ..., "live": ...} on stdin; prints {"modified": bool} as Argo CD's controller decides
// OutOfSync (and so self-heal) for an object synced with client-side apply and the default (non server-side) diff.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/argoproj/gitops-engine/pkg/diff"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func main() {
	var in struct {
		Config map[string]any `json:"config"`
		Live   map[string]any `json:"live"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	res, err := diff.Diff(&unstructured.Unstructured{Object: in.Config}, &unstructured.Unstructured{Object: in.Live}, diff.WithNormalizer(diff.GetNoopNormalizer()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	out, _ := json.Marshal(map[string]any{"modified": res.Modified})
	fmt.Println(string(out))
}
