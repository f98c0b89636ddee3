# Keycloak's server distribution (org.keycloak:keycloak-quarkus-dist, a zip on Maven Central, fetched with mvn) in
# $SHAI_TOOLS/keycloak, for test/real/sso-keycloak.test.ts. The image pins quay.io/keycloak/keycloak:26.7.2 (src/services/
# versions.ts); test/real/sso-tools.test.ts fails when that pin and KEYCLOAK_VERSION part. Keycloak 26 needs Java 21 or newer: the
# wrapper $SHAI_TOOLS/bin/kc.sh runs it on the first such JDK under /usr/lib/jvm (Temurin 25 on these machines;
# Debian bookworm's default java is 17). The test starts it with `start` as the Deployment does: the first start
# also runs Keycloak's build step (Quarkus augmentation) for the rendered build options, into this directory.
# Cold (empty $SHAI_TOOLS and Maven repository): 101 s wall on a loaded 2-core machine (download and unzip, 188 MiB),
# in the download lane, beside the Go builds.
KEYCLOAK_VERSION=26.7.2
keycloak_install() {
  local dir="$SHAI_TOOLS/keycloak" tmp="$SHAI_TOOLS/keycloak.download" log="$SHAI_TOOLS/keycloak.log" t0=$SECONDS jdk=
  for j in /usr/lib/jvm/*/bin/java; do
    [ "$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" -ge 21 ] 2>/dev/null \
      && { jdk=$(dirname "$(dirname "$j")"); break; }
  done
  [ -n "$jdk" ] || { echo "no JDK 21+ under /usr/lib/jvm" >"$log"; return 1; }
  rm -rf "$dir" "$tmp" && mkdir -p "$tmp" || return 1
  mvn -q -B -Dmaven.repo.local="$tmp/m2" dependency:copy \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$tmp" >"$log" 2>&1 || return 1
  mkdir -p "$dir" && unzip -q "$tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$dir" >>"$log" 2>&1 || return 1
  rm -rf "$tmp"
  printf '#!/bin/sh\nJAVA_HOME="%s" exec "%s" "$@"\n' "$jdk" "$dir/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" \
    >"$SHAI_TOOLS/bin/kc.sh" && chmod +x "$SHAI_TOOLS/bin/kc.sh"
  echo "tools: keycloak $KEYCLOAK_VERSION on $(basename "$jdk") installed in $((SECONDS - t0)) s ($(du -sm "$dir" | cut -f1) MiB)"
}
if stamped keycloak "$KEYCLOAK_VERSION" && [ -x "$SHAI_TOOLS/bin/kc.sh" ]; then
  echo "tools: keycloak $KEYCLOAK_VERSION (cached)"
elif keycloak_install; then
  stamp keycloak "$KEYCLOAK_VERSION"
else
  echo "warning: installing keycloak $KEYCLOAK_VERSION failed (log: $SHAI_TOOLS/keycloak.log)"; tail -5 "$SHAI_TOOLS/keycloak.log"
fi
