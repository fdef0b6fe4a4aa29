package dev.sponge.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.Test;

import dev.sponge.cassandranode.CassandraNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema on a real node: a fresh keyspace is created with the configured replication,
 * and instances starting at the same moment apply each version exactly once.
 */
class SchemaMigrationIntegrationTest {

	private static final Instant START = Instant.parse("2025-11-25T08:00:00Z");

	@Test
	void instancesStartingTogetherApplyEachVersionOnce() throws Exception {
		String keyspace = "schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		SpongeCassandraProperties properties = new SpongeCassandraProperties(keyspace,
				new SpongeCassandraProperties.Replication("SimpleStrategy", 1, Map.of()),
				DefaultConsistencyLevel.LOCAL_ONE, DefaultConsistencyLevel.LOCAL_ONE, Duration.ofSeconds(60),
				Duration.ofSeconds(60), Duration.ofSeconds(10), 0, Duration.ofMillis(200));
		try (CqlSession bootstrap = session(null)) {
			new KeyspaceCreator(properties).createIfAbsent(bootstrap);
			assertThat(bootstrap.getMetadata().getKeyspace(keyspace).orElseThrow().getReplication())
				.containsEntry("replication_factor", "1");
		}
		CyclicBarrier start = new CyclicBarrier(3);
		List<CompletableFuture<Void>> instances = List.of(migrateAfter(start, keyspace, properties),
				migrateAfter(start, keyspace, properties), migrateAfter(start, keyspace, properties));
		CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).join();

		try (CqlSession session = session(keyspace)) {
			List<Row> applied = session.execute("SELECT version, applied_at FROM schema_migrations").all();
			List<SchemaMigrator.Migration> shipped = SchemaMigrator.loadMigrations();
			assertThat(applied).extracting((row) -> row.getInt("version"))
				.containsExactlyInAnyOrderElementsOf(shipped.stream().map(SchemaMigrator.Migration::version).toList());
			assertThat(applied).as("applied at the time of the instance's clock")
				.extracting((row) -> row.getInstant("applied_at"))
				.containsOnly(START);
			assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getTables().keySet())
				.extracting(Object::toString)
				.contains("points", "series", "metrics", "latest");
			assertThat(session.execute("SELECT name FROM schema_lock").all()).as("lock released").isEmpty();

			// An instance that stopped after the last version's ALTER TABLE ... ADD,
			// before
			// recording it: the next start applies the version again and records it.
			int last = shipped.get(shipped.size() - 1).version();
			session.execute("DELETE FROM schema_migrations WHERE version = " + last);
			new SchemaMigrator(session, properties, Clock.fixed(START, ZoneOffset.UTC)).migrate();
			assertThat(session.execute("SELECT version FROM schema_migrations WHERE version = " + last).one())
				.as("version %d recorded again", last)
				.isNotNull();
		}
	}

	private static CompletableFuture<Void> migrateAfter(CyclicBarrier start, String keyspace,
			SpongeCassandraProperties properties) {
		return CompletableFuture.runAsync(() -> {
			try (CqlSession session = session(keyspace)) {
				start.await();
				new SchemaMigrator(session, properties, Clock.fixed(START, ZoneOffset.UTC)).migrate();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static CqlSession session(String keyspace) {
		CassandraNode node = CassandraNode.shared();
		return CqlSession.builder()
			.addContactPoint(node.contactPoint())
			.withLocalDatacenter(node.localDatacenter())
			.withKeyspace(keyspace)
			.build();
	}

}
