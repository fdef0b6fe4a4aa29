package dev.sponge.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.oidcissuer.TokenRequest;

/**
 * Real tokens from the issuer, one writer+reader token per tenant (and an ADMIN token
 * where asked for), renewed well before the issuer's one-hour expiry so that a long soak
 * keeps working.
 */
final class Tokens {

	private static final long RENEW_AFTER_NANOS = 30L * 60 * 1_000_000_000L;

	private final OidcIssuer issuer;

	private final Map<String, Issued> issued = new ConcurrentHashMap<>();

	Tokens(OidcIssuer issuer) {
		this.issuer = issuer;
	}

	/** A supplier of a valid token for {@code tenant}; cheap to call per request. */
	Supplier<String> writerReader(String tenant) {
		return () -> this.issued.compute(tenant, (key, current) -> {
			if (current != null && System.nanoTime() - current.at() < RENEW_AFTER_NANOS) {
				return current;
			}
			return new Issued(
					this.issuer.fetchToken(TokenRequest.of("sponge-bench", tenant, "sponge-writer", "sponge-reader")),
					System.nanoTime());
		}).token();
	}

	/**
	 * A supplier of a valid ADMIN token for {@code tenant} (ADMIN implies writer and
	 * reader), for {@code /api/v1/limits}.
	 */
	Supplier<String> admin(String tenant) {
		return () -> this.issued.compute("admin:" + tenant, (key, current) -> {
			if (current != null && System.nanoTime() - current.at() < RENEW_AFTER_NANOS) {
				return current;
			}
			return new Issued(this.issuer.fetchToken(TokenRequest.of("sponge-bench-admin", tenant, "sponge-admin")),
					System.nanoTime());
		}).token();
	}

	private record Issued(String token, long at) {
	}

}
