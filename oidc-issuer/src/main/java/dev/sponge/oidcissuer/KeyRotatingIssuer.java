package dev.sponge.oidcissuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponseKt;
import no.nav.security.mock.oauth2.http.OAuth2HttpRouterKt;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;

/**
 * Main class of the issuer's JVM: mock-oauth2-server plus signing-key rotation.
 *
 * <p>
 * mock-oauth2-server signs with one key per issuer id and names it after the issuer id,
 * so on its own it can never publish two keys or a new key id. This process adds, in
 * front of the server's own routes:
 * <ul>
 * <li>{@code POST /ID/keys/rotate}: generate a new signing key with a fresh key id
 * ({@code ID-2}, {@code ID-3}, ...); tokens are signed with it from now on, and the
 * previous keys stay published. Answers the new key id.</li>
 * <li>{@code POST /ID/keys/retire?kid=KID}: stop publishing a key that is no longer the
 * current one (409 for the current key).</li>
 * <li>{@code GET /ID/jwks}: the published keys (current first).</li>
 * <li>{@code GET /ID/authorize}: a sign-in page choosing one of the ready-made profiles
 * ({@link LoginPage}), for the authorization code flow with PKCE of browser clients.</li>
 * <li>{@code POST /ID/token} with a refresh token from a client id ending in
 * {@code -no-refresh}: refused, and tokens of client ids with {@code -expires-in-Ns}
 * expire after {@code N} seconds ({@link ShortLivedClients}).</li>
 * <li>{@code GET /ID/jwks-fetches}: how many times {@code GET /ID/jwks} was answered
 * since the process started, as a decimal number (tests count what a client of the issuer
 * made it do).</li>
 * </ul>
 * The server's key store has no API for replacing a key, so the rotation swaps the entry
 * of its private map by reflection; the server signs with whatever that map holds and
 * writes that key's id into the token header.
 */
public final class KeyRotatingIssuer {

	private final Map<String, List<JWK>> published = new HashMap<>();

	private final Map<String, Integer> jwksFetches = new HashMap<>();

	private final AtomicInteger generation = new AtomicInteger(1);

	private final OAuth2TokenProvider tokenProvider;

	private final ConcurrentMap<String, JWK> signingKeys;

	private KeyRotatingIssuer(OAuth2TokenProvider tokenProvider) {
		this.tokenProvider = tokenProvider;
		this.signingKeys = signingKeysOf(tokenProvider);
	}

	/**
	 * Reads the JSON config from {@code JSON_CONFIG_PATH} and serves on
	 * {@code SERVER_HOSTNAME:SERVER_PORT}, like mock-oauth2-server's own main.
	 * @param args unused
	 * @throws Exception if the config cannot be read or the server cannot start
	 */
	public static void main(String[] args) throws Exception {
		OAuth2Config read = OAuth2Config.Companion
			.fromJson(Files.readString(Path.of(System.getenv("JSON_CONFIG_PATH"))));
		Set<OAuth2TokenCallback> callbacks = new LinkedHashSet<>();
		read.getTokenCallbacks().forEach((callback) -> callbacks.add(ShortLivedClients.withClientLifetimes(callback)));
		OAuth2Config config = new OAuth2Config(read.getInteractiveLogin(), read.getLoginPagePath(),
				read.getStaticAssetsPath(), read.getRotateRefreshToken(), read.getTokenProvider(), callbacks,
				read.getHttpServer());
		KeyRotatingIssuer rotation = new KeyRotatingIssuer(config.getTokenProvider());
		MockOAuth2Server server = new MockOAuth2Server(config, rotation.routes());
		server.start(java.net.InetAddress.getByName(System.getenv("SERVER_HOSTNAME")),
				Integer.parseInt(System.getenv("SERVER_PORT")));
	}

	private Route[] routes() {
		return new Route[] { ShortLivedClients.refreshRefusal(), OAuth2HttpRouterKt.post("/keys/rotate", this::rotate),
				OAuth2HttpRouterKt.post("/keys/retire", this::retire), OAuth2HttpRouterKt.get("/jwks", this::jwks),
				OAuth2HttpRouterKt.get("/jwks-fetches", this::jwksFetches),
				OAuth2HttpRouterKt.get("/authorize", LoginPage::render) };
	}

	private synchronized OAuth2HttpResponse rotate(OAuth2HttpRequest request) {
		String issuerId = issuerId(request, 2);
		List<JWK> keys = keys(issuerId);
		RSAKey next = generate(issuerId + "-" + generation.incrementAndGet());
		this.signingKeys.put(issuerId, next);
		keys.add(0, next.toPublicJWK());
		return text(200, next.getKeyID());
	}

	private synchronized OAuth2HttpResponse retire(OAuth2HttpRequest request) {
		String issuerId = issuerId(request, 2);
		String kid = request.getUrl().queryParameter("kid");
		List<JWK> keys = keys(issuerId);
		if (kid == null || kid.equals(this.signingKeys.get(issuerId).getKeyID())) {
			return text(409, "kid must name a published key other than the current one");
		}
		return keys.removeIf((key) -> kid.equals(key.getKeyID())) ? text(200, kid) : text(404, "no such key");
	}

	private synchronized OAuth2HttpResponse jwks(OAuth2HttpRequest request) {
		String issuerId = issuerId(request, 1);
		this.jwksFetches.merge(issuerId, 1, Integer::sum);
		List<JWK> keys = keys(issuerId);
		return OAuth2HttpResponseKt.json(new JWKSet(keys).toJSONObject());
	}

	private synchronized OAuth2HttpResponse jwksFetches(OAuth2HttpRequest request) {
		return text(200, String.valueOf(this.jwksFetches.getOrDefault(issuerId(request, 1), 0)));
	}

	/** Published keys of an issuer id; before any rotation, just the server's own key. */
	private List<JWK> keys(String issuerId) {
		return this.published.computeIfAbsent(issuerId,
				(id) -> new ArrayList<>(this.tokenProvider.publicJwkSet(id).getKeys()));
	}

	private static String issuerId(OAuth2HttpRequest request, int suffixSegments) {
		List<String> segments = request.getUrl().pathSegments();
		return String.join("/", segments.subList(0, segments.size() - suffixSegments));
	}

	private static OAuth2HttpResponse text(int status, String body) {
		return new OAuth2HttpResponse(Headers.of("Content-Type", "text/plain"), status, body, null);
	}

	static RSAKey generate(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException("Cannot generate an RSA key", e);
		}
	}

	@SuppressWarnings("unchecked")
	private static ConcurrentMap<String, JWK> signingKeysOf(OAuth2TokenProvider tokenProvider) {
		try {
			Field keyProviderField = OAuth2TokenProvider.class.getDeclaredField("keyProvider");
			keyProviderField.setAccessible(true);
			Field keysField = KeyProvider.class.getDeclaredField("signingKeys");
			keysField.setAccessible(true);
			return (ConcurrentMap<String, JWK>) keysField.get(keyProviderField.get(tokenProvider));
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("mock-oauth2-server's key store changed; rotation needs updating", e);
		}
	}

}
