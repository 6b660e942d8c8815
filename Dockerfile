# syntax=docker/dockerfile:1
# The resource image: /opt/resource/{check,in,out} (the Concourse resource type) plus pipeline-gen
# and reaper on the PATH, so the tracker pipeline and the scheduled reaper job use the same image.
#
#   docker build -t resource-docker-tag .                          # native executables (default)
#   docker build -t resource-docker-tag --build-arg BUILD_MODE=jvm .   # JVM mode, Temurin 25
#
# On the project's machines (no Docker engine) bin/image builds the JVM variant with podman, from
# local stand-ins for the public base images (bin/stand-ins); the native variant needs the Mandrel
# builder image, which cannot be fetched there. What native compilation needs is declared in the code and checked by
# the JVM tests: see "Native image" in the README.
ARG BUILD_MODE=native
ARG MANDREL_BUILDER=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25
ARG NATIVE_BASE=quay.io/quarkus/ubi9-quarkus-micro-image:2.0
# The JVM variant's base: glibc, CA certificates, tzdata and /etc/passwd, and no shell; the shell and
# the usual tools (for the launchers, the tracker's tasks and a fly intercept) are busybox's.
ARG JVM_BASE=gcr.io/distroless/base-nossl-debian12
ARG BUSYBOX=busybox:1.37-musl

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

# ---- jvm: the same build on Temurin 25, laid out as the image's layers (image/layout) ------------
# A runtime of the modules the tools use (jlink, image/modules), each third-party jar once, and the
# tools' own code on top. No AOT caches here: a cache is only valid on the runtime that made it, so
# the runtime stage trains its own with the runtime it copies.
FROM eclipse-temurin:25-jdk AS build-jvm
WORKDIR /src
COPY . .
RUN DOCKERTAG_SKIP_AOT_TRAINING=1 ./mvnw -B -ntp package -DskipTests \
 && image/layout /tmp/image

FROM ${BUSYBOX} AS busybox

# ---- runtime images ------------------------------------------------------------------------------
# Small: glibc, libstdc++ and zlib, which the executables link against, plus the CA bundle (the
# executables trust the builder's CA store, copied in at build time; the bundle is for what they run,
# e.g. reaper's gc.command).
FROM ${NATIVE_BASE} AS native
COPY --from=build-native /etc/pki/ca-trust/extracted/ /etc/pki/ca-trust/extracted/
COPY --from=build-native /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/ssl/certs/ca-certificates.crt
COPY --from=build-native /tmp/image/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

# Layers in the order they change: base, busybox, the Java runtime, the libraries, the tools, and
# the AOT cache last (it is trained on the tools, so it changes with them).
FROM ${JVM_BASE} AS jvm
COPY --from=busybox /bin/busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY --from=build-jvm /tmp/image/runtime /opt/java/openjdk
COPY --from=build-jvm /tmp/image/lib /opt/dockertag/lib
COPY --from=build-jvm /tmp/image/tools /
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN /opt/resource/jvm/train-aot

FROM ${BUILD_MODE}
LABEL org.opencontainers.image.title="resource-docker-tag" \
      org.opencontainers.image.description="Concourse resource type for per-branch images, with pipeline-gen and reaper"
