# The worker image. Base images are build arguments so a build can use a mirror or local copies;
# the defaults are the public Eclipse Temurin images (Java 17 LTS).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
# The POM alone first, so the dependency layer is reused until the POM changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

FROM ${RUNTIME_IMAGE}
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
# Exec form, so SIGTERM reaches the JVM; the heap follows the container's memory limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
  "-jar", "/opt/ddb-stream-worker/ddb-stream-worker.jar"]
CMD ["run"]
