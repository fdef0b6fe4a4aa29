package dev.sponge.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The issuer's signing keys for the JWT decoder, fetched over HTTP without blocking.
 *
 * <p>
 * Spring's own remote key source keeps a fetched key set until a token names an unknown
 * key id, so a key the issuer retired stays trusted until the next restart; and it
 * fetches for every such token, so any client could make the issuer serve one JWKS
 * request per request it sends (a key id costs nothing to forge: it is read before the
 * signature is checked). This source, with the {@link JwksProperties} knobs:
 * <ul>
 * <li>fetches the set on first use, and again when a request finds it older than max-age.
 * Requests whose key is in the held set are answered from it while that fetch runs, and
 * if the fetch fails the held set stays in use;</li>
 * <li>fetches at once when a token names a key id the set lacks (a freshly rotated key),
 * but at most once per refetch cool-down; within it, such tokens are refused without a
 * fetch. Only these fetches start the cool-down, so the first unknown key id since start
 * is always looked up;</li>
 * <li>remembers a failed fetch for the cool-down and makes no attempt until it ends, so
 * an issuer that is down is not asked once per request;</li>
 * <li>runs one fetch at a time, shared by every request waiting for its result, and gives
 * it up after the fetch time-out.</li>
 * </ul>
 * Whatever clients send, an instance asks the issuer at most once per max-age plus once
 * per cool-down.
 */
final class RefreshingJwkSource implements Function<SignedJWT, Flux<JWK>> {

	private static final Logger log = LoggerFactory.getLogger(RefreshingJwkSource.class);

	private final Mono<JWKSet> download;

	private final Duration maxAge;

	private final Duration cooldown;

	private final Clock clock;

	private final AtomicReference<Keys> keys = new AtomicReference<>(Keys.NONE);

	/**
	 * @param jwkSetUri where the keys are, resolved when first needed (discovery)
	 * @param web client for the fetches
	 * @param properties max-age, refetch cool-down and fetch time-out
	 * @param clock the time
	 */
	RefreshingJwkSource(Mono<String> jwkSetUri, WebClient web, JwksProperties properties, Clock clock) {
		this.download = download(jwkSetUri, web, properties.fetchTimeout());
		this.maxAge = properties.maxAge();
		this.cooldown = properties.refetchCooldown();
		this.clock = clock;
	}

	/**
	 * Until when the keys held now are used without fetching them again (their max-age);
	 * before the first fetch, a time already past.
	 */
	Instant keysTrustedUntil() {
		Keys held = this.keys.get();
		return (held.set() != null) ? held.fetchedAt().plus(this.maxAge) : Instant.MIN;
	}

	@Override
	public Flux<JWK> apply(SignedJWT jwt) {
		JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
		if (matcher == null) {
			return Flux.empty();
		}
		JWKSelector selector = new JWKSelector(matcher);
		return Mono.defer(() -> select(selector)).flatMapIterable(Function.identity());
	}

	private Mono<List<JWK>> select(JWKSelector selector) {
		while (true) {
			Instant now = this.clock.instant();
			Keys held = this.keys.get();
			List<JWK> found = held.select(selector);
			if (!found.isEmpty()) {
				if (held.isOlderThan(this.maxAge, now) && held.mayFetch(now)) {
					// For the requests after this one; none of them waits for it.
					startFetch(held, held.refetchAllowedAt(), now);
				}
				return Mono.just(found);
			}
			if (held.inFlight() != null) {
				return resultOf(held.inFlight(), held, selector);
			}
			boolean due = held.set() == null || held.isOlderThan(this.maxAge, now);
			boolean unknownKeyMayFetch = !now.isBefore(held.refetchAllowedAt());
			if (!held.mayFetch(now) || !(due || unknownKeyMayFetch)) {
				return (held.set() != null) ? Mono.just(List.of()) : Mono.error(unavailable(held));
			}
			Mono<JWKSet> fetch = startFetch(held, due ? held.refetchAllowedAt() : now.plus(this.cooldown), now);
			if (fetch != null) {
				return resultOf(fetch, held, selector);
			}
			// Another request changed the state meanwhile: decide again on the new one.
		}
	}

