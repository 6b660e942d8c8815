# syntax=docker/dockerfile:1
# The resource image: /opt/resource/{check,in,out} (the Concourse resource type) plus pipeline-gen
# and reaper on the PATH, so the tracker pipeline and the scheduled reaper job use the same image.
#
#   docker build -t resource-docker-tag .                          # native executables (default)
#   docker build -t resource-docker-tag --build-arg BUILD_MODE=jvm .   # JVM mode, Temurin 25
#
# On the project's machines (no Docker engine) bin/image builds the JVM variant with podman, from
# local stand-ins for the eclipse-temurin images; the native variant needs the Mandrel builder image,
# which cannot be fetched there. What native compilation needs is declared in the code and checked by
# the JVM tests: see "Native image" in the README.
ARG BUILD_MODE=native
ARG MANDREL_BUILDER=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25
ARG NATIVE_BASE=quay.io/quarkus/ubi9-quarkus-micro-image:2.0

# ---- native: Mandrel compiles the three Quarkus applications to executables --------------------
FROM ${MANDREL_BUILDER} AS build-native
USER root
WORKDIR /src
COPY --chown=quarkus:quarkus . .
USER quarkus
RUN ./mvnw -B -ntp package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.package.jar.enabled=false
# One binary, three names: it reads the name it was started as (argv[0]) to know the script. The
# tree is laid out here so the runtime stage runs no command (a micro base need not have a shell).
RUN mkdir -p /tmp/image/opt/resource /tmp/image/usr/local/bin \
 && cp resource-docker-tag/target/*-runner /tmp/image/opt/resource/resource-docker-tag \
 && ln -s resource-docker-tag /tmp/image/opt/resource/check \
 && ln -s resource-docker-tag /tmp/image/opt/resource/in \
 && ln -s resource-docker-tag /tmp/image/opt/resource/out \
 && cp pipeline-gen/target/*-runner /tmp/image/usr/local/bin/pipeline-gen \
 && cp reaper/target/*-runner /tmp/image/usr/local/bin/reaper \
 && chmod 0755 /tmp/image/opt/resource/resource-docker-tag /tmp/image/usr/local/bin/*

# ---- jvm: the same build on Temurin 25; the resource's AOT caches are trained in the runtime stage --
# An AOT cache is only valid on the JVM that made it: the runtime stage trains them with its JRE.
FROM eclipse-temurin:25-jdk AS build-jvm
WORKDIR /src
COPY . .
# No AOT caches here: the runtime stage trains them with its own JRE, and these would be copied into
# the image beside those, 80 MB for nothing.
RUN DOCKERTAG_SKIP_AOT_TRAINING=1 ./mvnw -B -ntp package -DskipTests

# ---- runtime images ------------------------------------------------------------------------------
# Small: glibc, libstdc++ and zlib, which the executables link against, plus the CA bundle (the
# executables trust the builder's CA store, copied in at build time; the bundle is for what they run,
# e.g. reaper's gc.command).
FROM ${NATIVE_BASE} AS native
COPY --from=build-native /etc/pki/ca-trust/extracted/ /etc/pki/ca-trust/extracted/
COPY --from=build-native /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/ssl/certs/ca-certificates.crt
COPY --from=build-native /tmp/image/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

FROM eclipse-temurin:25-jre AS jvm
COPY --from=build-jvm /src/resource-docker-tag/target/opt/resource /opt/resource
COPY --from=build-jvm /src/pipeline-gen/target/quarkus-app /opt/dockertag/pipeline-gen
COPY --from=build-jvm /src/reaper/target/quarkus-app /opt/dockertag/reaper
# The AOT caches are made here, with the runtime that will use them (a cache the build stage's JDK
# made would be refused by the JRE, another lib/modules, with errors on every run).
RUN /opt/resource/jvm/train-aot \
 && printf '#!/bin/sh\nexec java -jar /opt/dockertag/pipeline-gen/quarkus-run.jar "$@"\n' > /usr/local/bin/pipeline-gen \
 && printf '#!/bin/sh\nexec java -jar /opt/dockertag/reaper/quarkus-run.jar "$@"\n' > /usr/local/bin/reaper \
 && chmod +x /usr/local/bin/pipeline-gen /usr/local/bin/reaper

FROM ${BUILD_MODE}
LABEL org.opencontainers.image.title="resource-docker-tag" \
      org.opencontainers.image.description="Concourse resource type for per-branch images, with pipeline-gen and reaper"
