package dev.sponge.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.sponge.SpongeApplication;
import dev.sponge.cassandranode.CassandraNode;
import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against a dedicated node with PasswordAuthenticator: the service logs in with the
 * credentials of two files; after the files are rewritten with a new role and the old
 * role is dropped, the connections the driver opens next (here: after the node restarts)
 * log in with the new role, with no restart of the service.
 */
class CassandraCredentialsRotationIntegrationTest {

	@Test
	void rotatedCredentialFilesAreUsedForNewConnectionsAndTheOldRoleCanBeDropped(@TempDir Path dir) throws IOException {
		Path username = dir.resolve("username");
		Path password = dir.resolve("password");
		try (CassandraNode node = CassandraNode.builder().authenticator(true).heap("512m").build().start()) {
			superuser(node,
					"CREATE ROLE sponge_old WITH PASSWORD = 'old-secret' AND LOGIN = true AND SUPERUSER = true");
			Files.writeString(username, "sponge_old\n");
			Files.writeString(password, "old-secret\n");
			try (ConfigurableApplicationContext context = service(node, username, password)) {
				CqlSession session = context.getBean(CqlSession.class);
				assertThat(serviceRoles(session)).containsExactly("sponge_old");

				superuser(node,
						"CREATE ROLE sponge_new WITH PASSWORD = 'new-secret' AND LOGIN = true AND SUPERUSER = true");
				Files.writeString(username, "sponge_new");
				Files.writeString(password, "new-secret");
				FileCredentialsAuthProvider credentials = context.getBean(FileCredentialsAuthProvider.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> new String(credentials.getCredentials(null, null).getUsername()).equals("sponge_new"));
				superuser(node, "DROP ROLE sponge_old");

				// Every connection is new after a restart of the node.
				node.stop();
				node.start();
				await().atMost(Duration.ofSeconds(120))
					.ignoreExceptions()
					.until(() -> serviceRoles(session).equals(Set.of("sponge_new")));
				assertThat(session.execute("SELECT release_version FROM system.local").one()).isNotNull();
			}
		}
	}

	private static ConfigurableApplicationContext service(CassandraNode node, Path username, Path password) {
		return new SpringApplicationBuilder(SpongeApplication.class).run("--server.port=0",
				"--spring.cassandra.contact-points=" + node.host() + ":" + node.nativePort(),
				"--spring.cassandra.local-datacenter=" + node.localDatacenter(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri="
						+ OidcIssuer.shared().issuerUri(Tokens.ISSUER_ID),
				"--sponge.cassandra.keyspace=sponge_credentials",
				"--sponge.cassandra.replication.strategy=SimpleStrategy", "--sponge.cassandra.replication.factor=1",
				"--sponge.cassandra.reconnect-max-delay=2s", "--sponge.cassandra.credentials.username-file=" + username,
				"--sponge.cassandra.credentials.password-file=" + password,
				"--sponge.cassandra.credentials.refresh-interval=200ms");
	}

	/** Roles of the open client connections other than the superuser's. */
	private static Set<String> serviceRoles(CqlSession session) {
		return session.execute("SELECT username FROM system_views.clients")
			.all()
			.stream()
			.map((row) -> row.getString("username"))
			.filter((role) -> role != null && !role.equals(CassandraNode.SUPERUSER))
			.collect(Collectors.toSet());
	}

	private static void superuser(CassandraNode node, String cql) {
		try (CqlSession session = CqlSession.builder()
			.addContactPoint(node.contactPoint())
			.withLocalDatacenter(node.localDatacenter())
			.withAuthCredentials(CassandraNode.SUPERUSER, CassandraNode.SUPERUSER_PASSWORD)
			.build()) {
			session.execute(cql);
		}
	}

}
