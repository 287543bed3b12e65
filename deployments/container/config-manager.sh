#!/bin/bash
# /usr/bin/config-manager: runs the config-manager subcommand (the init container and sidecar of the
# Helm chart use it), named "config-manager" in the process table, from its own jar, which holds the
# Kubernetes client and takes everything else from nvidia-device-plugin.jar beside it.
# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
exec -a config-manager "${JAVA_HOME:-/opt/java}/bin/java" ${JAVA_OPTS} \
  -jar /opt/nvdp/nvidia-device-plugin-config-manager.jar config-manager "$@"
