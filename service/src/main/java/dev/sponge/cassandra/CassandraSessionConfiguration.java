package dev.sponge.cassandra;

import java.time.Clock;
import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces Boot's session bean so that the keyspace exists and the schema is current
 * before anything can use the session: readiness and every repository therefore see a
 * migrated keyspace. Boot's {@link CqlSessionBuilder} (from {@code spring.cassandra.*})
 * is reused.
 */
@Configuration(proxyBeanMethods = false)
class CassandraSessionConfiguration {

	/**
	 * Reads through Spring Data repositories use the configured read consistency by
	 * default.
	 */
	@Bean
	DriverConfigLoaderBuilderCustomizer spongeConsistency(SpongeCassandraProperties properties) {
		return (builder) -> builder.withString(DefaultDriverOption.REQUEST_CONSISTENCY,
				properties.readConsistency().name());
	}

	@Bean(destroyMethod = "close")
	CqlSession cassandraSession(ObjectProvider<CqlSessionBuilder> builders, SpongeCassandraProperties properties,
			Clock clock) {
		try (CqlSession bootstrap = builders.getObject().build()) {
			new KeyspaceCreator(properties).createIfAbsent(bootstrap);
		}
		CqlSession session = builders.getObject().withKeyspace(properties.keyspace()).build();
		try {
			TagsCodecConfiguration.warmUp(session);
			new SchemaMigrator(session, properties, clock).migrate();
		}
		catch (RuntimeException ex) {
			session.close();
			throw ex;
		}
		return session;
	}

}
