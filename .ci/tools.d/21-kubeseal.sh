# lane: build
# kubeseal, built from its Go module at the controller version the sealed-secrets chart pin ships
# (chart 2.17.6 → appVersion 0.32.1, src/services/versions.ts): the tests seal with shai and unseal with kubeseal
# --recovery-unseal, and the other way round (test/secrets/kubeseal.test.ts).
CGO_ENABLED=0 go_tool kubeseal github.com/bitnami-labs/sealed-secrets/cmd/kubeseal v0.32.1
