package dev.sponge.cassandra;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cassandra PasswordAuthenticator credentials read from files (e.g. a mounted Kubernetes
 * Secret), re-read while the service runs so that rotated credentials are used for every
 * new connection without a restart. Unset: Boot's {@code spring.cassandra.username} and
 * {@code password} (fixed at start-up) apply, if any.
 *
 * @param usernameFile file holding the role name (surrounding whitespace ignored)
 * @param passwordFile file holding the password (surrounding whitespace ignored)
 * @param refreshInterval how often the files are read again; a change is used by the next
 * connection the driver opens
 */
@Validated
@ConfigurationProperties("sponge.cassandra.credentials")
public record CassandraCredentialsProperties(Path usernameFile, Path passwordFile,
		@DefaultValue("10s") @NotNull Duration refreshInterval) {

}
