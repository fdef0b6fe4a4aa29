package dev.sponge.deploy;

import java.util.List;
import java.util.Set;

import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;

import dev.sponge.deploy.Dockerfile.Instruction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles, checked statically (there is no Docker engine here, and hadolint is
 * not installable: see {@link DockerfileRules}); the broken variants show each rule
 * failing.
 */
class DockerfileRulesTest {

	private static final Dockerfile SERVICE = Dockerfile.parse(Repository.read("Dockerfile"));

	private static final Dockerfile EDGE = Dockerfile.parse(Repository.read("Dockerfile.edge"));

	@Test
	void bothDockerfilesFollowTheGeneralRules() {
		assertThat(SERVICE.instructions()).hasSizeGreaterThan(10);
		assertThat(DockerfileRules.general(SERVICE)).isEmpty();
		assertThat(DockerfileRules.general(EDGE)).isEmpty();
	}

	@Test
	void theServiceImageIsBuiltWithTheWrapperAndRunsTheLayeredJarOnAJre17() {
		assertThat(DockerfileRules.service(SERVICE)).isEmpty();
	}

	@Test
	void theEdgeImageIsDebianLighttpdWithTheRepositorysConfigStoppedBySigint() {
		assertThat(DockerfileRules.edge(EDGE)).isEmpty();
		assertThat(DockerfileRules.configFile(EDGE)).isEqualTo("/etc/sponge-edge/lighttpd.conf");
	}

	@Test
	void theImagesRunAsTheUserAndOnThePortsTheirPodsDeclare() {
		Rendered prod = Rendered.of("k8s/overlays/prod");
		assertRunsAs(prod.deployment("sponge-api"), SERVICE);
		assertRunsAs(prod.deployment("sponge-edge"), EDGE);
		ApiConfiguration.Actuator actuator = ApiConfiguration.of(prod).actuator();
		assertThat(DockerfileRules.exposed(SERVICE)).containsExactlyInAnyOrder(actuator.serverPort(),
				actuator.managementPort());
	}

	@Test
	void theBuildContextHoldsWhatTheDockerfilesCopyAndNoBuildOutput() {
		DockerIgnore ignore = new DockerIgnore(Repository.read(".dockerignore"));
		for (Dockerfile dockerfile : List.of(SERVICE, EDGE)) {
			for (Instruction copy : Dockerfile.all(dockerfile.instructions(), "COPY")) {
				if (!copy.arguments().startsWith("--from=")) {
					List<String> words = List.of(copy.arguments().split(" "));
					assertThat(words.subList(0, words.size() - 1)).allSatisfy((source) -> {
						assertThat(ignore.isIgnored(source)).as(copy + " copies an ignored path").isFalse();
						assertThat(Repository.path(source)).exists();
					});
				}
			}
		}
		assertThat(ignore.isIgnored("service/target/sponge-service-0.1.0.jar")).isTrue();
		assertThat(ignore.isIgnored("target")).isTrue();
		assertThat(ignore.isIgnored(".git/HEAD")).isTrue();
		assertThat(ignore.isIgnored("local-data/commitlog")).isTrue();
		assertThat(ignore.isIgnored("service/src/main/java/dev/sponge/SpongeApplication.java")).isFalse();
		// The remote-write message classes are generated from these in the build stage.
		assertThat(ignore.isIgnored("service/src/main/proto/prometheus/remote.proto")).isFalse();
		assertThat(Repository.path("service/src/main/proto/io/prometheus/write/v2/types.proto")).exists();
	}

	@Test
	void unpinnedShellFormRootAndCarelessAptDockerfilesAreRefused() {
		Dockerfile broken = Dockerfile.parse("""
				FROM debian:latest
				WORKDIR app
				RUN apt-get install lighttpd
				RUN cd /etc && sudo touch x
				ADD lighttpd/ /etc/lighttpd/
				ENTRYPOINT lighttpd -D -f /etc/lighttpd/lighttpd.conf
				""");
		assertThat(DockerfileRules.general(broken)).extracting((problem) -> problem.split(" ")[0])
			.containsExactly("DL3006/DL3007", "DL3000", "DL3014", "DL3015", "DL3009", "DL3009", "DL3003", "DL3004",
					"DL3020", "DL3025", "DL3002");
	}

