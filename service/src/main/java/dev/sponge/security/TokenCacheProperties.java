package dev.sponge.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How long a verified bearer token is remembered ({@link VerifiedTokenCache}).
 *
 * @param ttl the longest a token is accepted without being checked again; never longer
 * than its own expiry or the key set's max-age allow. 0 checks every request's token
 * @param maxSize the heap the remembered tokens may take, estimated from their length
 * (least recently used go first): a token of an Okta user in many groups runs to 10 KB
 */
@ConfigurationProperties("sponge.security.token-cache")
public record TokenCacheProperties(@DefaultValue("30s") Duration ttl, @DefaultValue("16MB") DataSize maxSize) {

	public TokenCacheProperties {
		if (ttl.isNegative()) {
			throw new IllegalArgumentException("sponge.security.token-cache.ttl must not be negative, was " + ttl);
		}
		if (maxSize.toBytes() < 1) {
			throw new IllegalArgumentException("sponge.security.token-cache.max-size must be positive, was " + maxSize);
		}
	}

}
