package dev.sponge.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Applies the versioned CQL files {@code classpath:db/cql/V<n>__<name>.cql} in order and
 * records each in {@code schema_migrations}. Instances that start together take turns
 * through a lightweight-transaction lease in {@code schema_lock}; a file that was applied
 * is never run again, and a changed file fails start-up rather than drift silently.
 */
final class SchemaMigrator {

	private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

	private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.cql");

	/** The lease outlives a crashed holder by at most this long. */
	private static final int LOCK_TTL_SECONDS = 120;

	private final CqlSession session;

	private final SpongeCassandraProperties properties;

	private final Clock clock;

	private final String owner = UUID.randomUUID().toString();

	SchemaMigrator(CqlSession session, SpongeCassandraProperties properties, Clock clock) {
		this.session = session;
		this.properties = properties;
		this.clock = clock;
	}

	void migrate() {
		execute("CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text, checksum text, "
				+ "applied_at timestamp, applied_by text)");
		execute("CREATE TABLE IF NOT EXISTS schema_lock (name text PRIMARY KEY, owner text)");
		List<Migration> migrations = loadMigrations();
		if (pending(migrations).isEmpty()) {
			return;
		}
		acquireLock();
		try {
			for (Migration migration : pending(migrations)) {
				apply(migration);
			}
		}
		finally {
			execute("DELETE FROM schema_lock WHERE name = 'schema' IF owner = '" + this.owner + "'");
		}
	}

	private List<Migration> pending(List<Migration> migrations) {
		List<Migration> pending = new ArrayList<>();
		for (Migration migration : migrations) {
			Row applied = this.session
				.execute(statement("SELECT checksum FROM schema_migrations WHERE version = " + migration.version()))
				.one();
			if (applied == null) {
				pending.add(migration);
			}
			else if (!applied.getString("checksum").equals(migration.checksum())) {
				throw new IllegalStateException("Schema file " + migration.fileName()
						+ " changed after it was applied; add a new version instead of editing it");
			}
		}
		return pending;
	}

	private void apply(Migration migration) {
		log.info("applying schema version={} name={}", migration.version(), migration.name());
		for (String cql : migration.statements()) {
			try {
				execute(cql);
			}
			catch (InvalidQueryException ex) {
				// Cassandra has no ADD IF NOT EXISTS: a column that exists was added by
				// an
				// earlier attempt at this version that stopped before recording it.
				if (!cql.strip().toUpperCase(Locale.ROOT).startsWith("ALTER TABLE")
						|| !String.valueOf(ex.getMessage()).matches("(?s).*Column with name .* already exists.*")) {
					throw ex;
				}
				log.info("schema version={} column already added by an earlier attempt", migration.version());
			}
		}
		this.session
			.execute(statement("INSERT INTO schema_migrations (version, name, checksum, applied_at, applied_by) "
					+ "VALUES (?, ?, ?, ?, ?)")
				.setPositionalValues(List.of(migration.version(), migration.name(), migration.checksum(),
						this.clock.instant(), this.owner)));
	}

	private void acquireLock() {
		long deadline = System.nanoTime() + this.properties.schemaLockTimeout().toNanos();
		while (true) {
			Row result = this.session
				.execute(statement("INSERT INTO schema_lock (name, owner) VALUES ('schema', '" + this.owner
						+ "') IF NOT EXISTS USING TTL " + LOCK_TTL_SECONDS)
					.setSerialConsistencyLevel(ConsistencyLevel.SERIAL))
				.one();
			if (result != null && result.getBoolean("[applied]")) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Another instance holds the schema lock for longer than "
						+ this.properties.schemaLockTimeout() + "; start-up aborted");
			}
			log.info("waiting for another instance to finish the schema");
			backOff();
		}
	}

	@SuppressWarnings("java:S2925") // start-up back-off between lock attempts, never on a
									// request path
	private static void backOff() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the schema lock", ex);
		}
	}

	private void execute(String cql) {
		this.session.execute(statement(cql));
	}

	private SimpleStatement statement(String cql) {
		return SimpleStatement.newInstance(cql)
			.setConsistencyLevel(this.properties.writeConsistency())
			.setTimeout(this.properties.schemaStatementTimeout());
	}

	static List<Migration> loadMigrations() {
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:db/cql/V*.cql");
			List<Migration> migrations = new ArrayList<>();
			for (Resource resource : resources) {
				Matcher matcher = FILE_NAME.matcher(resource.getFilename());
				if (!matcher.matches()) {
					throw new IllegalStateException(
							"Schema file name must be V<n>__<name>.cql: " + resource.getFilename());
				}
				String text = resource.getContentAsString(StandardCharsets.UTF_8);
				migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2),
						resource.getFilename(), splitStatements(text), sha256(text)));
			}
			migrations.sort(Comparator.comparingInt(Migration::version));
			return migrations;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Statements end with a semicolon; lines starting with {@code --} are comments. */
	static List<String> splitStatements(String text) {
		StringBuilder cleaned = new StringBuilder();
		text.lines()
			.filter((line) -> !line.strip().startsWith("--"))
			.forEach((line) -> cleaned.append(line).append('\n'));
		return Arrays.stream(cleaned.toString().split(";")).map(String::strip).filter((s) -> !s.isEmpty()).toList();
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Migration(int version, String name, String fileName, List<String> statements, String checksum) {
	}

}