	@Test
	void aSingleStageServiceImageWithoutLayersOrHeapSettingIsRefused() {
		Dockerfile broken = Dockerfile.parse("""
				FROM eclipse-temurin:17.0.15_6-jdk-noble
				COPY service/target/app.jar /app.jar
				USER 10001
				ENTRYPOINT ["java", "-jar", "/app.jar"]
				""");
		assertThat(DockerfileRules.service(broken)).containsExactly("build and run in separate stages (multi-stage)");
		Dockerfile noLayers = Dockerfile.parse(Repository.read("Dockerfile")
			.replace("--layers --launcher", "")
			.replace("\"-XX:+ExitOnOutOfMemoryError\", ", "")
			.replace("-jre-", "-jdk-"));
		assertThat(DockerfileRules.service(noLayers)).containsExactly(
				"extract the layered jar: java -Djarmode=tools -jar app.jar extract --layers --launcher",
				"run on a JRE 17 image, not eclipse-temurin:17.0.15_6-jdk-noble",
				"ENTRYPOINT [\"java\", \"-XX:+ExitOnOutOfMemoryError\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
	}

	@Test
	void theServiceImageBuildCopiesEveryMavenModule() {
		String rootPom = Repository.read("pom.xml");
		assertThat(rootPom).contains("<module>service</module>", "<module>deploy-tests</module>");
		assertThat(DockerfileRules.reactor(SERVICE, rootPom)).isEmpty();
		Dockerfile missing = Dockerfile.parse(Repository.read("Dockerfile")
			.replace("COPY deploy-tests/pom.xml deploy-tests/", "")
			.replace("COPY bench/ bench/", "COPY bench/src/ bench/src/"));
		assertThat(DockerfileRules.reactor(missing, rootPom)).containsExactly(
				"copy deploy-tests/ (or deploy-tests/pom.xml) into the build stage: Maven reads every module of the root pom",
				"copy bench/ (or bench/pom.xml) into the build stage: Maven reads every module of the root pom");
	}

	@Test
	void aServiceImageThatSizesTheJvmItselfIsRefused() {
		Dockerfile sized = Dockerfile.parse(Repository.read("Dockerfile")
			.replace("\"-XX:+ExitOnOutOfMemoryError\", ",
					"\"-XX:MaxRAMPercentage=75\", \"-XX:+UseSerialGC\", \"-XX:+ExitOnOutOfMemoryError\", "));
		assertThat(DockerfileRules.service(sized)).containsExactly(
				"ENTRYPOINT sets -XX:MaxRAMPercentage=75: JVM sizing belongs in the Deployment's JAVA_TOOL_OPTIONS only, one place per deployment",
				"ENTRYPOINT sets -XX:+UseSerialGC: JVM sizing belongs in the Deployment's JAVA_TOOL_OPTIONS only, one place per deployment");
	}

	@Test
	void anEdgeImageStoppedBySigtermOrWithoutTheTlsModuleIsRefused() {
		Dockerfile broken = Dockerfile.parse(Repository.read("Dockerfile.edge")
			.replace("STOPSIGNAL SIGINT", "STOPSIGNAL SIGTERM")
			.replace(" lighttpd-mod-openssl", ""));
		assertThat(DockerfileRules.edge(broken)).containsExactly("install the Debian package lighttpd-mod-openssl",
				"STOPSIGNAL SIGINT: lighttpd shuts down gracefully on SIGINT, not on SIGTERM");
	}

	@Test
	void continuationsAndCommentsAreReadAsBuildKitReadsThem() {
		Dockerfile dockerfile = Dockerfile.parse("""
				# syntax=docker/dockerfile:1
				FROM debian:12.11-slim AS base
				# a comment
				RUN apt-get update \\
				    && apt-get install -y x
				""");
		assertThat(dockerfile.instructions()).extracting(Instruction::keyword).containsExactly("FROM", "RUN");
		assertThat(dockerfile.instructions().get(1).arguments()).isEqualTo("apt-get update && apt-get install -y x");
		assertThat(dockerfile.instructions().get(1).line()).isEqualTo(4);
	}

	private static void assertRunsAs(V1Deployment deployment, Dockerfile image) {
		var pod = deployment.getSpec().getTemplate().getSpec();
		assertThat(DockerfileRules.user(image)).isPositive().isEqualTo(pod.getSecurityContext().getRunAsUser());
		Set<Integer> exposed = DockerfileRules.exposed(image);
		assertThat(pod.getContainers()).flatMap((c) -> java.util.Objects.requireNonNullElse(c.getPorts(), List.of()))
			.extracting(V1ContainerPort::getContainerPort)
			.allSatisfy((port) -> assertThat(exposed).contains(port));
	}

}
