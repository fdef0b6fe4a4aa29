package dev.sponge.oidcissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A browser client's sign-in (the dashboard's): authorization code with PKCE through the
 * issuer's sign-in page, which picks a ready-made profile; the code is exchanged only
 * with the verifier of its challenge, and the tokens carry the profile's tenant and
 * groups.
 */
@SuppressWarnings("unchecked")
class AuthorizationCodeFlowTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final String REDIRECT = "http://localhost:8000/";

	private static final String ORIGIN = "http://localhost:8000";

	private static final String CLIENT = "sponge-dashboard";

	private static OidcIssuer issuer;

	@BeforeAll
	static void startIssuer() {
		issuer = OidcIssuer.start(0);
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void discoveryNamesTheAuthorizationEndpointAndTheCodeFlowWithS256() throws Exception {
		Map<String, Object> discovery = JSONObjectUtils
			.parse(send(HttpRequest.newBuilder(URI.create(issuerUri() + "/.well-known/openid-configuration"))).body());

		assertThat(discovery.get("authorization_endpoint")).isEqualTo(issuerUri() + "/authorize");
		assertThat((List<Object>) discovery.get("response_types_supported")).contains("code");
		assertThat((List<Object>) discovery.get("code_challenge_methods_supported")).contains("S256");
	}

	@Test
	void theSignInPageOffersTheProfilesAndItsFormReturnsACodeToTheRedirectUri() throws Exception {
		String verifier = "verifier-" + "x".repeat(50);
		URI authorize = authorizeUri(challenge(verifier), "state-1");

		HttpResponse<String> page = send(HttpRequest.newBuilder(authorize));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<form method=\"post\">", "name=\"username\"", "name=\"claims\"",
				"demo-writer: tenant demo; groups sponge-writer, sponge-reader", "sponge-dashboard");

		String location = signIn(authorize, "demo-reader");
		assertThat(location).startsWith(REDIRECT + "?").contains("code=").contains("state=state-1");
	}

	@Test
	void theCodeIsExchangedOnlyWithTheVerifierOfItsChallengeAndTheTokenCarriesTheProfile() throws Exception {
		String verifier = "the-right-verifier-" + "y".repeat(40);
		String wrongCode = code(signIn(authorizeUri(challenge(verifier), "s"), "demo-writer"));
		HttpResponse<String> refused = exchange(wrongCode, "another-verifier-" + "z".repeat(40));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("invalid_grant");

		String code = code(signIn(authorizeUri(challenge(verifier), "s"), "demo-writer"));
		HttpResponse<String> answer = exchange(code, verifier);
		assertThat(answer.statusCode()).isEqualTo(200);
		// The dashboard calls the token endpoint from its own origin.
		assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
		Map<String, Object> tokens = JSONObjectUtils.parse(answer.body());
		Map<String, Object> claims = SignedJWT.parse((String) tokens.get("access_token")).getJWTClaimsSet().getClaims();
		assertThat(claims).containsEntry("sub", "alice")
			.containsEntry("tenant", "demo")
			.containsEntry("groups", List.of("sponge-writer", "sponge-reader"))
			.containsEntry("iss", issuerUri());
		assertThat((List<Object>) claims.get("aud")).containsExactly(TokenRequest.DEFAULT_AUDIENCE);
		assertThat(tokens).containsKey("id_token").containsKey("refresh_token");
	}

	@Test
	void aRefreshedAccessTokenStillCarriesTheProfile() throws Exception {
		String verifier = "refresh-verifier-" + "r".repeat(40);
		String code = code(signIn(authorizeUri(challenge(verifier), "s"), "demo-reader"));
		String refreshToken = (String) JSONObjectUtils.parse(exchange(code, verifier).body()).get("refresh_token");

		HttpResponse<String> answer = refresh(CLIENT, refreshToken);

		assertThat(answer.statusCode()).isEqualTo(200);
		Map<String, Object> claims = SignedJWT.parse((String) JSONObjectUtils.parse(answer.body()).get("access_token"))
			.getJWTClaimsSet()
			.getClaims();
		assertThat(claims).containsEntry("sub", "alice")
			.containsEntry("tenant", "demo")
			.containsEntry("groups", List.of("sponge-reader"));
		assertThat((List<Object>) claims.get("aud")).containsExactly(TokenRequest.DEFAULT_AUDIENCE);
	}

	@Test
	void aClientIdAskingForShortLivedTokensGetsThemAtSignInAndAtEveryRefreshOthersKeepAnHour() throws Exception {
		String client = "sponge-dashboard-expires-in-20s";
		String verifier = "short-verifier-" + "s".repeat(40);
		String code = code(signIn(authorizeUri(client, challenge(verifier), "s"), "demo-reader"));
		Map<String, Object> tokens = JSONObjectUtils.parse(exchange(client, code, verifier).body());

		assertThat(lifetime((String) tokens.get("access_token"))).isEqualTo(20);
		assertThat(lifetime((String) tokens.get("id_token"))).isEqualTo(20);
		assertThat(((Number) tokens.get("expires_in")).longValue()).isBetween(1L, 20L);
		Map<String, Object> renewed = JSONObjectUtils
			.parse(refresh(client, (String) tokens.get("refresh_token")).body());
		String access = (String) renewed.get("access_token");
		assertThat(lifetime(access)).isEqualTo(20);
		assertThat(SignedJWT.parse(access).getJWTClaimsSet().getClaims()).containsEntry("sub", "alice")
			.containsEntry("tenant", "demo")
			.containsEntry("groups", List.of("sponge-reader"));

		String usual = code(signIn(authorizeUri(challenge(verifier), "s"), "demo-reader"));
		assertThat(lifetime((String) JSONObjectUtils.parse(exchange(usual, verifier).body()).get("access_token")))
			.isEqualTo(3600);
	}

	@Test
	void aClientIdEndingInNoRefreshSignsInButItsRefreshTokenIsRefused() throws Exception {
		String client = "sponge-dashboard-expires-in-20s-no-refresh";
		String verifier = "refused-verifier-" + "n".repeat(40);
		String code = code(signIn(authorizeUri(client, challenge(verifier), "s"), "demo-reader"));
		Map<String, Object> tokens = JSONObjectUtils.parse(exchange(client, code, verifier).body());
		assertThat(lifetime((String) tokens.get("access_token"))).isEqualTo(20);

		HttpResponse<String> refused = refresh(client, (String) tokens.get("refresh_token"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("error", "invalid_grant");
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
	}

	/** Seconds from a token's {@code iat} to its {@code exp}. */
	private static long lifetime(String token) throws Exception {
		var claims = SignedJWT.parse(token).getJWTClaimsSet();
		return (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
	}

	private static HttpResponse<String> refresh(String clientId, String refreshToken) throws Exception {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("grant_type", "refresh_token");
		params.put("refresh_token", refreshToken);
		params.put("client_id", clientId);
		return send(HttpRequest.newBuilder(URI.create(issuer.tokenUri(OidcIssuer.DEFAULT_ISSUER_ID)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", ORIGIN)
			.POST(HttpRequest.BodyPublishers.ofString(form(params))));
	}

	private static String issuerUri() {
		return issuer.issuerUri(OidcIssuer.DEFAULT_ISSUER_ID);
	}

	private static URI authorizeUri(String challenge, String state) {
		return authorizeUri(CLIENT, challenge, state);
	}

	private static URI authorizeUri(String clientId, String challenge, String state) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("client_id", clientId);
		params.put("redirect_uri", REDIRECT);
		params.put("response_type", "code");
		params.put("scope", "openid");
		params.put("state", state);
		params.put("code_challenge", challenge);
		params.put("code_challenge_method", "S256");
		return URI.create(issuerUri() + "/authorize?" + form(params));
	}

	/** Posts the sign-in form as a browser does; answers the redirect's Location. */
	private static String signIn(URI authorize, String profile) throws Exception {
		String claims = LoginPage.claims(IssuerConfig.PROFILES.get(profile));
		HttpResponse<String> answer = send(HttpRequest.newBuilder(authorize)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", "alice", "claims", claims)))));
		assertThat(answer.statusCode()).isEqualTo(302);
		return answer.headers().firstValue("Location").orElseThrow();
	}

	private static HttpResponse<String> exchange(String code, String verifier) throws Exception {
		return exchange(CLIENT, code, verifier);
	}

	private static HttpResponse<String> exchange(String clientId, String code, String verifier) throws Exception {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("grant_type", "authorization_code");
		params.put("code", code);
		params.put("redirect_uri", REDIRECT);
		params.put("client_id", clientId);
		params.put("code_verifier", verifier);
		return send(HttpRequest.newBuilder(URI.create(issuer.tokenUri(OidcIssuer.DEFAULT_ISSUER_ID)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", ORIGIN)
			.POST(HttpRequest.BodyPublishers.ofString(form(params))));
	}

	private static String code(String location) {
		return URI.create(location)
			.getQuery()
			.lines()
			.findFirst()
			.stream()
			.flatMap((query) -> List.of(query.split("&")).stream())
			.filter((pair) -> pair.startsWith("code="))
			.map((pair) -> java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8))
			.findFirst()
			.orElseThrow();
	}

	private static String challenge(String verifier) throws Exception {
		byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
	}

	private static String form(Map<String, String> params) {
		return params.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
