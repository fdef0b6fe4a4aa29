package dev.sponge.cassandra;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cassandra.autoconfigure.CqlSessionBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rotatable Cassandra credentials from files, when
 * {@code sponge.cassandra.credentials.username-file} is set; they take precedence over
 * {@code spring.cassandra.username}/{@code password}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("sponge.cassandra.credentials.username-file")
class CassandraCredentialsConfiguration {

	@Bean(destroyMethod = "stop")
	FileCredentialsAuthProvider cassandraCredentials(CassandraCredentialsProperties properties) {
		if (properties.passwordFile() == null) {
			throw new IllegalStateException(
					"sponge.cassandra.credentials.password-file must be set with username-file");
		}
		return new FileCredentialsAuthProvider(properties.usernameFile(), properties.passwordFile(),
				properties.refreshInterval());
	}

	@Bean
	CqlSessionBuilderCustomizer cassandraCredentialsCustomizer(FileCredentialsAuthProvider credentials) {
		return (builder) -> builder.withAuthProvider(credentials);
	}

}
