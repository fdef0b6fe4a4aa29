package dev.sponge.cassandra;

import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness needs more than a reachable Cassandra: the keyspace must hold every schema
 * version this build ships. Reads {@code schema_migrations} without blocking.
 */
@Component("schema")
class SchemaHealthIndicator extends AbstractReactiveHealthIndicator {

	private final CqlSession session;

	private final int expectedVersion;

	SchemaHealthIndicator(CqlSession session) {
		this.session = session;
		List<SchemaMigrator.Migration> migrations = SchemaMigrator.loadMigrations();
		this.expectedVersion = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return Flux
			.from(this.session.executeReactive(SimpleStatement.newInstance("SELECT version FROM schema_migrations")))
			.map((row) -> row.getInt(0))
			.reduce(0, Math::max)
			.map((applied) -> (applied >= this.expectedVersion ? builder.up() : builder.down())
				.withDetail("version", applied)
				.withDetail("expected", this.expectedVersion)
				.build());
	}

}
