#!/bin/bash
# Checks the image's jlink module list (jlink-runtime.sh) against the plugin jar, without Docker.
#   deployments/container/check-runtime-modules.sh [path/to/nvidia-device-plugin.jar]
# 1. jdeps lists the JDK modules the jar's classes refer to. It over-reports: optional paths
#    (JNA's AWT helpers, Jackson's java.sql and XML handlers, Netty's JFR events, Vert.x's verticle
#    compiler) show up too, and a module listed here is not necessarily needed.
# 2. jlink builds the runtime from that list and starts the jar's --help on it, which
#    must not fail with NoClassDefFoundError.
set -euo pipefail

jar="$(realpath "${1:-bootstrap/target/nvidia-device-plugin.jar}")"
java_home="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}"
here="$(cd "$(dirname "$0")" && pwd)"
modules="$(sed -n 's/^JLINK_MODULES="${JLINK_MODULES:-\(.*\)}"$/\1/p' "${here}/jlink-runtime.sh")"
[ -n "${modules}" ] || { echo "no JLINK_MODULES default in ${here}/jlink-runtime.sh" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# The shaded jar keeps versioned module-info.class files of some dependencies; jdeps would then
# analyse it as that module, so they are removed from a copy first.
mkdir "${work}/classes"
(cd "${work}/classes" && "${java_home}/bin/jar" xf "${jar}")
# config-manager's jar (the Kubernetes client) runs on the same runtime.
cm_jar="$(dirname "${jar}")/nvidia-device-plugin-config-manager.jar"
if [ -f "${cm_jar}" ]; then
  (cd "${work}/classes" && "${java_home}/bin/jar" xf "${cm_jar}")
fi
find "${work}/classes" -name module-info.class -delete
echo "jdeps (static references, over-reported):"
"${java_home}/bin/jdeps" --ignore-missing-deps --multi-release 21 --print-module-deps -q "${work}/classes"

echo "jlink-runtime.sh's JLINK_MODULES: ${modules}"
"${java_home}/bin/jlink" --add-modules "${modules}" --strip-debug --no-man-pages --no-header-files \
  --output "${work}/jre"
"${work}/jre/bin/java" -XX:+UseSerialGC -jar "${jar}" --help >/dev/null
if [ -f "${cm_jar}" ]; then
  "${work}/jre/bin/java" -XX:+UseSerialGC -jar "${cm_jar}" config-manager --help >/dev/null
fi
echo "the jars start on the trimmed runtime"
