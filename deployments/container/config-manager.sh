#!/bin/bash
# /usr/bin/config-manager: runs the config-manager subcommand of the same jar (the init container
# and sidecar of the Helm chart use it), named "config-manager" in the process table.
# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
exec -a config-manager "${JAVA_HOME:-/opt/java}/bin/java" ${JAVA_OPTS} \
  -jar /opt/nvdp/nvidia-device-plugin.jar config-manager "$@"
