package dev.sponge.retention;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.cassandra.ColumnTypes;
import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.tenancy.Tenant;

/**
 * The {@code tenant_settings} table behind a per-instance cache. Every write request
 * needs its tenant's settings (the TTL, the limits), so they are read at most once per
 * tenant and {@code sponge.retention.refresh}; changes made here are seen here at once,
 * changes made through other instances within the refresh time.
 */
@Service
public class TenantSettingsStore {

	private final CqlSession session;

	private final PreparedStatement select;

	private final PreparedStatement updateRetention;

	private final PreparedStatement updateDeletionMark;

	private final PreparedStatement updateLimits;

	private final AsyncLoadingCache<String, TenantSettings> cache;

	TenantSettingsStore(CqlSession session, SpongeCassandraProperties cassandra, RetentionProperties properties) {
		this.session = session;
		this.select = session.prepare(SimpleStatement
			.newInstance("SELECT retention_seconds, deletion_mark, limits FROM tenant_settings WHERE tenant = ?")
			.setConsistencyLevel(cassandra.readConsistency())
			.setIdempotent(true));
		this.updateRetention = session
			.prepare(SimpleStatement.newInstance("UPDATE tenant_settings SET retention_seconds = ? WHERE tenant = ?")
				.setConsistencyLevel(cassandra.writeConsistency())
				.setIdempotent(true));
		this.updateDeletionMark = session
			.prepare(SimpleStatement.newInstance("UPDATE tenant_settings SET deletion_mark = ? WHERE tenant = ?")
				.setConsistencyLevel(cassandra.writeConsistency())
				.setIdempotent(true));
		this.updateLimits = session
			.prepare(SimpleStatement.newInstance("UPDATE tenant_settings SET limits = ? WHERE tenant = ?")
				.setConsistencyLevel(cassandra.writeConsistency())
				.setIdempotent(true));
		// Expiry, not refresh-after-write: a refresh would hand out the old value once
		// more after the refresh time, and the promise is "within the refresh time".
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.cacheSize())
			.expireAfterWrite(properties.refresh())
			.buildAsync((tenant, executor) -> load(tenant));
	}

	/** The tenant's settings, from the cache or one partition read. */
	public Mono<TenantSettings> settings(Tenant tenant) {
		// Cancel suppressed: the future is shared by every request of the tenant.
		return Mono.fromFuture(() -> this.cache.get(tenant.id()), true);
	}

	/** Stores the retention ({@code null}: keep forever) for new writes. */
	public Mono<Void> setRetention(Tenant tenant, Duration retention) {
		Integer seconds = (retention != null) ? (int) retention.toSeconds() : null;
		return execute(this.updateRetention.bind(seconds, tenant.id()), tenant);
	}

	/**
	 * Records that series of the tenant were deleted at {@code mark}, so every instance
	 * writes the catalogue rows of the series it writes again.
	 */
	public Mono<Void> markDeletion(Tenant tenant, long mark) {
		return execute(this.updateDeletionMark.bind(mark, tenant.id()), tenant);
	}

	/**
	 * Stores the tenant's limit overrides, replacing the previous ones; an empty map
	 * returns every limit to its default.
	 */
	public Mono<Void> setLimitOverrides(Tenant tenant, Map<String, Long> overrides) {
		return execute(this.updateLimits.bind(overrides.isEmpty() ? null : overrides, tenant.id()), tenant);
	}

	private Mono<Void> execute(BoundStatement statement, Tenant tenant) {
		return Mono.fromCompletionStage(() -> this.session.executeAsync(statement))
			.then(Mono.fromRunnable(() -> this.cache.synchronous().invalidate(tenant.id())));
	}

	private CompletableFuture<TenantSettings> load(String tenant) {
		return this.session.executeAsync(this.select.bind(tenant)).thenApply((rows) -> {
			Row row = rows.one();
			if (row == null) {
				return TenantSettings.DEFAULTS;
			}
			Duration retention = row.isNull(0) ? null : Duration.ofSeconds(row.getInt(0));
			return new TenantSettings(retention, row.isNull(1) ? 0L : row.getLong(1), row.get(2, ColumnTypes.LIMITS));
		}).toCompletableFuture();
	}

}
