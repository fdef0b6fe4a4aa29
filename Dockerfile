# syntax=docker/dockerfile:1
# The Sponge service image. Built with the Maven wrapper on a JDK 17, run on a JRE 17 as a
# non-root user from Spring Boot's layered jar: dependencies change less often than the
# application, so their layers are reused between releases. From the repository root:
#   docker build -t sponge-api:0.1.0 .
# Checked by deploy-tests/src/test/java/dev/sponge/deploy/DockerfileRulesTest (no Docker needed).

FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY forked-jvm/ forked-jvm/
COPY cassandra-node/ cassandra-node/
COPY oidc-issuer/ oidc-issuer/
COPY local-mode/ local-mode/
COPY bench/ bench/
COPY service/ service/
# The deployment checks and the dashboard (the edge's) are not built here; Maven reads their
# poms to know the reactor.
COPY deploy-tests/pom.xml deploy-tests/
COPY dashboard/pom.xml dashboard/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl service -am package -DskipTests
RUN java -Djarmode=tools -jar service/target/sponge-service-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17.0.15_6-jre-noble
RUN groupadd --system --gid 10001 sponge \
    && useradd --system --uid 10001 --gid sponge --home-dir /app --shell /usr/sbin/nologin sponge
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
# 8080: the API; 8081: Actuator (management.server.port, set by the Kubernetes ConfigMap).
EXPOSE 8080 8081
# Exec form: the JVM is PID 1 and gets SIGTERM itself; no shell is started. No sizing here: the
# garbage collector, heap, direct memory and processor count come from JAVA_TOOL_OPTIONS, which
# the JVM reads itself, set in one place per deployment (k8s/: the API Deployment and its
# overlays; docs/deploy.md). Without it the JVM's defaults apply (a quarter of the memory limit
# as heap), e.g.: docker run -e JAVA_TOOL_OPTIONS="-XX:+UseG1GC -Xmx512m" sponge-api:0.1.0
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
