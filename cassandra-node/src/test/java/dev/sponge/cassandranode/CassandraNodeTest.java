package dev.sponge.cassandranode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CassandraNodeTest {

	@Test
	void sharedNodeServesCassandra5() {
		CassandraNode node = CassandraNode.shared();

		try (CqlSession session = session(node).build()) {
			Row row = session.execute("SELECT release_version FROM system.local").one();
			assertThat(row.getString("release_version")).startsWith("5.0");
		}
		assertThat(CassandraNode.shared()).isSameAs(node);
		assertThat(node.localDatacenter()).isEqualTo("datacenter1");
		assertThat(node.contactPoint().getPort()).isEqualTo(node.nativePort()).isNotEqualTo(9042);
	}

	@Test
	void keepsDataAcrossStopStartAndKillStart() {
		try (CassandraNode node = CassandraNode.builder().build()) {
			node.start();
			int port = node.nativePort();
			try (CqlSession session = session(node).build()) {
				session.execute(
						"CREATE KEYSPACE sponge_it WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
				session.execute("CREATE TABLE sponge_it.kv (k text PRIMARY KEY, v text)");
				session.execute("INSERT INTO sponge_it.kv (k, v) VALUES ('before-stop', 'one')");
				assertThat(value(session, "before-stop")).isEqualTo("one");
			}

			node.stop();
			assertThat(node.isRunning()).isFalse();
			node.start();

			assertThat(node.nativePort()).isEqualTo(port);
			try (CqlSession session = session(node).build()) {
				assertThat(value(session, "before-stop")).isEqualTo("one");
				session.execute("INSERT INTO sponge_it.kv (k, v) VALUES ('before-kill', 'two')");
			}

			node.kill();
			assertThat(node.isRunning()).isFalse();
			node.start();

			try (CqlSession session = session(node).build()) {
				// Unflushed writes come back from the commit log, which survives a
				// process crash.
				assertThat(value(session, "before-stop")).isEqualTo("one");
				assertThat(value(session, "before-kill")).isEqualTo("two");
			}
		}
	}

	@Test
	void closeDeletesTheTemporaryDataDirectory() {
		CassandraNode node = CassandraNode.builder().build();
		assertThat(node.dataDir()).exists();

		node.close();

		assertThat(node.dataDir()).doesNotExist();
		assertThatThrownBy(node::start).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void passwordAuthenticationRequiresCredentials() {
		try (CassandraNode node = CassandraNode.builder().authenticator(true).build().start()) {
			try (CqlSession session = session(node)
				.withAuthCredentials(CassandraNode.SUPERUSER, CassandraNode.SUPERUSER_PASSWORD)
				.build()) {
				assertThat(session.execute("SELECT role FROM system_auth.roles").all()).isNotEmpty();
			}
			assertThatThrownBy(() -> session(node).build().close()).isInstanceOf(AllNodesFailedException.class);
		}
	}

	@Test
	void refusesToStartOnATakenPort() {
		CassandraNode running = CassandraNode.shared();

		try (CassandraNode clash = CassandraNode.builder().nativePort(running.nativePort()).build()) {
			assertThatThrownBy(clash::start).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("already in use");
			assertThat(Files.exists(clash.dataDir())).isTrue();
		}
	}

	private static String value(CqlSession session, String key) {
		Row row = session.execute("SELECT v FROM sponge_it.kv WHERE k = ?", key).one();
		return row == null ? null : row.getString("v");
	}

	private static CqlSessionBuilder session(CassandraNode node) {
		// DDL on a 2-core machine can take longer than the driver's 2 s default.
		DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
			.withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
			.withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
			.build();
		return CqlSession.builder()
			.addContactPoint(node.contactPoint())
			.withLocalDatacenter(node.localDatacenter())
			.withConfigLoader(config);
	}

}
