# syntax=docker/dockerfile:1
# The resource image: /opt/resource/{check,in,out} plus pipeline-gen and reaper.
# It cannot be built on the project's development machines (no Docker engine, no native-image);
# it is built where both exist. BUILD_MODE=native (default) compiles Mandrel executables;
# BUILD_MODE=jvm ships resource-docker-tag/target/opt/resource as the build lays it out (launchers,
# the aot-jar application and the JDK 25 AOT cache, trained at build time by a real check).
ARG BUILD_MODE=native

FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS build-native
USER root
WORKDIR /src
COPY --chown=quarkus:quarkus . .
USER quarkus
RUN ./mvnw -B -ntp package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.package.jar.enabled=false

# The AOT cache is only valid on the JVM that made it: build and run on the same Temurin 25 release.
FROM eclipse-temurin:25-jdk AS build-jvm
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp package -DskipTests

FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0 AS native
COPY --from=build-native /src/resource-docker-tag/target/*-runner /opt/resource/resource-docker-tag
COPY --from=build-native /src/pipeline-gen/target/*-runner /usr/local/bin/pipeline-gen
COPY --from=build-native /src/reaper/target/*-runner /usr/local/bin/reaper
# One binary, three names: it reads the name it was started as (argv[0]) to know the script.
RUN ln -s resource-docker-tag /opt/resource/check \
 && ln -s resource-docker-tag /opt/resource/in \
 && ln -s resource-docker-tag /opt/resource/out

FROM eclipse-temurin:25-jre AS jvm
COPY --from=build-jvm /src/resource-docker-tag/target/opt/resource /opt/resource
COPY --from=build-jvm /src/pipeline-gen/target/quarkus-app /opt/dockertag/pipeline-gen
COPY --from=build-jvm /src/reaper/target/quarkus-app /opt/dockertag/reaper
RUN printf '#!/bin/sh\nexec java -jar /opt/dockertag/pipeline-gen/quarkus-run.jar "$@"\n' > /usr/local/bin/pipeline-gen \
 && printf '#!/bin/sh\nexec java -jar /opt/dockertag/reaper/quarkus-run.jar "$@"\n' > /usr/local/bin/reaper \
 && chmod +x /usr/local/bin/pipeline-gen /usr/local/bin/reaper

FROM ${BUILD_MODE}
