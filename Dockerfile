# Telegate container image: build with Maven, cut a small JRE with jlink, run as a non-root user.
#   docker build -t telegate:dev .
#   docker run -p 4317:4317 -p 4318:4318 -p 8888:8888 -p 13133:13133 telegate:dev

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests -pl dist -am package \
 && mkdir /out && tar -xzf dist/target/telegate-*.tar.gz -C /out --strip-components=1

FROM eclipse-temurin:17-jdk AS jre
# Only the JDK modules the gateway uses (from jdeps over lib/; JMX remote needs java.rmi and
# java.management.rmi, the admin endpoint jdk.httpserver, signal handling jdk.unsupported).
RUN jlink --strip-debug --no-header-files --no-man-pages --compress=2 --output /jre \
      --add-modules java.base,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported,jdk.zipfs

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /opt/telegate telegate
COPY --from=jre /jre /opt/java
COPY --from=build /out /opt/telegate
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH
WORKDIR /opt/telegate
USER 10001
# OTLP gRPC, OTLP HTTP, self-metrics and health, health_check extension
EXPOSE 4317 4318 8888 13133
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -sf http://127.0.0.1:8888/health/live || exit 1
ENTRYPOINT ["/opt/telegate/bin/telegate", "run"]
CMD ["--config", "/opt/telegate/config/gateway.yaml"]
