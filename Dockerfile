# The worker image. Base images are build arguments so a build can use a mirror or local copies.
# The build image must be a JDK with its jmods (jlink needs them): the Eclipse Temurin JDK images
# have them. The runtime base needs glibc and bash (the health check): debian:bookworm-slim.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=debian:bookworm-slim
# Only for the full-jre target below.
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
# The POM alone first, so the dependency layer is reused until the POM changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package
# The runtime below holds only the modules listed in src/main/docker/java-modules: fail here when
# the jar needs one that is not listed.
RUN grep -o '^[a-z.]*' src/main/docker/java-modules | sort >/tmp/listed \
 && jdeps --ignore-missing-deps --multi-release 17 --print-module-deps target/ddb-stream-worker.jar \
      | tr , '\n' | sort >/tmp/needed \
 && test -s /tmp/needed \
 && missing=$(comm -23 /tmp/needed /tmp/listed) \
 && if [ -n "$missing" ]; then \
      echo "the jar needs modules missing from src/main/docker/java-modules: $missing" >&2; exit 1; \
    fi

# A Java runtime of those modules alone, with the JDK's class-data-sharing archive, as a whole JRE
# has it. It does not depend on the sources, so it is made again only when the list changes.
# --strip-java-debug-attributes rather than --strip-debug, which also needs objcopy (binutils).
FROM ${BUILD_IMAGE} AS java-runtime
COPY src/main/docker/java-modules /tmp/java-modules
# The archive for heaps over 32 GB (no compressed references) goes: such a JVM runs without one.
RUN jlink --add-modules "$(grep -o '^[a-z.]*' /tmp/java-modules | paste -sd , -)" \
      --strip-java-debug-attributes --no-man-pages --no-header-files --compress=2 \
      --generate-cds-archive --output /opt/java \
 && rm /opt/java/lib/server/classes_nocoops.jsa

# The same worker on a whole JRE, without jlink (`--target full-jre`).
# CI builds it to measure what the default image saves; it is also the way out should the runtime
# above ever lack a module.
FROM ${JRE_IMAGE} AS full-jre
RUN groupadd --gid 10001 worker \
 && useradd --uid 10001 --gid worker --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin worker
COPY --from=build /build/target/ddb-stream-worker.jar /opt/ddb-stream-worker/ddb-stream-worker.jar
COPY --chmod=755 src/main/docker/healthcheck /opt/ddb-stream-worker/healthcheck
ENV HTTP_PORT=9090
EXPOSE 9090
USER 10001:10001
WORKDIR /tmp
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/opt/ddb-stream-worker/healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
  "-jar", "/opt/ddb-stream-worker/ddb-stream-worker.jar"]
CMD ["run"]

# The default image.
FROM ${RUNTIME_IMAGE}
RUN groupadd --gid 10001 worker \
 && useradd --uid 10001 --gid worker --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin worker
COPY --from=java-runtime /opt/java /opt/java
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH
COPY --from=build /build/target/ddb-stream-worker.jar /opt/ddb-stream-worker/ddb-stream-worker.jar
COPY --chmod=755 src/main/docker/healthcheck /opt/ddb-stream-worker/healthcheck
ENV HTTP_PORT=9090
EXPOSE 9090
USER 10001:10001
WORKDIR /tmp
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/opt/ddb-stream-worker/healthcheck"]
# Exec form, so SIGTERM reaches the JVM; the heap follows the container's memory limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
  "-jar", "/opt/ddb-stream-worker/ddb-stream-worker.jar"]
CMD ["run"]
