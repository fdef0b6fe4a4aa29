package dev.sponge.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both Dockerfiles pass a real Dockerfile linter, which refuses what Docker would not
 * build.
 */
class DockerfileLintTest {

	@Test
	void theServiceDockerfilePassesTheLinter() {
		assertThat(DockerfileLinter.lint(Repository.read("Dockerfile"))).isEmpty();
	}

	@Test
	void theEdgeDockerfilePassesTheLinter() {
		assertThat(DockerfileLinter.lint(Repository.read("Dockerfile.edge"))).isEmpty();
	}

	@Test
	void unknownInstructionsFlagsAndArgumentsAreRefused() {
		assertThat(DockerfileLinter.lint("""
				FROM debian:12.11-slim AS
				COPY --form=build a b
				HEALTHCHECK --interval=5 CMD true
				RUNN echo
				ENTRYPOINT ["lighttpd", "-D"]
				""")).containsExactly("line 1: error: FROM requires either one or three arguments",
				"line 2: error: Unknown flag: form", "line 3: error: time: missing unit in duration 5",
				"line 4: error: Unknown instruction: RUNN");
	}

	@Test
	void aStageWithTwoEntrypointsIsWarnedAbout() {
		assertThat(DockerfileLinter.lint("""
				FROM debian:12.11-slim
				ENTRYPOINT ["a"]
				ENTRYPOINT ["b"]
				""")).isNotEmpty().allSatisfy((problem) -> assertThat(problem).contains("only be one ENTRYPOINT"));
	}

}
