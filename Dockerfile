# syntax=docker/dockerfile:1
# The resource image: /opt/resource/{check,in,out} plus pipeline-gen and reaper.
# It cannot be built on the project's development machines (no Docker engine, no native-image);
# it is built where both exist. BUILD_MODE=native (default) compiles GraalVM/Mandrel executables;
# BUILD_MODE=jvm packages the Quarkus JVM applications with a JRE instead.
ARG BUILD_MODE=native

FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS build
ARG BUILD_MODE
USER root
WORKDIR /src
COPY --chown=quarkus:quarkus . .
USER quarkus
RUN if [ "$BUILD_MODE" = native ]; then \
      ./mvnw -B -ntp package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.package.jar.enabled=false; \
    else \
      ./mvnw -B -ntp package -DskipTests; \
    fi

FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0 AS native
COPY --from=build /src/resource-docker-tag/target/*-runner /opt/resource/resource-docker-tag
COPY --from=build /src/pipeline-gen/target/*-runner /usr/local/bin/pipeline-gen
COPY --from=build /src/reaper/target/*-runner /usr/local/bin/reaper
RUN ln -s resource-docker-tag /opt/resource/check \
 && ln -s resource-docker-tag /opt/resource/in \
 && ln -s resource-docker-tag /opt/resource/out

FROM eclipse-temurin:21-jre AS jvm
COPY --from=build /src/resource-docker-tag/target/quarkus-app /opt/dockertag/resource-docker-tag
COPY --from=build /src/pipeline-gen/target/quarkus-app /opt/dockertag/pipeline-gen
COPY --from=build /src/reaper/target/quarkus-app /opt/dockertag/reaper
RUN mkdir -p /opt/resource \
 && for s in check in out; do \
      printf '#!/bin/sh\nexec java -jar /opt/dockertag/resource-docker-tag/quarkus-run.jar %s "$@"\n' "$s" > /opt/resource/$s; \
      chmod +x /opt/resource/$s; done \
 && printf '#!/bin/sh\nexec java -jar /opt/dockertag/pipeline-gen/quarkus-run.jar "$@"\n' > /usr/local/bin/pipeline-gen \
 && printf '#!/bin/sh\nexec java -jar /opt/dockertag/reaper/quarkus-run.jar "$@"\n' > /usr/local/bin/reaper \
 && chmod +x /usr/local/bin/pipeline-gen /usr/local/bin/reaper

FROM ${BUILD_MODE}
