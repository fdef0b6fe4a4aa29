package dev.sponge.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a verified bearer token is remembered ({@link VerifiedTokenCache}).
 *
 * @param ttl the longest a token is accepted without being checked again; never longer
 * than its own expiry or the key set's max-age allow. 0 checks every request's token
 * @param maxEntries the most tokens remembered at once (least recently used go first)
 */
@ConfigurationProperties("sponge.security.token-cache")
public record TokenCacheProperties(@DefaultValue("30s") Duration ttl, @DefaultValue("10000") long maxEntries) {

	public TokenCacheProperties {
		if (ttl.isNegative()) {
			throw new IllegalArgumentException("sponge.security.token-cache.ttl must not be negative, was " + ttl);
		}
		if (maxEntries < 1) {
			throw new IllegalArgumentException(
					"sponge.security.token-cache.max-entries must be at least 1, was " + maxEntries);
		}
	}

}
