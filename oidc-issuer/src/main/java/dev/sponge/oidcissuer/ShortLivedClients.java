package dev.sponge.oidcissuer;

import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import okhttp3.Headers;

/**
 * Token lifetimes and refresh refusals chosen by the client id, so one shared issuer
 * serves both the usual one-hour tokens and a client that must see its tokens expire (a
 * browser test proving renewal), without any other client noticing.
 *
 * <p>
 * A client id containing {@code -expires-in-Ns} (e.g.
 * {@code sponge-dashboard-expires-in-20s}) gets access and ID tokens that expire
 * {@code N} seconds after they are issued, at sign-in and at every refresh. A client id
 * ending in {@value #NO_REFRESH_SUFFIX} has its refresh token grants refused
 * ({@code invalid_grant}), as an identity provider does once a session has ended.
 * mock-oauth2-server's expiry is one number per issuer id, so the lifetime is set as the
 * {@code exp} claim, which the server writes after its own.
 */
final class ShortLivedClients {

	/** Ending of client ids whose refresh token grants are refused. */
	static final String NO_REFRESH_SUFFIX = "-no-refresh";

	private static final Pattern LIFETIME = Pattern.compile("-expires-in-(\\d{1,6})s(?=-|$)");

	private ShortLivedClients() {
	}

	/**
	 * @param clientId a client id, or null
	 * @return the token lifetime in seconds the client id asks for, if any
	 */
	static OptionalLong lifetimeSeconds(String clientId) {
		Matcher matcher = (clientId != null) ? LIFETIME.matcher(clientId) : null;
		return (matcher != null && matcher.find()) ? OptionalLong.of(Long.parseLong(matcher.group(1)))
				: OptionalLong.empty();
	}

	/**
	 * @param clientId a client id, or null
	 * @return whether the client's refresh token grants are refused
	 */
	static boolean refreshRefused(String clientId) {
		return clientId != null && clientId.endsWith(NO_REFRESH_SUFFIX);
	}

	/**
	 * @param callback an issuer id's token callback
	 * @return the callback, with the lifetime of short-lived clients
	 */
	static OAuth2TokenCallback withClientLifetimes(OAuth2TokenCallback callback) {
		return new OAuth2TokenCallback() {

			@Override
			public String issuerId() {
				return callback.issuerId();
			}

			@Override
			public String subject(TokenRequest request) {
				return callback.subject(request);
			}

			@Override
			public String typeHeader(TokenRequest request) {
				return callback.typeHeader(request);
			}

			@Override
			public List<String> audience(TokenRequest request) {
				return callback.audience(request);
			}

			@Override
			public Map<String, Object> addClaims(TokenRequest request) {
				Map<String, Object> claims = new LinkedHashMap<>(callback.addClaims(request));
				lifetimeSeconds(clientId(request))
					.ifPresent((seconds) -> claims.put("exp", Date.from(Instant.now().plusSeconds(seconds))));
				return claims;
			}

			@Override
			public long tokenExpiry() {
				return callback.tokenExpiry();
			}

		};
	}

	/**
	 * @return a route answering the refresh token grants of {@link #refreshRefused}
	 * clients with {@code invalid_grant}; it matches no other request
	 */
	static Route refreshRefusal() {
		return new Route() {

			@Override
			public boolean match(OAuth2HttpRequest request) {
				List<String> segments = request.getUrl().pathSegments();
				return "POST".equals(request.getMethod()) && "token".equals(segments.get(segments.size() - 1))
						&& "refresh_token".equals(request.getFormParameters().get("grant_type"))
						&& refreshRefused(request.getFormParameters().get("client_id"));
			}

			@Override
			public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
				Headers.Builder headers = new Headers.Builder().add("Content-Type", "application/json");
				// Browser clients call the token endpoint from their own origin, and
				// must be able to read the refusal.
				String origin = request.getHeaders().get("Origin");
				if (origin != null) {
					headers.add("Access-Control-Allow-Origin", origin).add("Access-Control-Allow-Credentials", "true");
				}
				return new OAuth2HttpResponse(headers.build(), 400,
						"{\"error\":\"invalid_grant\",\"error_description\":\"refresh tokens of this client are refused\"}",
						null);
			}

		};
	}

	private static String clientId(TokenRequest request) {
		ClientID id = (request.getClientID() != null) ? request.getClientID()
				: (request.getClientAuthentication() != null) ? request.getClientAuthentication().getClientID() : null;
		return (id != null) ? id.getValue() : null;
	}

}
