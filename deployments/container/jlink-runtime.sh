#!/bin/sh
# Makes the image's trimmed Java runtime with jlink, from the JDK in JAVA_HOME (25 or newer: the AOT
# cache needs it), into $1 (/opt/java in the image).
# Modules beyond java.base (check after dependency changes with check-runtime-modules.sh):
#   java.logging      gRPC, Guice and Netty log through java.util.logging
#   java.management   JVM metrics, Netty and gRPC probes of the platform MXBeans
#   jdk.management    com.sun.management (process CPU and memory metrics)
#   jdk.unsupported   sun.misc.Unsafe for Netty, protobuf and Guava
#   java.naming       JNDI look-ups in Netty's DNS resolver and the Kubernetes client
#   jdk.naming.dns    the JNDI DNS provider behind them
#   java.net.http     the JDK HTTP client (fabric8's JDK transport)
#   jdk.crypto.ec     elliptic-curve TLS to the Kubernetes API server
#   jdk.httpserver    the /metrics and /healthz endpoint
# --generate-cds-archive adds a class-data-sharing archive of the JDK classes: faster start, and
# those classes are mapped read-only instead of being parsed into each JVM's memory.
set -eu
out="${1:?usage: jlink-runtime.sh <output directory>}"
JLINK_MODULES="${JLINK_MODULES:-java.base,java.logging,java.management,jdk.management,jdk.unsupported,java.naming,jdk.naming.dns,java.net.http,jdk.crypto.ec,jdk.httpserver}"
jdk="${JAVA_HOME:?set JAVA_HOME to a JDK 25 or newer}"
major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${jdk}/release")"
if [ "${major:-0}" -lt 25 ]; then
  echo "jlink-runtime.sh: ${jdk} is JDK ${major:-unknown}; the image's runtime needs JDK 25 or newer (AOT cache)" >&2
  exit 1
fi
rm -rf "${out}"
"${jdk}/bin/jlink" \
  --add-modules "${JLINK_MODULES}" \
  --strip-debug \
  --no-man-pages \
  --no-header-files \
  --generate-cds-archive \
  --output "${out}"