	/**
	 * Starts a fetch, unless another request changed the state since {@code held} was
	 * read.
	 * @return the fetch, or null if the state had changed
	 */
	private Mono<JWKSet> startFetch(Keys held, Instant refetchAllowedAt, Instant now) {
		Mono<JWKSet> fetch = this.download.doOnNext((set) -> fetched(set, now)).doOnError(this::failed).cache();
		if (!this.keys.compareAndSet(held, held.fetching(fetch, refetchAllowedAt))) {
			return null;
		}
		// The fetch belongs to the source, not to the request that happened to start it:
		// it runs to its end (bounded by the fetch time-out) even when that request is
		// cancelled or does not wait, and every request that needs its result shares it.
		fetch.onErrorComplete().subscribe();
		return fetch;
	}

	/**
	 * What a fetch finds; if it fails while keys are held, the token's key is unknown.
	 */
	private static Mono<List<JWK>> resultOf(Mono<JWKSet> fetch, Keys held, JWKSelector selector) {
		Mono<List<JWK>> found = fetch.map(selector::select);
		return (held.set() != null) ? found.onErrorReturn(List.of()) : found;
	}

	private void fetched(JWKSet set, Instant startedAt) {
		Keys before = this.keys.getAndUpdate((current) -> current.fetched(set, startedAt));
		List<String> keyIds = keyIds(set);
		if (before.set() == null || !keyIds(before.set()).equals(keyIds)) {
			log.info("issuer signing keys fetched keyIds={}", keyIds);
		}
	}

	private void failed(Throwable ex) {
		Instant retryAt = this.clock.instant().plus(this.cooldown);
		Keys before = this.keys.getAndUpdate((current) -> current.failed(retryAt));
		log.warn("fetching the issuer's signing keys failed nextAttemptFrom={} keysHeld={} cause={}", retryAt,
				(before.set() != null) ? keyIds(before.set()) : "none", ex.getMessage());
	}

	private static JwtException unavailable(Keys held) {
		return new JwtException("The issuer's signing keys are unavailable: the last fetch failed, the next attempt is "
				+ "from " + held.retryAllowedAt());
	}

	private static List<String> keyIds(JWKSet set) {
		return set.getKeys().stream().map(JWK::getKeyID).toList();
	}

	private static Mono<JWKSet> download(Mono<String> jwkSetUri, WebClient web, Duration timeout) {
		return jwkSetUri.flatMap((uri) -> web.get().uri(uri).retrieve().bodyToMono(String.class))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("The issuer's JWKS response is empty")))
			.map(RefreshingJwkSource::parse)
			.timeout(timeout, Mono.error(() -> new IllegalStateException("No answer within " + timeout)))
			// As with Spring's own source: the issuer being unreachable is the service's
			// problem, not a bad token.
			.onErrorMap((ex) -> !(ex instanceof JwtException),
					(ex) -> new JwtException("Cannot fetch the issuer's signing keys: " + ex.getMessage(), ex));
	}

	private static JWKSet parse(String body) {
		try {
			return JWKSet.parse(body);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The issuer's JWKS is not a JWK set", ex);
		}
	}

	/**
	 * What the source holds; replaced as a whole, never changed in place.
	 *
	 * @param set the last set fetched, null before the first successful fetch
	 * @param fetchedAt when the fetch of {@code set} started
	 * @param inFlight the fetch under way, null if none
	 * @param refetchAllowedAt from when a token with an unknown key id may start a fetch
	 * @param retryAllowedAt from when any fetch may start, after a failed one
	 */
	private record Keys(JWKSet set, Instant fetchedAt, Mono<JWKSet> inFlight, Instant refetchAllowedAt,
			Instant retryAllowedAt) {

		static final Keys NONE = new Keys(null, Instant.MIN, null, Instant.MIN, Instant.MIN);

		List<JWK> select(JWKSelector selector) {
			return (this.set != null) ? selector.select(this.set) : List.of();
		}

		boolean isOlderThan(Duration maxAge, Instant now) {
			return this.set != null && !now.isBefore(this.fetchedAt.plus(maxAge));
		}

		boolean mayFetch(Instant now) {
			return this.inFlight == null && !now.isBefore(this.retryAllowedAt);
		}

		Keys fetching(Mono<JWKSet> fetch, Instant refetchAllowedAt) {
			return new Keys(this.set, this.fetchedAt, fetch, refetchAllowedAt, this.retryAllowedAt);
		}

		Keys fetched(JWKSet fresh, Instant startedAt) {
			return new Keys(fresh, startedAt, null, this.refetchAllowedAt, this.retryAllowedAt);
		}

		Keys failed(Instant retryAt) {
			return new Keys(this.set, this.fetchedAt, null, this.refetchAllowedAt, retryAt);
		}

	}

}
