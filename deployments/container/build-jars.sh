#!/bin/sh
# Builds the image's two jars, bootstrap/target/nvidia-device-plugin.jar and
# nvidia-device-plugin-config-manager.jar, as a release (-Drelease: --version prints v0.14.1, not
# v0.14.1-SNAPSHOT). Tests are skipped, so no C compiler is needed: the fake libnvidia-ml.so is a test
# artefact. With SOURCE_DATE_EPOCH set, the jars' entries carry that time (reproducible jars).
# Extra arguments go to Maven (-q, -o, ...). Run from the repository root.
set -eu
exec mvn -B -DskipTests -Drelease ${SOURCE_DATE_EPOCH:+-Dproject.build.outputTimestamp=${SOURCE_DATE_EPOCH}} \
  -pl bootstrap -am package "$@"
