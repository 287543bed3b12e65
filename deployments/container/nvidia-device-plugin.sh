#!/bin/bash
# /usr/bin/nvidia-device-plugin: starts the nvdp-java device plugin with the image's JVM settings.
# exec -a keeps the process name "nvidia-device-plugin" (the JVM locates itself through
# /proc/self/exe, not argv[0]), so that config-manager's PROCESS_TO_SIGNAL and ps find it by the
# name upstream's binary has.
# JAVA_OPTS and JAVA_AOT_OPTS (the AOT cache, see the Dockerfile) are split on spaces on purpose.
# shellcheck disable=SC2086
exec -a nvidia-device-plugin "${JAVA_HOME:-/opt/java}/bin/java" ${JAVA_OPTS} ${JAVA_AOT_OPTS:-} \
  -jar /opt/nvdp/nvidia-device-plugin.jar "$@"
