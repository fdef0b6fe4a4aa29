package dev.sponge.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The issuer's signing keys for the JWT decoder, fetched over HTTP without blocking.
 *
 * <p>
 * Spring's own remote key source keeps a fetched key set until a token names an unknown
 * key id, so a key the issuer retired stayed trusted until the next restart. This source
 * fetches again once the set is older than the configured maximum age, and at once when a
 * token names a key id the set does not hold (a freshly rotated key). A failed fetch is
 * not remembered: the next token tries again.
 */
final class RefreshingJwkSource implements Function<SignedJWT, Flux<JWK>> {

	private final Mono<String> jwkSetUri;

	private final WebClient web;

	private final Duration maxAge;

	private final AtomicReference<Mono<JWKSet>> keys = new AtomicReference<>();

	/**
	 * @param jwkSetUri where the keys are, resolved when first needed (discovery)
	 * @param web client for the fetches
	 * @param maxAge how long a fetched set is used
	 */
	RefreshingJwkSource(Mono<String> jwkSetUri, WebClient web, Duration maxAge) {
		this.jwkSetUri = jwkSetUri;
		this.web = web;
		this.maxAge = maxAge;
		this.keys.set(fetch());
	}

	@Override
	public Flux<JWK> apply(SignedJWT jwt) {
		JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
		if (matcher == null) {
			return Flux.empty();
		}
		JWKSelector selector = new JWKSelector(matcher);
		Mono<JWKSet> current = this.keys.get();
		return current.flatMap((set) -> {
			List<JWK> found = selector.select(set);
			return found.isEmpty() ? refresh(current).map(selector::select) : Mono.just(found);
		}).flatMapIterable(Function.identity());
	}

	/** Replaces the set {@code seen} unless a concurrent request already did. */
	private Mono<JWKSet> refresh(Mono<JWKSet> seen) {
		Mono<JWKSet> fresh = fetch();
		return this.keys.compareAndSet(seen, fresh) ? fresh : this.keys.get();
	}

	private Mono<JWKSet> fetch() {
		return this.jwkSetUri.flatMap((uri) -> this.web.get().uri(uri).retrieve().bodyToMono(String.class))
			.map(RefreshingJwkSource::parse)
			// As with Spring's own source: the issuer being unreachable is the service's
			// problem, not a bad token.
			.onErrorMap((ex) -> !(ex instanceof JwtException),
					(ex) -> new JwtException("Cannot fetch the issuer's signing keys: " + ex.getMessage(), ex))
			.cache((set) -> this.maxAge, (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

	private static JWKSet parse(String body) {
		try {
			return JWKSet.parse(body);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The issuer's JWKS is not a JWK set", ex);
		}
	}

}
