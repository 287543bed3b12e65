#!/usr/bin/env bash
# GPU smoke check: discovery and one health-event registration through the REAL libnvidia-ml.so.1,
# using adapters-nvml's JNA code (io.nvdp.adapters.nvml.SmokeCheck), printed for a human.
#
#   scripts/gpu-smoke.sh --prepare DIR
#       Builds a self-contained folder (< 50 MiB): the jars (domain, adapters-nvml, jna, slf4j),
#       a jlink runtime (java.base, java.logging, jdk.unsupported), the fake NVML library and this
#       script. Copy DIR to the GPU machine and run DIR/gpu-smoke.sh there: it needs no Java or Maven.
#
#   [SMOKE_JAVA=/path/to/java] [SMOKE_CP=dir-or-classpath] scripts/gpu-smoke.sh [SmokeCheck args]
#       Runs the check. Java: $SMOKE_JAVA, else the runtime of a prepared folder, else
#       $JAVA_HOME/bin/java, else java. Classpath: $SMOKE_CP (a folder of jars or a classpath),
#       else the lib/ folder of a prepared folder. SmokeCheck args:
#       [--nvml-library FILE] [--driver-root DIR] [--sys-root DIR] [--proc-root DIR] [--watch-seconds N]
#
#   Against the fake library (no GPU):
#       FAKE_NVML_NODE=node.txt scripts/gpu-smoke.sh --nvml-library .../libnvidia-ml.so.1
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

prepare() {
    local out="$1"
    local repo="$here/.."
    local jdk="${JLINK_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
    local m2="${M2_REPO:-$HOME/.m2/repository}"
    local version jna slf4j
    version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -1)"
    jna="$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$repo/pom.xml")"
    slf4j="$(sed -n 's:.*<slf4j.version>\(.*\)</slf4j.version>.*:\1:p' "$repo/pom.xml")"
    if [[ ! -f "$repo/adapters-nvml/target/adapters-nvml-$version.jar" || ! -f "$repo/domain/target/domain-$version.jar" ]]; then
        (cd "$repo" && JAVA_HOME="$jdk" mvn -B -o -q -pl adapters-nvml -am package -DskipTests)
    fi
    rm -rf "$out"
    mkdir -p "$out/lib" "$out/fake-nvml"
    cp "$repo/domain/target/domain-$version.jar" "$repo/adapters-nvml/target/adapters-nvml-$version.jar" "$out/lib/"
    cp "$m2/net/java/dev/jna/jna/$jna/jna-$jna.jar" "$out/lib/"
    cp "$m2/org/slf4j/slf4j-api/$slf4j/slf4j-api-$slf4j.jar" "$m2/org/slf4j/slf4j-simple/$slf4j/slf4j-simple-$slf4j.jar" "$out/lib/"
    cp "$repo/adapters-nvml/target/fake-nvml/libnvidia-ml.so.1" "$out/fake-nvml/"
    cp "$here/gpu-smoke.sh" "$out/gpu-smoke.sh"
    chmod +x "$out/gpu-smoke.sh"
    "$jdk/bin/jlink" --add-modules java.base,java.logging,jdk.unsupported \
        --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$out/runtime"
    echo "prepared $out ($(du -sh "$out" | cut -f1)); run: $out/gpu-smoke.sh"
}

if [[ "${1:-}" == "--prepare" ]]; then
    [[ $# -eq 2 ]] || { echo "usage: $0 --prepare DIR" >&2; exit 2; }
    prepare "$2"
    exit 0
fi

java="${SMOKE_JAVA:-}"
if [[ -z "$java" ]]; then
    if [[ -x "$here/runtime/bin/java" ]]; then java="$here/runtime/bin/java"
    elif [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"
    else java=java
    fi
fi
cp="${SMOKE_CP:-$here/lib}"
[[ -d "$cp" ]] && cp="$cp/*"

exec "$java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
    -cp "$cp" io.nvdp.adapters.nvml.SmokeCheck "$@"
